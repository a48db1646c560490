// The manager's purchasing forms with fakes for the server: a supplier typed (each field's
// problem said in French before anything leaves; the server's refusal on its field), and an
// e-invoice picked (too big, unknown or a PDF without its XML refused on the device with nothing
// sent; an unknown supplier made before the draft; the server's refusal said as it is).
import { describe, expect, it } from 'vitest';
import { strToU8 } from 'fflate';
import type { ClientRow } from '$lib/db/rows';
import type { EinvoicePreview } from '$lib/purchasing/actions';
import { EinvoiceImport, type EinvoiceImportOptions } from '$lib/purchasing/einvoice-import.svelte';
import { SupplierForm } from '$lib/purchasing/supplier-form.svelte';
import type { SupplierRow } from '$lib/purchasing/types';

describe('SupplierForm', () => {
	it('says what is missing or wrong per field and sends nothing', async () => {
		const sent: Record<string, unknown>[] = [];
		const f = new SupplierForm({ save: async (s) => (sent.push(s), { ok: true }), lang: () => 'fr' });
		f.siren = '123456789';
		f.payment_terms_days = '90';
		expect(await f.save('org')).toBe(false);
		expect(Object.keys(f.errors).sort()).toEqual(['address_line1', 'city', 'name', 'payment_terms_days', 'postcode', 'siren']);
		expect(f.errors.payment_terms_days).toBe('Le délai de paiement est compris entre 0 et 60 jours.');
		expect(sent).toEqual([]);
	});

	it('sends the supplier trimmed, terms as a number, and shows the server’s refusal on its field', async () => {
		const sent: Record<string, unknown>[] = [];
		let answer: { ok: true } | { ok: false; error: { message: string; field?: string } } = { ok: false, error: { message: 'Compte déjà pris', field: 'account_code' } };
		const f = new SupplierForm({ save: async (s) => (sent.push(s), answer), lang: () => 'fr' });
		f.fill({ name: ' Verrerie du Port ', siren: '732829320', vat_number: '', address_line1: '1 quai', postcode: '13002', city: 'Marseille' } as ClientRow, {
			id: 's1', account_code: '401VER', payment_terms_days: 45, charges_vat: true
		} as SupplierRow);
		expect(await f.save('org')).toBe(false);
		expect(f.errors).toEqual({ account_code: 'Compte déjà pris' });
		answer = { ok: true };
		expect(await f.save('org')).toBe(true);
		expect(sent[1]).toMatchObject({ id: 's1', org_id: 'org', name: 'Verrerie du Port', siren: '732829320', vat_number: null, payment_terms_days: 45, account_code: '401VER' });
	});
});

const preview = (over: Partial<EinvoicePreview> = {}): EinvoicePreview => ({
	format: 'cii', kind: 'invoice', number: 'F-1', issue_date: '2026-11-02', due_date: null, currency: 'EUR',
	seller: { name: 'Moulin SA', siren: '732829320', siret: null, vat_number: 'FR44732829320', address_line1: '2 rue', postcode: '75002', city: 'Paris', country: 'FR' },
	totals: { excl_cents: 1000, vat_cents: 200, incl_cents: 1200, prepaid_cents: 0, due_cents: 1200 },
	warnings: [], partner_id: null, partner_name: null, supplier_id: null, duplicate: false, draft_lines: [], ...over
});

function fakes(p: EinvoicePreview) {
	const calls: string[] = [];
	const made: Record<string, unknown>[] = [];
	const o: EinvoiceImportOptions = {
		upload: async () => (calls.push('upload'), { ok: true, data: 'up1' }),
		preview: async (_id, xml) => (calls.push(`preview ${xml === null ? 'file' : 'xml'}`), { ok: true, data: p }),
		importFile: async (_id, _xml, opts) => (calls.push(`import ${opts.supplier_id}`), { ok: true, data: { id: 'inv1' } }),
		createSupplier: async (s) => (calls.push('supplier'), made.push(s), { ok: true, data: s })
	};
	return { o, calls, made };
}
const file = (text: string | Uint8Array, size?: number) => {
	const bytes = typeof text === 'string' ? strToU8(text) : text;
	return { name: 'facture.xml', size: size ?? bytes.length, bytes: async () => bytes };
};

describe('EinvoiceImport', () => {
	it('refuses a file over 10 MB, an unknown kind and a PDF without its XML on the device, sending nothing', async () => {
		const { o, calls } = fakes(preview());
		const im = new EinvoiceImport(o);
		await im.pick(file('<x/>', 10 * 1024 * 1024 + 1));
		expect(im.error).toBe('Fichier trop volumineux : 10 Mo au plus.');
		await im.pick(file('Facture 12'));
		expect(im.error).toBe('Format inconnu : choisissez une facture Factur-X (PDF), CII ou UBL (XML).');
		await im.pick(file('%PDF-1.7\n%%EOF'));
		expect(im.error).toBe('Ce PDF ne contient pas de facture électronique (pas de XML Factur-X joint).');
		expect(calls).toEqual([]);
		expect(im.preview).toBeNull();
	});

	it('creates an unknown supplier from the invoice’s seller, then the draft under it', async () => {
		const { o, calls, made } = fakes(preview());
		const im = new EinvoiceImport(o);
		await im.pick(file('<rsm:CrossIndustryInvoice/>'));
		expect(im.phase).toBe('preview');
		expect(im.newSupplier).toBe(true);
		expect(await im.create('org')).toBe('inv1');
		expect(made[0]).toMatchObject({ org_id: 'org', name: 'Moulin SA', siren: '732829320', vat_number: 'FR44732829320', is_client: false });
		expect(calls).toEqual(['upload', 'preview file', 'supplier', `import ${made[0].id}`]);
	});

	it('makes a known partner a supplier as it is, and imports under a known supplier directly', async () => {
		const partner = fakes(preview({ partner_id: 'c1', partner_name: 'Moulin' }));
		const a = new EinvoiceImport(partner.o);
		await a.pick(file('<Invoice/>'));
		await a.create('org');
		expect(partner.made).toEqual([{ id: 'c1', org_id: 'org' }]);
		const known = fakes(preview({ supplier_id: 's1', partner_id: 's1' }));
		const b = new EinvoiceImport(known.o);
		await b.pick(file('<Invoice/>'));
		await b.create('org');
		expect(known.calls).toEqual(['upload', 'preview file', 'import s1']);
	});

	it('says the server’s refusal and keeps nothing to create', async () => {
		const { o } = fakes(preview());
		o.preview = async () => ({ ok: false, error: { message: 'Fichier illisible' } });
		const im = new EinvoiceImport(o);
		await im.pick(file('<rsm:CrossIndustryInvoice'));
		expect(im.error).toBe('Fichier illisible');
		expect(im.preview).toBeNull();
		expect(await im.create('org')).toBeNull();
	});
});
