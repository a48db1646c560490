// The server's refusals in English, tied to the SQL that sends them: every code a migration can
// send has an English sentence, every English sentence still matches something the SQL sends, and
// an English screen shows the refusal in English with its names and numbers.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serverCodesEn, serverSentencesEn } from '$lib/i18n/messages/server.en';
import { loadCatalog, serverText } from '$lib/i18n/i18n.svelte';

/** The arguments of each `private.fail(...)` call of the migrations, split at top-level commas. */
function failCalls(): string[][] {
	const calls: string[][] = [];
	for (const file of readdirSync('supabase/migrations').filter((f) => f.endsWith('.sql'))) {
		const sql = readFileSync(`supabase/migrations/${file}`, 'utf8');
		for (let at = sql.indexOf('private.fail('); at >= 0; at = sql.indexOf('private.fail(', at + 1)) {
			if (/create (or replace )?function\s*$/i.test(sql.slice(Math.max(0, at - 40), at))) continue; // its definition
			const args: string[] = [];
			let depth = 0;
			let quoted = false;
			let current = '';
			for (let i = at + 'private.fail('.length; i < sql.length; i++) {
				const ch = sql[i];
				if (ch === "'") quoted = !quoted;
				else if (!quoted && ch === '(') depth++;
				else if (!quoted && ch === ')' && depth-- === 0) break;
				if (!quoted && depth === 0 && ch === ',') {
					args.push(current.trim());
					current = '';
				} else current += ch;
			}
			args.push(current.trim());
			calls.push(args);
		}
	}
	return calls;
}

const literal = (s: string) => s.slice(1, -1).replace(/''/g, "'");

/** The French sentences the call can send, its variable parts numbered 1, 2… (names and numbers alike). */
function samples(expr: string): string[] {
	const e = expr.replace(/\s+/g, ' ').trim();
	const quoted = [...e.matchAll(/'(?:[^']|'')*'/g)].map((m) => literal(m[0]));
	if (e.startsWith('format(')) {
		let n = 0;
		return quoted.slice(0, 1).map((f) => f.replace(/%%|%s/g, (m) => (m === '%%' ? '%' : String(++n))));
	}
	if (/^case /.test(e)) return quoted.filter((q) => q.includes(' ')); // each branch's sentence
	let n = 0;
	return [
		e
			.split(' || ')
			.map((part) => (/^'(?:[^']|'')*'$/.test(part) ? literal(part) : /doc_label/.test(part) ? 'Le document' : String(++n)))
			.join('')
	];
}

const calls = failCalls();
const codes = new Set(calls.map((a) => a[2]).filter((c) => c && /^'[a-z_0-9]+'$/.test(c)).map(literal));
const sentences = calls.flatMap((a) => samples(a[1] ?? ''));

describe('the server’s refusals in English', () => {
	it('read every fail() call of the migrations', () => {
		expect(calls.length).toBeGreaterThan(200);
		expect(codes).toContain('stock_short');
		expect(sentences).toContain('Code inconnu : 1');
	});

	it('have an English sentence for every code the SQL can send', () => {
		const missing = [...codes].filter((c) => !serverCodesEn[c]);
		expect(missing).toEqual([]);
	});

	it('keep no English sentence that matches nothing the SQL sends any more', () => {
		const dead = serverSentencesEn.filter(([pattern]) => !sentences.some((s) => pattern.test(s))).map(([p]) => String(p));
		expect(dead).toEqual([]);
	});

	it('show a refusal in English with its names and numbers, and leave French as it is', async () => {
		await loadCatalog('en');
		const fr = 'Quantité dépassée pour « Miel de lavande » : 10 commandés, 10 déjà emballés';
		expect(serverText('en', fr, 'terrain.over_quantity')).toBe('Too many “Miel de lavande”: 10 ordered, 10 already packed');
		expect(serverText('fr', fr, 'terrain.over_quantity')).toBe(fr);
		expect(serverText('en', 'Le devis n\'est plus en brouillon', 'terrain.not_draft')).toBe('This document is no longer a draft');
		// a sentence the table does not know: its code's, else the French one
		expect(serverText('en', 'Une phrase nouvelle', 'terrain.parcel_full')).toBe('This parcel is full');
		expect(serverText('en', 'Une phrase nouvelle', null)).toBe('Une phrase nouvelle');
	});
});
