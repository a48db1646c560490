// A module worker that answers numbered jobs (the PDF worker, the sync's pull worker). It starts
// on the first job; where none can run (Node's tests, a browser refusing module workers, a worker
// whose file cannot load offline) a job rejects with WorkerUnavailable, and the caller does the
// same work in-thread.

export class WorkerUnavailable extends Error {}

interface Job<Reply> {
	onReply(reply: Reply): void;
	reject(e: Error): void;
}

export class JobWorker<Reply extends { id: number }> {
	#worker: Worker | null = null;
	#broken = false;
	#nextId = 1;
	#jobs = new Map<number, Job<Reply>>();

	constructor(private readonly create: () => Worker) {}

	#start(): Worker | null {
		if (this.#worker || this.#broken) return this.#worker;
		if (typeof Worker === 'undefined' || typeof window === 'undefined') return null;
		try {
			this.#worker = this.create();
		} catch {
			this.#broken = true;
			return null;
		}
		this.#worker.onmessage = (e: MessageEvent<Reply>) => this.#jobs.get(e.data.id)?.onReply(e.data);
		// A worker that cannot load fails every job it holds; the next ones run in-thread.
		this.#worker.onerror = (e) => {
			e.preventDefault();
			this.#broken = true;
			this.stop(new WorkerUnavailable());
		};
		return this.#worker;
	}

	/**
	 * Posts `message(id)` and hands every reply to this job to `onReply`, which settles the job with
	 * `done` or `fail` (a job may be answered several times: progress, then its result).
	 */
	run<T>(message: (id: number) => unknown, onReply: (reply: Reply, done: (value: T) => void, fail: (e: Error) => void) => void): Promise<T> {
		const w = this.#start();
		if (!w) return Promise.reject(new WorkerUnavailable());
		const id = this.#nextId++;
		return new Promise<T>((resolve, reject) => {
			const settle = () => this.#jobs.delete(id);
			this.#jobs.set(id, {
				onReply: (reply) =>
					onReply(
						reply,
						(v) => (settle(), resolve(v)),
						(e) => (settle(), reject(e))
					),
				reject: (e) => (settle(), reject(e))
			});
			w.postMessage(message(id));
		});
	}

	/** Ends the worker and what it was doing; its jobs reject with `reason`. A later job starts a new one. */
	stop(reason: Error = new Error('stopped')) {
		this.#worker?.terminate();
		this.#worker = null;
		for (const job of [...this.#jobs.values()]) job.reject(reason);
	}
}
