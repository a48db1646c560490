// What a caught failure says, to show it or to send it back from a worker: an Error's message (the
// commands' errors already carry the sentence in the user's language, api/gateway.ts), else the
// thrown value as text.
export function reasonOf(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}
