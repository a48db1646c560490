// The end-to-end suite's own local stack: a fresh database on the test ports, so the suite
// never touches the developer's data. Playwright starts and stops it (webServer).
import { startStack } from '../../supabase/local/stack';
import { E2E_PORTS } from '../../supabase/local/config';

const stack = await startStack({
	ports: E2E_PORTS,
	data: 'e2e',
	fresh: true,
	signInLimits: { perAddress: 100_000, windowSeconds: 300 }
});
console.log(`e2e stack on ${stack.apiUrl}`);
const stop = async () => {
	await stack.stop();
	process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
