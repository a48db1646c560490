// Every message a group's screens show is in an area the group awaits (areas.ts) or in the core:
// otherwise its first screen would show the key until the other areas arrive; the same for a
// screen that awaits less than its group (SCREEN_AREAS), with the layouts around it. The screens
// are found by following the imports from the routes, as the bundler does.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fr } from '$lib/i18n/fr';
import { AREAS, GROUP_AREAS, SCREEN_AREAS, type Area } from '$lib/i18n/areas';
import { areaMessages } from '$lib/i18n/i18n.svelte';

/** The core's messages and each area's, read through the app's own loaders. */
const MESSAGES = Object.fromEntries([
	['core', fr],
	...(await Promise.all(AREAS.map(async (a) => [a, await areaMessages(a)] as const)))
]) as Record<Area | 'core', Record<string, string>>;

function resolve(from: string, spec: string): string | null {
	const base = spec.startsWith('$lib/') ? path.join('src/lib', spec.slice(5)) : spec.startsWith('.') ? path.join(path.dirname(from), spec) : null;
	if (!base) return null;
	return [base, `${base}.ts`, `${base}.svelte.ts`].find((p) => existsSync(p) && statSync(p).isFile()) ?? null;
}

const sources = (dir: string): string[] =>
	readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
		d.isDirectory() ? sources(path.join(dir, d.name)) : /\.(svelte|ts)$/.test(d.name) && !/\.(spec|test)\./.test(d.name) ? [path.join(dir, d.name)] : []
	);

/** The files these reach through their imports (static and dynamic, not type-only), the
 * catalogues themselves left out. */
function reached(start: string[]): string[] {
	const seen = new Set<string>();
	const queue = [...start];
	while (queue.length) {
		const file = queue.pop()!;
		if (seen.has(file)) continue;
		seen.add(file);
		const text = readFileSync(file, 'utf8');
		for (const m of text.matchAll(/^\s*import\s+(?!type\s)[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)) {
			const next = resolve(file, m[1] ?? m[2]);
			if (next && !next.startsWith(path.join('src/lib/i18n', path.sep))) queue.push(next);
		}
	}
	return [...seen];
}

/** The areas (or core) whose messages `text` names: whole keys in quotes, and t(`prefix.${…}`). */
function areasNamed(text: string): Map<string, Set<Area | 'core'>> {
	const found = new Map<string, Set<Area | 'core'>>();
	const note = (key: string, prefix: boolean) => {
		for (const [area, messages] of Object.entries(MESSAGES) as [Area | 'core', Record<string, string>][]) {
			if (prefix ? Object.keys(messages).some((k) => k.startsWith(key)) : key in messages) {
				if (!found.has(key)) found.set(key, new Set());
				found.get(key)!.add(area);
			}
		}
	};
	for (const m of text.matchAll(/['"`]([a-z_]+\.[\w.]+)['"`]/g)) note(m[1], false);
	for (const m of text.matchAll(/\bt\(\s*`([a-z_]+\.[\w.]*)\$\{/g)) note(m[1], true);
	return found;
}

describe('message areas', () => {
	it.each(Object.entries(GROUP_AREAS))('the %s screens show only messages of the core and of the areas they await', (group, areas) => {
		const awaited = new Set<string>(['core', ...areas]);
		const missing: string[] = [];
		const files = reached(sources(`src/routes/(${group})`));
		expect(files.length).toBeGreaterThan(10);
		for (const file of files) {
			for (const [key, from] of areasNamed(readFileSync(file, 'utf8'))) {
				if (![...from].some((a) => awaited.has(a))) missing.push(`${file}: ${key} (${[...from].join(', ')})`);
			}
		}
		expect(missing).toEqual([]);
	});

	/** A route id's files: its page, and the layouts from the root down to it. */
	function screenFiles(routeId: string): string[] {
		const dirs = routeId.split('/').filter(Boolean).map((_, i, parts) => path.join('src/routes', ...parts.slice(0, i + 1)));
		return ['src/routes', ...dirs].flatMap((dir, i, all) =>
			['+layout.svelte', '+layout.ts', ...(i === all.length - 1 ? ['+page.svelte', '+page.ts'] : [])].map((f) => path.join(dir, f)).filter((f) => existsSync(f))
		);
	}

	it.each(Object.entries(SCREEN_AREAS))('the screen %s shows only messages of the core and of the areas it awaits', (routeId, areas) => {
		const awaited = new Set<string>(['core', ...areas]);
		const missing: string[] = [];
		const files = reached(screenFiles(routeId));
		expect(files).toContain('src/routes/+layout.svelte');
		expect(files.some((f) => f.endsWith('+page.svelte'))).toBe(true);
		for (const file of files) {
			for (const [key, from] of areasNamed(readFileSync(file, 'utf8'))) {
				if (![...from].some((a) => awaited.has(a))) missing.push(`${file}: ${key} (${[...from].join(', ')})`);
			}
		}
		expect(missing).toEqual([]);
	});

	it('every area is loadable and holds messages', () => {
		for (const area of AREAS) expect(Object.keys(MESSAGES[area]).length).toBeGreaterThan(5);
	});
});
