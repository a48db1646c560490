// A small static host for a built app, as Netlify / Cloudflare Pages serve one: files from a
// directory, every other path answered by index.html (the SPA fallback), and optionally the
// headers of a `_headers` file (static/_headers, copied into the build) applied the same way —
// every rule whose path pattern matches the requested path adds its headers. Used by bench:app and the CSP test.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript',
	'.mjs': 'text/javascript',
	'.css': 'text/css',
	'.json': 'application/json',
	'.webmanifest': 'application/manifest+json',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.wasm': 'application/wasm',
	'.ttf': 'font/ttf',
	'.woff2': 'font/woff2'
};

export interface HeaderRule {
	pattern: RegExp;
	headers: [string, string][];
}

/** Parses Netlify / Cloudflare Pages `_headers`: a path line, then indented `Name: value` lines. */
export function parseHeaders(text: string): HeaderRule[] {
	const rules: HeaderRule[] = [];
	for (const line of text.split('\n')) {
		if (!line.trim() || line.trim().startsWith('#')) continue;
		if (/^\s/.test(line)) {
			const i = line.indexOf(':');
			if (i > 0 && rules.length) rules[rules.length - 1].headers.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
		} else {
			const glob = line.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
			rules.push({ pattern: new RegExp(`^${glob}$`), headers: [] });
		}
	}
	return rules;
}

export interface StaticServer {
	url: string;
	close(): Promise<void>;
}

export async function serveStatic(dir: string, opts: { port?: number; headers?: HeaderRule[] } = {}): Promise<StaticServer> {
	const rules = opts.headers ?? [];
	const server = createServer(async (req, res) => {
		const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		let file = path.join(dir, path.normalize(pathname).replace(/^(\.\.[/\\])+/, ''));
		const isFile = await stat(file).then((s) => s.isFile(), () => false);
		if (!isFile) file = path.join(dir, 'index.html'); // SPA fallback
		try {
			const body = await readFile(file);
			const headers: Record<string, string> = { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' };
			for (const rule of rules) {
				if (rule.pattern.test(pathname)) for (const [k, v] of rule.headers) headers[k.toLowerCase()] = v;
			}
			res.writeHead(200, headers);
			res.end(req.method === 'HEAD' ? undefined : body);
		} catch {
			res.writeHead(404);
			res.end();
		}
	});
	return new Promise((resolve) =>
		server.listen(opts.port ?? 0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
		})
	);
}
