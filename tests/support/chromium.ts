// Debian's Chromium as the e2e tests and the benchmarks launch it (no browser download on these
// machines): headless, no GPU, none of the background traffic that would blur a measurement.
import { existsSync } from 'node:fs';

export const CHROMIUM = {
	executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
	args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
};
