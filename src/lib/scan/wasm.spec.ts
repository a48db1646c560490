// The app serves ZXing-C++'s .wasm itself (static/scan/, precached for offline use); the JS that
// loads it comes from the zxing-wasm package. Both must be the same build, or the camera reads
// nothing after an upgrade.
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';

const sha = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');

describe('the served decoder', () => {
	it('is the .wasm of the installed zxing-wasm', async () => {
		expect(await sha('static/scan/zxing_reader.wasm')).toBe(await sha('node_modules/zxing-wasm/dist/reader/zxing_reader.wasm'));
	});
});
