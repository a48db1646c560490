// The local stack's fixed facts: the Supabase CLI's ports, JWT secret and keys, so that
// `supabase start` can replace this stack without the app noticing.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';
export const ANON_KEY =
	'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0';
export const SERVICE_ROLE_KEY =
	'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU';

export const LOCAL_DIR = path.dirname(fileURLToPath(import.meta.url));
export const SUPABASE_DIR = path.resolve(LOCAL_DIR, '..');

export interface StackPorts {
	api: number;
	db: number;
}

/**
 * `npm run dev` uses the CLI's ports; the API tests and the end-to-end tests each start their
 * own fresh stack on their own pair, so either can run beside dev and beside each other.
 */
export const DEV_PORTS: StackPorts = { api: 54321, db: 54322 };
export const E2E_PORTS: StackPorts = { api: 54421, db: 54422 };
export const TEST_PORTS: StackPorts = { api: 54521, db: 54522 };
/** `npm run db:types` builds a throwaway database from the migrations here. */
export const TYPES_PORTS: StackPorts = { api: 54621, db: 54622 };

export function dataDir(name = 'dev'): string {
	return path.join(LOCAL_DIR, name === 'dev' ? '.data' : `.data-${name}`);
}
