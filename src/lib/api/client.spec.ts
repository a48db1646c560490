// Background work (the sync, the membership check, the other screens' messages, the worker's
// registration) waits for a quiet page: not in the waits of a start or of a tap's answer.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

let presses: (() => void)[] = [];

async function freshClient() {
	vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
	presses = [];
	vi.stubGlobal('addEventListener', (type: string, listener: () => void) => {
		if (type === 'pointerdown' || type === 'keydown') presses.push(listener);
	});
	// an idle main thread: every idle callback comes at once (the next timer tick)
	vi.stubGlobal('requestIdleCallback', (cb: () => void) => setTimeout(cb, 0));
	vi.resetModules();
	return import('$lib/api/client');
}

const press = () => presses.forEach((p) => p());

describe('whenIdle', () => {
	let ran: number[];
	beforeEach(() => {
		ran = [];
	});
	afterEach(() => {
		vi.useRealTimers();
		vi.unstubAllGlobals();
	});

	it('waits half a second after the start, even on an idle page', async () => {
		const { whenIdle } = await freshClient();
		whenIdle(() => ran.push(performance.now()));
		await vi.advanceTimersByTimeAsync(499);
		expect(ran).toEqual([]);
		await vi.advanceTimersByTimeAsync(10);
		expect(ran).toHaveLength(1);
	});

	it('waits again after each press of the user', async () => {
		const { whenIdle } = await freshClient();
		whenIdle(() => ran.push(performance.now()));
		await vi.advanceTimersByTimeAsync(400);
		press(); // a tap at 400 ms: nothing runs before 900 ms
		await vi.advanceTimersByTimeAsync(450);
		expect(ran).toEqual([]);
		await vi.advanceTimersByTimeAsync(100);
		expect(ran).toHaveLength(1);
		expect(ran[0]).toBeGreaterThanOrEqual(900);
	});

	it('runs at the latest five seconds after asking, however much the user taps', async () => {
		const { whenIdle } = await freshClient();
		whenIdle(() => ran.push(performance.now()));
		for (let t = 0; t < 8000 && ran.length === 0; t += 250) {
			press();
			await vi.advanceTimersByTimeAsync(250);
		}
		expect(ran).toHaveLength(1);
		expect(ran[0]).toBeGreaterThanOrEqual(5000);
		expect(ran[0]).toBeLessThan(5300);
	});
});
