// The page's side of the pull: posted to the pull worker (pull.worker.ts) when one can run, so
// that a first sync's writes, and the garbage they leave, never hold the page's thread (issue 17
// §6); where no worker can run, the same engine pulls here.
import type { TerrainDB } from '$lib/db/db';
import type { Progress } from '$lib/sync/engine';
import { fromWire, type Rpc } from '$lib/sync/protocol';
import type { PullReply, PullRequest } from '$lib/sync/pull.worker';
import { JobWorker, WorkerUnavailable } from '$lib/pwa/job-worker';

export interface PullJob {
	db: TerrainDB;
	clientId: string;
	/** The server and the session's access token, for the worker's own client. */
	url: string;
	key: string;
	token: string;
	/** The page's own way to the server, when the pull runs here. */
	rpc: Rpc;
	onProgress?: (p: Progress) => void;
}

const worker = new JobWorker<PullReply>(() => new Worker(new URL('./pull.worker.ts', import.meta.url), { type: 'module', name: 'pull' }));

/** Pulls until the server has nothing more (SyncEngine.pull); returns the number of rows applied. */
export async function pull(job: PullJob): Promise<number> {
	try {
		const message = (id: number): PullRequest => ({ id, db: job.db.name, clientId: job.clientId, url: job.url, key: job.key, token: job.token, progress: !!job.onProgress });
		return await worker.run<number>(message, (reply, done, fail) => {
			if ('progress' in reply) job.onProgress?.(reply.progress);
			else if (reply.ok) done(reply.rows);
			else fail(fromWire(reply.error));
		});
	} catch (e) {
		if (!(e instanceof WorkerUnavailable)) throw e;
	}
	const { SyncEngine } = await import('$lib/sync/engine');
	return new SyncEngine(job.db, job.rpc, job.clientId).pull(job.onProgress);
}

/** Ends a pull in flight (signing out): the worker goes, with its connection to the database. */
export function stopPull() {
	worker.stop();
}
