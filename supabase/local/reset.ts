// `npm run db:reset`: throws the local database away and rebuilds it from the migrations and seed.
import { startStack } from './stack';

const stack = await startStack({ fresh: true, log: (l) => console.log(`[db:reset] ${l}`) });
await stack.stop();
console.log('[db:reset] local database rebuilt');
