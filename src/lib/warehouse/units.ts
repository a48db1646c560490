// A quantity with its unit as a French reader expects it on a packing list: "1 pièce",
// "10 pièces", "2,5 kg" (a word takes the plural from 2, an abbreviation never does).

/** Units written as words that take an "s" in the plural; abbreviations (kg, L, m², h) do not. */
function pluralUnit(unit: string): string {
	if (!/^[a-zà-ÿœæ]{3,}$/i.test(unit) || /[sxz]$/i.test(unit)) return unit;
	return unit + 's';
}

export function quantityWithUnit(quantity: number, unit: string): string {
	const q = quantity.toLocaleString('fr-FR');
	const u = unit.trim();
	if (!u) return q;
	return `${q} ${Math.abs(quantity) >= 2 ? pluralUnit(u) : u}`;
}
