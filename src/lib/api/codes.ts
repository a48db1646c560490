// The server's refusal codes as the app keeps them: `terrain.not_draft` in Postgres's hint,
// `not_draft` on the device (outbox, screens, the English sentences of messages/server.en.ts).

/** The code of a server's refusal, without its prefix: 'terrain.not_draft' → 'not_draft'; null for anything else. */
export function codeOf(hint: string | null | undefined): string | null {
	return hint?.startsWith('terrain.') ? hint.slice('terrain.'.length) : null;
}
