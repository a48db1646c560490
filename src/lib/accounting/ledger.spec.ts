import { describe, expect, it } from 'vitest';
import { ledgerSentence, type LedgerReport } from '$lib/accounting/ledger';

const report: LedgerReport = { ok: true, checked_at: '2026-03-16T10:00:00Z', from: null, to: null, count: 42, first_hash: 'a'.repeat(64), last_hash: 'b'.repeat(64), break: null };

describe('ledger report', () => {
	it('says an intact chain with its count, in French and English', () => {
		expect(ledgerSentence(report, 'fr')).toBe('Chaîne intègre : 42 facture(s), acompte(s) et avoir(s) vérifiés, aucune modification depuis leur validation.');
		expect(ledgerSentence(report, 'en')).toMatch(/^Chain intact: 42 /);
	});
	it('names the document where the chain breaks', () => {
		const broken: LedgerReport = { ...report, ok: false, break: { reason: 'content', series: 'invoice', number: 'F2026-00012', document_id: 'x' } };
		expect(ledgerSentence(broken, 'fr')).toBe('Rupture : le contenu du document F2026-00012 ne correspond plus à l’empreinte enregistrée à sa validation.');
		for (const reason of ['chain', 'missing', 'unchained'] as const) {
			expect(ledgerSentence({ ...broken, break: { ...broken.break!, reason } }, 'en')).toContain('F2026-00012');
		}
	});
});
