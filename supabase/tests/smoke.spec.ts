// The deployment smoke script (npm run smoke) passes against the local stack, and fails when
// sign-in does.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ANON_KEY } from '../local/config';
import { API_URL } from './helpers';

const run = promisify(execFile);

describe('npm run smoke', () => {
	it('passes every check against the local stack', async () => {
		const { stdout } = await run(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/smoke.ts', API_URL, ANON_KEY]);
		expect(stdout).toMatch(/ok {4}migrations: at \d{14}/);
		expect(stdout).toContain('ok    row-level security: enabled on every public table');
		expect(stdout).toContain('ok    sign-in: vendeur@demo.coop, 1 membership(s)');
		expect(stdout).toContain('smoke: all checks passed');
	});

	it('fails with a wrong password', async () => {
		const failure = await run(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/smoke.ts', API_URL, ANON_KEY, 'vendeur@demo.coop', 'faux']).catch((e) => e);
		expect(failure.code).toBe(1);
		expect(failure.stdout).toContain('FAIL  sign-in');
	});
});
