import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { fontSafe, fontSafeContent, ROBOTO } from '$lib/pdf/glyphs';

// fontkit is what pdfmake (through pdfkit) reads its fonts with: here it reads the character map
// of the very font files the app embeds.
const require = createRequire(import.meta.url);
const fontkit = require('fontkit') as { create(b: Buffer): { characterSet: number[] } };
const vfsModule = require('pdfmake/build/vfs_fonts.js') as Record<string, string> & { default?: Record<string, string> };
const vfs = vfsModule.default ?? vfsModule;

describe('ROBOTO', () => {
	it('is exactly the character map of each of pdfmake’s four Roboto files (printable characters)', () => {
		const listed = ROBOTO.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));
		for (const file of ['Roboto-Regular.ttf', 'Roboto-Medium.ttf', 'Roboto-Italic.ttf', 'Roboto-MediumItalic.ttf']) {
			const font = fontkit.create(Buffer.from(vfs[file], 'base64'));
			expect([file, font.characterSet.filter((c) => c >= 0x20).sort((a, b) => a - b)]).toEqual([file, listed]);
		}
	});
});

describe('fontSafe', () => {
	it('keeps what Roboto draws: French, other Latin, Greek, Cyrillic, Vietnamese, € and typographic marks', () => {
		for (const s of ['Épicerie « Les Délices » — 12,50 €', 'Łódź Ærøskøbing Ñandú', 'Αθήνα Москва', 'Phở Hà Nội', 'L’Œuf… n° 3']) {
			expect(fontSafe(s)).toBe(s);
		}
	});

	it('composes a decomposed accent, so it is drawn as one letter', () => {
		expect(fontSafe('Cafe\u0301 Andre\u0301')).toBe('Café André');
	});

	it('leaves pictures out (emoji, skin tones, joined families, flags) and folds the space they leave', () => {
		expect(fontSafe('🍯 Miel du Rucher 🐝')).toBe('Miel du Rucher');
		expect(fontSafe('Chez 👩🏽‍🌾 Léa')).toBe('Chez Léa');
		expect(fontSafe('Vins 🇫🇷 de France')).toBe('Vins de France');
		expect(fontSafe('Soleil ☀️ levant')).toBe('Soleil levant');
	});

	it('writes "?" for a letter of a script the font lacks, never an empty box', () => {
		expect(fontSafe('Thé 龍井 vert')).toBe('Thé ?? vert');
		expect(fontSafe('مخبز Paris')).toBe('???? Paris');
	});

	it('keeps line breaks and the text’s own spacing', () => {
		expect(fontSafe('1\nSSCC 0376   ·   2 colis')).toBe('1\nSSCC 0376   ·   2 colis');
	});
});

describe('fontSafeContent', () => {
	it('makes every text of a definition drawable, and nothing else', () => {
		const image = 'data:image/png;base64,🙂';
		const def = {
			content: [
				'Étiquette 🍯',
				{ text: ['Chez ', { text: 'Léa 🐝', bold: true }] },
				{ stack: [{ text: '龍 Thé' }], margin: [0, 1, 0, 1] },
				{ table: { widths: [10, '*'], body: [['🧀 Comté', { text: 'x' }]] } },
				{ image, width: 40 }
			],
			info: { title: 'Colis 🐝' }
		};
		expect(fontSafeContent(def)).toEqual({
			content: [
				'Étiquette',
				{ text: ['Chez ', { text: 'Léa', bold: true }] },
				{ stack: [{ text: '? Thé' }], margin: [0, 1, 0, 1] },
				{ table: { widths: [10, '*'], body: [['Comté', { text: 'x' }]] } },
				{ image, width: 40 }
			],
			info: { title: 'Colis 🐝' }
		});
	});
});
