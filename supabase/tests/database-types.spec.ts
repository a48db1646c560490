// The committed database types (src/lib/api/database.types.ts) are the schema's: generated
// again from this run's database, built from the migrations, they must be the same file.
// When this fails after a migration: `npm run db:types`, then look at what the app must change.
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { generateTypes, TYPES_FILE } from '../local/types';
import { DB_URL } from './helpers';

it('src/lib/api/database.types.ts is generated from the current migrations (npm run db:types)', async () => {
	const fresh = await generateTypes(DB_URL);
	const committed = await readFile(TYPES_FILE, 'utf8');
	expect(committed === fresh, 'stale database types: run `npm run db:types`').toBe(true);
});
