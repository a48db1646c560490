// The packing session as the worker meets it: what each scan answers, where the items go, what
// one undo takes back, the action barcodes, the handover. The device is a fake holding its rows
// as rune state, as the live query hands them to the screen.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeliveryDoc } from '$lib/warehouse/deliveries';
import type { DeliveryLine, ProductRef, ScanEvent } from '$lib/warehouse/packing';
import { emptyPacking, type PackingData } from '$lib/warehouse/packing-data';
import { PackingSession } from '$lib/warehouse/packing-session.svelte';

/** A GS1 number (EAN-13, SSCC) with its check digit. */
function gs1(body: string): string {
	let sum = 0;
	for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
	return body + ((10 - (sum % 10)) % 10);
}

const honey: ProductRef = { id: 'p-honey', ean: gs1('376012300001'), reference: 'MIEL-500', name: 'Miel 500 g' };
const jam: ProductRef = { id: 'p-jam', ean: gs1('376012300002'), reference: 'CONF-FR', name: 'Confiture fraise' };
const soap: ProductRef = { id: 'p-soap', ean: gs1('376012300003'), reference: 'SAV-1', name: 'Savon' };
const catalogue = [honey, jam, soap];

const doc: DeliveryDoc = {
	id: 'd1', org_id: 'o1', type: 'delivery', status: 'validated', commercial_status: 'ready', number: 'BL2026-00007', source_id: null,
	source_number: 'BC2026-00003', issue_date: null, validated_at: null, notes: '', client_snapshot: { name: 'Épicerie Durand' }, seller_snapshot: null
};
const line = (position: number, p: ProductRef, quantity: number): DeliveryLine => ({
	id: `l${position}`, document_id: 'd1', position, product_id: p.id, reference: p.reference, designation: p.name, quantity, unit: 'pièce'
});

/** The device: its rows as the screen sees them, and the writes the session makes on it. */
class Device {
	rows = $state<PackingData>({ ...emptyPacking(), doc, lines: [line(1, honey, 12), line(2, jam, 5)], settings: { parcel_max_items: 10, gs1_company_prefix: '3760123' } });
	sounds = { good: 0, bad: 0 };
	printed: { parcels: number[]; format: string }[] = [];
	confirmed: { name: string; signature: string | null }[] = [];
	weights: [string, number | null][] = [];
	validation: { error?: { message: string }; data?: { backorder_number: string | null } } = { data: { backorder_number: null } };
	validations = 0;
	failOpen = false;
	online = true;
	failValidate = false;
	#seq = 0;

