// The period's Factur-X zip opened as the accountant would (fflate's reader): the archived files
// of the batch's invoices, deposit invoices and credit notes under their names, byte for byte,
// a SHA256SUMS that matches them, the documents with no archived file named, and the refusals.
import { createHash } from 'node:crypto';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { AccountingDocument } from '$lib/accounting/fec';
import { buildFacturxZip, facturxDocuments, type ArchivedFile, type ZipProgress } from '$lib/accounting/facturx-zip';

const doc = (id: string, type: AccountingDocument['type'], number: string, journal?: 'HA') => ({ id, type, number, journal }) as AccountingDocument;

/** A small PDF-looking file, different for each document. */
const pdf = (seed: string) => new TextEncoder().encode(`%PDF-1.7\n% ${seed}\n${'x'.repeat(seed.length * 37)}\n%%EOF\n`);
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function archive(files: Record<string, { filename: string; bytes: Uint8Array }>) {
	const asked: string[] = [];
	const read = async (id: string) => {
		asked.push(id);
		const f = files[id];
		const data: ArchivedFile | null = f ? { ...f, sha256: sha(f.bytes), created_at: '2026-03-16T09:41:07Z' } : null;
		return { ok: true as const, data };
	};
	return { read, asked };
}

const batch = {
	period_from: '2026-03-01',
	period_to: '2026-03-31',
	documents: [
		doc('a', 'invoice', 'F2026-00012'),
		doc('b', 'deposit', 'F2026-00013'),
		doc('s', 'supplier_invoice', 'FAC-778', 'HA'),
		doc('c', 'credit_note', 'A2026-00002'),
		doc('d', 'invoice', 'F2026-00014')
	]
};
const files = {
	a: { filename: 'Facture-F2026-00012.pdf', bytes: pdf('a') },
	b: { filename: 'Facture-acompte-F2026-00013.pdf', bytes: pdf('bb') },
	c: { filename: 'Avoir-A2026-00002.pdf', bytes: pdf('ccc') }
};

describe('the period’s Factur-X zip', () => {
	it('holds each archived file under its name, byte for byte, with a SHA256SUMS, and names the missing ones', async () => {
		const { read, asked } = archive(files);
		const progress: ZipProgress[] = [];
		const r = await buildFacturxZip(batch, read, (p) => progress.push(p));
		if (!r.ok) throw new Error(r.error.message);
		expect(r.data.filename).toBe('factur-x-2026-03-01-2026-03-31.zip');
		expect(r.data.count).toBe(3);
		expect(r.data.missing).toEqual(['F2026-00014']);
		expect(r.data.blob.type).toBe('application/zip');
		// the supplier's invoice is not asked for: it is not ours to issue
		expect(asked).toEqual(['a', 'b', 'c', 'd']);
		expect(progress).toEqual([0, 1, 2, 3, 4].map((done) => ({ done, total: 4 })));

		const entries = unzipSync(new Uint8Array(await r.data.blob.arrayBuffer()));
		expect(Object.keys(entries)).toEqual(['Facture-F2026-00012.pdf', 'Facture-acompte-F2026-00013.pdf', 'Avoir-A2026-00002.pdf', 'SHA256SUMS']);
		expect(entries['Facture-F2026-00012.pdf']).toEqual(files.a.bytes);
		expect(entries['Facture-acompte-F2026-00013.pdf']).toEqual(files.b.bytes);
		expect(entries['Avoir-A2026-00002.pdf']).toEqual(files.c.bytes);
		expect(strFromU8(entries.SHA256SUMS)).toBe(
			`${sha(files.a.bytes)}  Facture-F2026-00012.pdf\n${sha(files.b.bytes)}  Facture-acompte-F2026-00013.pdf\n${sha(files.c.bytes)}  Avoir-A2026-00002.pdf\n`
		);
	});

	it('gives the same bytes for the same batch, keeps two files of one name, and names entries in ASCII', async () => {
		const twins = { a: files.a, b: { ...files.b, filename: 'Facture-F2026-00012.pdf' }, c: { ...files.c, filename: 'facture-f2026-00012.PDF' } };
		const make = async () => {
			const r = await buildFacturxZip(batch, archive(twins).read);
			if (!r.ok) throw new Error(r.error.message);
			return new Uint8Array(await r.data.blob.arrayBuffer());
		};
		const [one, two] = [await make(), await make()];
		expect(sha(one)).toBe(sha(two));
		const entries = unzipSync(one);
		expect(Object.keys(entries)).toEqual(['Facture-F2026-00012.pdf', 'Facture-F2026-00012 (2).pdf', 'facture-f2026-00012 (3).PDF', 'SHA256SUMS']);
		expect(entries['Facture-F2026-00012 (2).pdf']).toEqual(files.b.bytes);

		const odd = archive({ a: { ...files.a, filename: 'Facture d’acompte n°12/é.pdf' } });
		const r = await buildFacturxZip({ ...batch, documents: [batch.documents[0]] }, odd.read);
		if (!r.ok) throw new Error(r.error.message);
		expect(Object.keys(unzipSync(new Uint8Array(await r.data.blob.arrayBuffer())))).toEqual(['Facture d-acompte n-12-e.pdf', 'SHA256SUMS']);
	});

	it('refuses a file whose bytes are not the archived SHA-256, and stops at the server’s refusal', async () => {
		const { read } = archive(files);
		const corrupt = await buildFacturxZip(batch, async (id) => {
			const r = await read(id);
			return id === 'b' && r.data ? { ok: true, data: { ...r.data, bytes: pdf('tampered') } } : r;
		});
		expect(corrupt).toMatchObject({ ok: false, error: { code: 'corrupt', message: 'F2026-00013 : le fichier reçu ne correspond pas à son empreinte SHA-256 archivée.' } });

		const asked: string[] = [];
		const refused = await buildFacturxZip(batch, async (id) => {
			asked.push(id);
			return id === 'b' ? { ok: false, error: { code: 'offline', status: 0, message: 'Hors ligne' } } : read(id);
		});
		expect(refused).toEqual({ ok: false, error: { code: 'offline', status: 0, message: 'Hors ligne' } });
		expect(asked).toEqual(['a', 'b']);
	});

	it('an empty period is a zip with an empty SHA256SUMS', async () => {
		expect(facturxDocuments({ documents: [doc('s', 'supplier_credit_note', 'AV-1', 'HA')] })).toEqual([]);
		const r = await buildFacturxZip({ ...batch, documents: [] }, archive({}).read);
		if (!r.ok) throw new Error(r.error.message);
		expect(r.data.count).toBe(0);
		const entries = unzipSync(new Uint8Array(await r.data.blob.arrayBuffer()));
		expect(Object.keys(entries)).toEqual(['SHA256SUMS']);
		expect(entries.SHA256SUMS).toHaveLength(0);
	});
});
