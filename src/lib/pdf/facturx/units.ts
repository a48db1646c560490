// The UN/ECE Recommendation 20 (and 21) code of a unit as people type it in Terrain, for the
// Factur-X quantity (BT-130). EN 16931 refuses any code outside those lists (BR-CL-23); a unit
// with no code of its own ('panier', 'godet', 'séance') is counted as one item, C62.

const CODES: Record<string, string> = {};
const add = (code: string, ...names: string[]) => names.forEach((n) => (CODES[n] = code));

// things counted
add('H87', 'piece', 'pieces', 'pce', 'pces', 'pc', 'pcs', 'unite', 'unites', 'u', 'ex', 'exemplaire', 'exemplaires', 'article', 'articles');
add('LO', 'lot', 'lots');
add('XPK', 'colis', 'paquet', 'paquets');
add('XCT', 'carton', 'cartons');
add('XBX', 'boite', 'boites', 'caisse', 'caisses');
add('XBO', 'bouteille', 'bouteilles', 'flacon', 'flacons');
add('XPT', 'pot', 'pots');
add('XSA', 'sac', 'sacs', 'sachet', 'sachets');
add('XPX', 'palette', 'palettes');
add('XRO', 'rouleau', 'rouleaux');
add('XJY', 'bidon', 'bidons');
add('IE', 'personne', 'personnes', 'participant', 'participants');
add('LS', 'forfait', 'forfaits');
// weights, lengths, areas, volumes
add('GRM', 'g', 'gramme', 'grammes');
add('KGM', 'kg', 'kilo', 'kilos', 'kilogramme', 'kilogrammes');
add('TNE', 't', 'tonne', 'tonnes');
add('MMT', 'mm');
add('CMT', 'cm');
add('MTR', 'm', 'metre', 'metres', 'metrelineaire', 'metreslineaires');
add('KMT', 'km');
add('MTK', 'm2', 'm²', 'metrecarre', 'metrescarres');
add('MTQ', 'm3', 'm³', 'metrecube', 'metrescubes', 'stere', 'steres');
add('LTR', 'l', 'litre', 'litres');
add('CLT', 'cl');
add('MLT', 'ml', 'millilitre', 'millilitres');
// time and energy
add('MIN', 'min', 'minute', 'minutes');
add('HUR', 'h', 'heure', 'heures', 'hr');
add('DAY', 'j', 'jour', 'jours');
add('WEE', 'semaine', 'semaines');
add('MON', 'mois');
add('ANN', 'an', 'ans', 'annee', 'annees');
add('KWH', 'kwh');

/** 'Pièce' → 'H87', 'kg' → 'KGM', 'm²' → 'MTK', anything else → 'C62' (one). */
export function unitCode(unit: string | null | undefined): string {
	const key = (unit ?? '')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[\s.]+/g, '');
	return CODES[key] ?? (key === '' ? 'H87' : 'C62');
}