	session = new PackingSession({
		data: () => this.rows,
		fresh: async () => ({ events: [...this.rows.events], parcels: [...this.rows.parcels] }),
		findProducts: async (gtin, reference) => catalogue.filter((p) => (gtin && p.ean === gtin) || p.reference === reference),
		openParcel: async (number) => {
			if (this.failOpen) throw new Error('IndexedDB plein');
			const id = `parcel-${number}`;
			this.rows.parcels = [...this.rows.parcels, { id, document_id: 'd1', number, sscc: null, weight_grams: null, opened_at: '', delivered_at: null }];
			return id;
		},
		recordScan: async (s) => {
			this.rows.events = [...this.rows.events, this.#event({ parcel_id: s.parcelId, product_id: s.productId, code: s.code, quantity: s.quantity, batch_id: s.batchId })];
		},
		undoScan: async (batch) => {
			this.rows.events = [
				...this.rows.events,
				...batch.map((e) => this.#event({ kind: 'undo', parcel_id: e.parcel_id, product_id: e.product_id, quantity: -Number(e.quantity), undoes: e.id }))
			];
		},
		confirmParcel: async (p) => {
			this.rows.parcels = this.rows.parcels.map((x) => (x.id === p.id ? { ...x, delivered_at: '2026-12-03T10:00:00Z' } : x));
		},
		setParcelWeight: async (id, grams) => void this.weights.push([id, grams]),
		confirmDelivery: async (name, signature) => void this.confirmed.push({ name, signature }),
		validatePacking: async () => {
			this.validations++;
			if (this.failValidate) throw new Error('Le serveur ne répond pas. Vérifiez la connexion.');
			return this.validation;
		},
		forceAvailability: async (reason) => (reason ? {} : { error: { message: 'Un motif est obligatoire' } }),
		printLabels: async (list, format) => void this.printed.push({ parcels: list.map((p) => p.number), format }),
		feedback: { good: () => this.sounds.good++, bad: () => this.sounds.bad++ },
		now: () => Date.now(),
		online: () => this.online
	});

	#event(e: Partial<ScanEvent>): ScanEvent {
		const n = ++this.#seq;
		return {
			id: `e${String(n).padStart(3, '0')}`, document_id: 'd1', parcel_id: null, kind: 'scan', product_id: null, code: null, quantity: 1, undoes: null,
			scanned_at: new Date(Date.UTC(2026, 11, 3, 9, 0, n)).toISOString(), ...e
		};
	}

	/** A scan, answered. */
	async scan(code: string) {
		this.session.scan(code);
		await this.session.settled();
		return this.session.message;
	}

	/** Packed items per parcel, by number. */
	get itemsByParcel() {
		return this.session.parcels.map((p) => this.session.packing.parcels.get(p.id)?.items ?? 0);
	}

	/** Packing is validated; the parcels got their SSCC from the server. */
	validated() {
		this.rows.doc = { ...doc, commercial_status: 'done' };
		this.rows.parcels = this.rows.parcels.map((p) => ({ ...p, sscc: gs1(`03760123${String(p.number).padStart(9, '0')}`) }));
	}
}

let device: Device;
let session: PackingSession;

beforeEach(() => {
	vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
	vi.setSystemTime(new Date('2026-12-03T09:00:00Z'));
	device = new Device();
	session = device.session;
});
afterEach(() => {
	session.dispose();
	vi.useRealTimers();
});

describe('PackingSession: scanning products', () => {
	it('refuses an unknown code with a buzz and a red flash, counting nothing', async () => {
		expect(session.text).toMatch(/^Scannez un produit/);
		expect(await device.scan('0000000000000')).toEqual({ kind: 'error', text: 'Code inconnu : 0000000000000' });
		expect(device.sounds).toEqual({ good: 0, bad: 1 });
		expect(session.flash).toBe('error');
		await vi.advanceTimersByTimeAsync(900);
		expect(session.flash).toBe(null);
		expect(session.packing.totalPacked).toBe(0);
		expect(session.parcels).toHaveLength(0);
	});

	it('opens parcel 1 on the first scan and the next one on the 11th item, by EAN or by reference', async () => {
		for (let i = 1; i <= 10; i++) expect((await device.scan(honey.ean!))?.text).toBe(`+1 Miel 500 g → colis 1 (${i}/10)`);
		expect(await device.scan('MIEL-500')).toEqual({ kind: 'ok', text: '+1 Miel 500 g → colis 2 (1/10)' });
		expect(device.itemsByParcel).toEqual([10, 1]);
		expect(device.sounds.good).toBe(11);
		expect(session.text).toBe('+1 Miel 500 g → colis 2 (1/10)');
	});

	it('refuses more than ordered, and a product that is not on the delivery note', async () => {
		session.quantity = '5';
		await device.scan(jam.ean!);
		expect(await device.scan(jam.ean!)).toEqual({ kind: 'error', text: 'Trop de « Confiture fraise » : 5 commandés, 5 déjà emballés' });
		expect(await device.scan(soap.ean!)).toEqual({ kind: 'error', text: '« Savon » n’est pas sur ce bon de livraison' });
		expect(session.packing.totalPacked).toBe(5);
	});

	it('refuses a parcel label while packing', async () => {
		expect(await device.scan(`(00)${gs1('03760123000000001')}`)).toEqual({ kind: 'error', text: 'C’est une étiquette de colis : scannez un produit' });
	});

	it('spreads a typed quantity over parcels as one action, taken back whole by one undo', async () => {
		session.quantity = '12';
		expect(session.quantityError).toBe(null);
		expect(await device.scan(honey.ean!)).toEqual({ kind: 'ok', text: '+12 Miel 500 g → colis 2 (2/10)' });
		expect(session.quantity).toBe('');
		expect(device.itemsByParcel).toEqual([10, 2]);

		await session.undo();
		expect(session.message).toEqual({ kind: 'info', text: 'Scan annulé : 12 Miel 500 g' });
		expect(session.packing.totalPacked).toBe(0);
		expect(device.itemsByParcel).toEqual([0, 0]);
		// the next items go back into the parcel the action started in, then the one it emptied
		expect((await device.scan(jam.ean!))?.text).toBe('+1 Confiture fraise → colis 1 (1/10)');
		session.quantity = '12';
		expect((await device.scan(honey.ean!))?.text).toBe('+12 Miel 500 g → colis 2 (3/10)');
		expect(device.itemsByParcel).toEqual([10, 3]);
		await session.undo();
		await session.undo();
		await session.undo();
		expect(session.message).toEqual({ kind: 'error', text: 'Aucun scan à annuler' });
	});

	it('says at the field what is wrong with a typed quantity, and a scan with it counts nothing', async () => {
		session.quantity = '99999';
		expect(session.quantityError).toBe('Quantité trop grande : 999 au plus par scan.');
		expect(await device.scan(honey.ean!)).toEqual({ kind: 'error', text: 'Quantité trop grande : 999 au plus par scan.' });
		expect(session.packing.totalPacked).toBe(0);
		session.quantity = '13';
		expect(session.quantityError).toBe('Plus que ce qui reste à emballer : 12 au plus.');
		session.quantity = '2,5';
		expect(session.quantityError).not.toBe(null);
	});

	it('takes a scan typed into the quantity field as a scan, with the typed quantity put back', async () => {
		session.quantity = '3';
		session.keyInQuantity('3', 1_000); // the scanner's first key, after the person's pause
		const typed = `3${jam.ean}`;
		session.quantity = typed;
		expect(session.enterInQuantity(typed)).toBe(false);
		await session.settled();
		expect(session.message).toEqual({ kind: 'ok', text: '+3 Confiture fraise → colis 1 (3/10)' });
		expect(session.quantity).toBe('');
		// a quantity typed and Enter: nothing scanned, the next scan may go to the scanner field
		expect(session.enterInQuantity('4')).toBe(true);
	});

	it('joins a scan cut by a pause: its first digits are not a quantity', async () => {
		session.shortInScanner(jam.ean!.slice(0, 3));
		await session.settled();
		expect(session.quantity).toBe(jam.ean!.slice(0, 3));
		await vi.advanceTimersByTimeAsync(1_200);
		expect(await device.scan(jam.ean!.slice(3))).toEqual({ kind: 'ok', text: '+1 Confiture fraise → colis 1 (1/10)' });
		expect(session.quantity).toBe('');
		expect(session.packing.totalPacked).toBe(1);
	});

	it('joins a scan cut in three, its last character coming alone: not a quantity', async () => {
		session.quantity = '2';
		session.shortInScanner(honey.ean!.slice(0, 3));
		expect(await device.scan(honey.ean!.slice(3, 12))).toEqual({ kind: 'error', text: `Code inconnu : ${honey.ean!.slice(0, 12)}` });
		expect(session.quantity).toBe('2');
		await vi.advanceTimersByTimeAsync(5_000);
		session.shortInScanner(honey.ean!.slice(12));
		await session.settled();
		expect(session.message).toEqual({ kind: 'ok', text: '+2 Miel 500 g → colis 1 (2/10)' });
	});

	it('takes a short burst after another as a quantity typed anew', async () => {
		session.shortInScanner('8');
		session.shortInScanner('5');
		await session.settled();
		expect(session.quantity).toBe('5');
		expect(session.message).toBe(null);
	});

	it('does not count scans and parcels the server refused, and shows its reasons', async () => {
		await device.scan(honey.ean!);
		await device.scan(honey.ean!);
		const [first] = device.rows.events;
		device.rows.refused = new Map([[first.id, 'Livraison déjà validée'], ['elsewhere', 'autre']]);
		expect(session.packing.totalPacked).toBe(1);
		expect(session.refusals).toEqual([{ key: first.id, reason: 'Livraison déjà validée' }]);
	});

	it('says what went wrong on the device, and goes on with the next scan', async () => {
		device.failOpen = true;
		expect(await device.scan(honey.ean!)).toEqual({ kind: 'error', text: 'IndexedDB plein' });
		device.failOpen = false;
		expect((await device.scan(honey.ean!))?.kind).toBe('ok');
	});
});

describe('PackingSession: action barcodes and buttons', () => {
	it('opens a new parcel that the next scans fill', async () => {
		await device.scan(honey.ean!);
		expect(await device.scan('TERRAIN:NEW_PARCEL')).toEqual({ kind: 'info', text: 'Colis 2 ouvert' });
		expect((await device.scan(honey.ean!))?.text).toBe('+1 Miel 500 g → colis 2 (1/10)');
		session.pickParcel(session.parcels[0].id);
		expect((await device.scan(honey.ean!))?.text).toBe('+1 Miel 500 g → colis 1 (2/10)');
	});

	it('undoes the last scan from the action sheet', async () => {
		await device.scan(jam.ean!);
		expect(await device.scan('terrain:undo')).toEqual({ kind: 'info', text: 'Scan annulé : 1 Confiture fraise' });
	});

	it('asks before validating, and a second VALIDATE scan confirms', async () => {
		await device.scan(honey.ean!);
		await device.scan('TERRAIN:VALIDATE');
		expect(session.validating).toBe(true);
		expect(device.validations).toBe(0);
		device.validation = { data: { backorder_number: 'BL2026-00008' } };
		expect(await device.scan('TERRAIN:VALIDATE')).toEqual({ kind: 'ok', text: 'Préparation validée. Reliquat créé : BL2026-00008' });
		expect(session.validating).toBe(false);
		expect(device.validations).toBe(1);
	});

	it('shows the server’s refusal of a validation, and of a forced availability', async () => {
		session.askValidate();
		session.cancelValidate();
		expect(session.validating).toBe(false);
		device.validation = { error: { message: 'Rien n’est emballé' } };
		await session.confirmValidate();
		expect(session.message).toEqual({ kind: 'error', text: 'Rien n’est emballé' });
		expect(session.busy).toBe(false);
		await session.force('');
		expect(session.message).toEqual({ kind: 'error', text: 'Un motif est obligatoire' });
		await session.force('La palette est arrivée');
		expect(session.message).toEqual({ kind: 'info', text: 'Disponibilité forcée.' });
	});

	it('says offline that validating needs a connection, says a failure on the way, and a later success replaces it', async () => {
		device.online = false;
		await session.confirmValidate();
		expect(session.message).toEqual({ kind: 'error', text: 'Pas de réseau : cette action demande une connexion.' });
		expect(device.validations).toBe(0);
		device.online = true;
		device.failValidate = true;
		await session.confirmValidate();
		expect(session.message).toEqual({ kind: 'error', text: 'Le serveur ne répond pas. Vérifiez la connexion.' });
		expect(session.busy).toBe(false);
		device.failValidate = false;
		await session.confirmValidate();
		expect(session.message).toEqual({ kind: 'ok', text: 'Préparation validée.' });
	});

	it('prints labels only once the server numbered the parcels, and says why not', async () => {
		await device.scan('TERRAIN:PRINT_LABEL');
		expect(session.message?.text).toBe('Aucun colis : le premier scan en ouvre un.');
		await device.scan(honey.ean!);
		await device.scan('TERRAIN:PRINT_LABEL');
		expect(session.message?.text).toBe('Étiquettes disponibles après synchronisation (numéro SSCC attribué par le serveur).');
		device.rows.settings = { parcel_max_items: 10, gs1_company_prefix: null };
		await device.scan('TERRAIN:PRINT_LABEL');
		expect(session.message?.text).toBe('Préfixe GS1 de la coopérative manquant : un administrateur doit le renseigner.');
		device.rows.parcels = device.rows.parcels.map((p) => ({ ...p, sscc: gs1('03760123000000001') }));
		await device.scan('TERRAIN:PRINT_LABEL');
		expect(session.message).toEqual({ kind: 'ok', text: 'Étiquette envoyée à l’impression : colis 1' });
		await session.printLabels(session.parcels, 'a4');
		expect(session.message?.text).toBe('Étiquette envoyée à l’impression sur A4 : colis 1');
		expect(device.printed).toEqual([{ parcels: [1], format: 'label' }, { parcels: [1], format: 'a4' }]);
	});

	it('records a parcel’s weight typed in kilograms, and ignores what is not one', async () => {
		await device.scan(honey.ean!);
		const [p] = session.parcels;
		await session.setWeight(p, '2,5');
		await session.setWeight(p, 'beaucoup');
		await session.setWeight(p, '0');
		await session.setWeight(p, '');
		expect(device.weights).toEqual([[p.id, 2500], [p.id, null]]);
	});
});

describe('PackingSession: the handover', () => {
	beforeEach(async () => {
		session.quantity = '12';
		await device.scan(honey.ean!);
		device.validated();
	});

	it('marks each parcel handed over by its label, once, and only this delivery’s', async () => {
		expect(session.text).toBe('+12 Miel 500 g → colis 2 (2/10)');
		const [one, two] = session.parcels.map((p) => p.sscc!);
		expect(session.missing.map((p) => p.number)).toEqual([1, 2]);
		expect(await device.scan(`00${one}`)).toEqual({ kind: 'ok', text: 'Colis 1 remis' });
		// the camera reads the label in view again: answered once
		session.message = null;
		await device.scan(`(00)${one}`);
		expect(session.message).toBe(null);
		expect(session.text).toBe('Scannez l’étiquette de chaque colis au départ ou chez le client.');
		expect(await device.scan(`(00)${gs1('03760123000000099')}`)).toEqual({ kind: 'error', text: 'Ce colis n’appartient pas à cette livraison' });
		expect(await device.scan(`(00)${one}`)).toEqual({ kind: 'info', text: 'Colis 1 déjà scanné' });
		expect(await device.scan(honey.ean!)).toEqual({ kind: 'error', text: 'Cette livraison est déjà validée' });
		expect(session.missing.map((p) => p.number)).toEqual([2]);
		expect(session.status).toBe('done');
		await device.scan(two);
		expect(session.status).toBe('delivered');
	});

	it('confirms the delivery only once every parcel is scanned, with a recipient’s name', async () => {
		await session.confirmHandover('Mme Durand', null);
		for (const p of session.parcels) await device.scan(p.sscc!);
		await session.confirmHandover('  ', null);
		await session.confirmHandover(' Mme Durand ', 'data:image/png;base64,AAAA');
		expect(device.confirmed).toEqual([{ name: 'Mme Durand', signature: 'data:image/png;base64,AAAA' }]);
	});

	it('no longer packs: no new parcel, nothing to undo, no validation asked', async () => {
		await session.newParcel();
		expect(session.message?.text).toBe('Cette livraison est déjà validée');
		await session.undo();
		expect(session.message?.text).toBe('Aucun scan à annuler');
		session.askValidate();
		expect(session.validating).toBe(false);
		expect(session.shipped).toEqual([{ productId: honey.id, reference: 'MIEL-500', designation: 'Miel 500 g', unit: 'pièce', shipped: 12 }]);
	});
});
