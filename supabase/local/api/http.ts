// Small HTTP helpers shared by the auth and rest handlers: bounded bodies, JSON read without
// trusting its shape, and the client's address.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';

export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Arrays and objects nested deeper than this are refused before any work on them: Node's
 * JSON.stringify overflows its stack between 3,000 and 5,000 levels, Postgres's parser near its
 * max_stack_depth. The app nests a few levels; Go's encoding/json (GoTrue) stops at 10,000.
 */
export const MAX_JSON_DEPTH = 512;

export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly body: Record<string, unknown>,
		readonly headers: Record<string, string> = {}
	) {
		super(String(body.message ?? body.msg ?? status));
	}
}

/**
 * Reads the body, refusing more than MAX_BODY_BYTES without buffering it all. A body that ends
 * before its Content-Length (the client went away mid-request) is the client's fault: `cut`.
 */
export function readBody(req: IncomingMessage, tooLarge: () => HttpError, cut: () => HttpError): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const declared = Number(req.headers['content-length'] ?? 0);
		if (declared > MAX_BODY_BYTES) {
			req.resume();
			reject(tooLarge());
			return;
		}
		const chunks: Buffer[] = [];
		let size = 0;
		let settled = false;
		const fail = (e: HttpError) => {
			if (settled) return;
			settled = true;
			reject(e);
		};
		req.on('data', (c: Buffer) => {
			if (settled) return;
			size += c.length;
			if (size > MAX_BODY_BYTES) return fail(tooLarge());
			chunks.push(c);
		});
		req.on('end', () => {
			if (settled) return;
			settled = true;
			resolve(Buffer.concat(chunks));
		});
		req.on('aborted', () => fail(cut()));
		req.on('error', () => fail(cut()));
	});
}

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
	if (res.headersSent) return;
	if (status === 204 || body === undefined) {
		res.writeHead(status, headers);
		res.end();
		return;
	}
	sendJsonText(res, status, JSON.stringify(body), headers);
}

/** A body already written as JSON text, sent as it is: an RPC's result as Postgres wrote it (PostgREST does not parse it again). */
export function sendJsonText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
	if (res.headersSent) return;
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': String(Buffer.byteLength(text)),
		...headers
	});
	res.end(text);
}

export function bearer(req: IncomingMessage): string | null {
	const h = req.headers.authorization;
	if (!h) return null;
	const m = /^Bearer\s+(.+)$/i.exec(h);
	return m ? m[1].trim() : null;
}

/** An address as Postgres's inet and the limits should see it: `::ffff:1.2.3.4` is 1.2.3.4. */
function plainAddress(address: string): string | null {
	const bare = address.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
	return isIP(bare) ? bare : null;
}

/**
 * The client's address: the socket's peer, unless that peer is a configured trusted proxy, in
 * which case the X-Forwarded-For entry the proxy appended (the rightmost one that is not itself a
 * trusted proxy). Whatever the client wrote further left is never believed: a client that could
 * name its own address could rotate it past the sign-in limit.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: ReadonlySet<string>): string {
	const peer = plainAddress(req.socket.remoteAddress ?? '') ?? 'unknown';
	if (!trustedProxies.has(peer)) return peer;
	const header = req.headers['x-forwarded-for'];
	const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
	for (let i = hops.length - 1; i >= 0; i--) {
		const hop = plainAddress(hops[i]);
		if (!hop) return peer; // a trusted proxy appends a real address: this entry is not its
		if (!trustedProxies.has(hop)) return hop;
	}
	return peer;
}

/** Only well-formed IP addresses reach an inet column. */
export function inetOrNull(address: string): string | null {
	return plainAddress(address);
}

/** True when arrays and objects nest deeper than `max`, found in one pass without parsing. */
export function nestedDeeperThan(text: string, max: number): boolean {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c) i++; // backslash: the next character is escaped
			else if (c === 0x22) inString = false;
		} else if (c === 0x22) inString = true;
		else if (c === 0x5b || c === 0x7b) {
			if (++depth > max) return true;
		} else if (c === 0x5d || c === 0x7d) depth--;
	}
	return false;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a JSON body. `utf8: 'strict'` refuses bytes that are not UTF-8 (PostgREST); 'lenient'
 * replaces them with U+FFFD (Go's encoding/json, GoTrue). An empty body is `{}`.
 */
export function parseJsonBody(raw: Buffer, utf8: 'strict' | 'lenient', invalid: (why: string | null) => HttpError): unknown {
	let text: string;
	try {
		text = utf8 === 'strict' ? strictUtf8.decode(raw) : raw.toString('utf8');
	} catch {
		throw invalid('the body is not UTF-8');
	}
	if (text.trim() === '') return {};
	if (nestedDeeperThan(text, MAX_JSON_DEPTH)) throw invalid(`arrays and objects nest deeper than ${MAX_JSON_DEPTH} levels`);
	try {
		return JSON.parse(text);
	} catch {
		throw invalid(null);
	}
}

export function hasNul(value: string): boolean {
	return value.includes('\u0000');
}
