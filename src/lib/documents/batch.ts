// Several documents through one command, in the order shown on screen.
import type { Answer } from '$lib/api/gateway';

export interface BatchResult {
	id: string;
	ok: boolean;
	/** The number given, or the server's reason. */
	text: string;
}

/**
 * Runs one command per document, one after the other in the order given (the order shown on
 * screen, so numbers follow that order), reporting each result as it comes. A failure does not
 * stop the others.
 */
export async function runInOrder(
	ids: readonly string[],
	one: (id: string) => Promise<Answer<unknown>>,
	onResult: (r: BatchResult) => void = () => {}
): Promise<BatchResult[]> {
	const results: BatchResult[] = [];
	for (const id of ids) {
		const r = await one(id);
		const result: BatchResult = r.ok ? { id, ok: true, text: typeof r.data === 'string' ? r.data : '' } : { id, ok: false, text: r.error.message };
		results.push(result);
		onResult(result);
	}
	return results;
}
