// Small HTTP helpers shared by the auth and rest handlers.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const MAX_BODY_BYTES = 1024 * 1024;

export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly body: Record<string, unknown>,
		readonly headers: Record<string, string> = {}
	) {
		super(String(body.message ?? body.msg ?? status));
	}
}

/** Reads the body, refusing more than MAX_BODY_BYTES without buffering it all. */
export function readBody(req: IncomingMessage, tooLarge: () => HttpError): Promise<string> {
	return new Promise((resolve, reject) => {
		const declared = Number(req.headers['content-length'] ?? 0);
		if (declared > MAX_BODY_BYTES) {
			req.resume();
			reject(tooLarge());
			return;
		}
		const chunks: Buffer[] = [];
		let size = 0;
		let failed = false;
		req.on('data', (c: Buffer) => {
			if (failed) return;
			size += c.length;
			if (size > MAX_BODY_BYTES) {
				failed = true;
				reject(tooLarge());
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => failed || resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', (e) => failed || reject(e));
	});
}

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
	if (res.headersSent) return;
	if (status === 204 || body === undefined) {
		res.writeHead(status, headers);
		res.end();
		return;
	}
	const text = JSON.stringify(body);
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

export function clientAddress(req: IncomingMessage): string {
	const fwd = req.headers['x-forwarded-for'];
	const first = Array.isArray(fwd) ? fwd[0] : fwd?.split(',')[0];
	return (first ?? req.socket.remoteAddress ?? 'unknown').trim();
}

export function parseJsonBody(text: string, invalid: () => HttpError): unknown {
	if (text.trim() === '') return {};
	try {
		return JSON.parse(text);
	} catch {
		throw invalid();
	}
}
