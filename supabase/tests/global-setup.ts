// Starts a fresh local stack (its own ports and data folder, so it can run beside `npm run dev`)
// for the API test files, and stops it afterwards.
import { startStack, type Stack } from '../local/stack';
import { TEST_PORTS } from '../local/config';

let stack: Stack | undefined;

export async function setup() {
	stack = await startStack({
		ports: TEST_PORTS,
		data: 'test',
		fresh: true,
		// The suite signs in hundreds of times from one address; the limit itself is tested on its own stack.
		signInLimits: { perAddress: 100_000, windowSeconds: 300 }
	});
}

export async function teardown() {
	await stack?.stop();
}
