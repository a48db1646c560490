// One vocabulary of validation failures for every check in the domain (identifiers, money,
// schemas, numbering patterns, packing scans). Checks answer a stable code, never a sentence:
// the same code reaches a form field, an outbox rejection or a test, and each interface picks
// its own wording in the user's language from `validationMessages`.

export type ValidationCode =
	// generic field rules
	| 'required'
	| 'too_long'
	| 'too_short'
	| 'invalid_type'
	| 'invalid_value'
	| 'invalid_uuid'
	| 'invalid_date'
	| 'date_out_of_range'
	// identifiers
	| 'siren_format'
	| 'siren_luhn'
	| 'siret_format'
	| 'siret_luhn'
	| 'siret_siren_mismatch'
	| 'vat_format'
	| 'vat_country'
	| 'vat_fr_key'
	| 'vat_fr_siren'
	| 'vat_siren_mismatch'
	| 'iban_format'
	| 'iban_country'
	| 'iban_length'
	| 'iban_checksum'
	| 'gtin_format'
	| 'gtin_check_digit'
	| 'sscc_format'
	| 'sscc_check_digit'
	| 'postcode_format'
	| 'postcode_unknown'
	| 'email_format'
	| 'phone_format'
	// money and quantities
	| 'money_format'
	| 'money_too_many_decimals'
	| 'money_too_large'
	| 'money_negative'
	| 'quantity_format'
	| 'quantity_too_many_decimals'
	| 'quantity_negative'
	| 'quantity_zero'
	| 'quantity_not_whole'
	| 'discount_range'
	| 'discount_format'
	| 'vat_rate_unknown'
	| 'vat_exemption_required'
	| 'payment_terms_range'
	// numbering patterns
	| 'numbering_no_seq'
	| 'numbering_seq_width'
	| 'numbering_unknown_token'
	| 'numbering_duplicate_token'
	| 'numbering_month_without_year'
	| 'numbering_seq_followed_by_digit'
	| 'numbering_invalid_char'
	| 'numbering_too_long'
	// warehouse scans
	| 'scan_unknown_code'
	| 'scan_wrong_product'
	| 'scan_over_quantity'
	| 'scan_quantity_invalid'
	| 'scan_quantity_too_large'
	| 'scan_parcel_invalid';

/** The one result shape of every check: success, or a failure naming its code. */
export type Validation = { ok: true } | { ok: false; code: ValidationCode };

export const VALID: Validation = Object.freeze({ ok: true });

export function invalid(code: ValidationCode): Validation {
	return { ok: false, code };
}

export type Locale = 'fr' | 'en';

/**
 * Wording for every code, French first. Typed as a complete Record so that adding a code
 * without its sentences fails to compile.
 */
export const validationMessages: Record<ValidationCode, Record<Locale, string>> = {
	required: { fr: 'Ce champ est obligatoire.', en: 'This field is required.' },
	too_long: { fr: 'Ce texte est trop long.', en: 'This text is too long.' },
	too_short: { fr: 'Ce texte est trop court.', en: 'This text is too short.' },
	invalid_type: { fr: 'Valeur de type inattendu.', en: 'Unexpected kind of value.' },
	invalid_value: { fr: 'Valeur non autorisée.', en: 'Value not allowed.' },
	invalid_uuid: { fr: 'Identifiant invalide.', en: 'Invalid identifier.' },
	invalid_date: { fr: 'Date invalide (AAAA-MM-JJ).', en: 'Invalid date (YYYY-MM-DD).' },
	date_out_of_range: {
		fr: 'La date doit être comprise entre le 1er janvier 2000 et cinq ans après aujourd’hui.',
		en: 'The date must be between 1 January 2000 and five years from today.'
	},

	siren_format: {
		fr: 'Un SIREN compte 9 chiffres.',
		en: 'A SIREN number has 9 digits.'
	},
	siren_luhn: {
		fr: 'Ce SIREN est invalide (clé de contrôle incorrecte).',
		en: 'This SIREN number is invalid (wrong check digit).'
	},
	siret_format: { fr: 'Un SIRET compte 14 chiffres.', en: 'A SIRET number has 14 digits.' },
	siret_luhn: {
		fr: 'Ce SIRET est invalide (clé de contrôle incorrecte).',
		en: 'This SIRET number is invalid (wrong check digit).'
	},
	siret_siren_mismatch: {
		fr: 'Le SIRET ne commence pas par le SIREN indiqué.',
		en: 'The SIRET does not start with the given SIREN.'
	},
	vat_format: {
		fr: "Format de numéro de TVA intracommunautaire invalide pour ce pays.",
		en: 'Invalid VAT number format for this country.'
	},
	vat_country: {
		fr: "Ce numéro de TVA ne commence pas par le code d'un pays de l'Union européenne.",
		en: 'This VAT number does not start with an EU country code.'
	},
	vat_fr_key: {
		fr: 'La clé de ce numéro de TVA français ne correspond pas au SIREN.',
		en: 'The key of this French VAT number does not match the SIREN.'
	},
	vat_fr_siren: {
		fr: 'Le SIREN contenu dans ce numéro de TVA est invalide.',
		en: 'The SIREN inside this VAT number is invalid.'
	},
	vat_siren_mismatch: {
		fr: 'Le numéro de TVA ne correspond pas au SIREN du client.',
		en: "The VAT number does not match the client's SIREN."
	},
	iban_format: {
		fr: "Un IBAN commence par 2 lettres et 2 chiffres, suivis de lettres et de chiffres.",
		en: 'An IBAN starts with 2 letters and 2 digits, followed by letters and digits.'
	},
	iban_country: {
		fr: 'Pays inconnu pour un IBAN.',
		en: 'Unknown country for an IBAN.'
	},
	iban_length: {
		fr: "La longueur de cet IBAN ne correspond pas à son pays.",
		en: "This IBAN's length does not match its country."
	},
	iban_checksum: {
		fr: 'Cet IBAN est invalide (clé de contrôle incorrecte).',
		en: 'This IBAN is invalid (wrong check digits).'
	},
	gtin_format: {
		fr: 'Un code-barres EAN compte 8, 12, 13 ou 14 chiffres.',
		en: 'An EAN barcode has 8, 12, 13 or 14 digits.'
	},
	gtin_check_digit: {
		fr: 'Ce code-barres est invalide (chiffre de contrôle incorrect).',
		en: 'This barcode is invalid (wrong check digit).'
	},
	sscc_format: { fr: 'Un SSCC compte 18 chiffres.', en: 'An SSCC has 18 digits.' },
	sscc_check_digit: {
		fr: 'Ce SSCC est invalide (chiffre de contrôle incorrect).',
		en: 'This SSCC is invalid (wrong check digit).'
	},
	postcode_format: {
		fr: 'Un code postal français compte 5 chiffres.',
		en: 'A French postcode has 5 digits.'
	},
	postcode_unknown: {
		fr: "Ce code postal ne correspond à aucun département français.",
		en: 'This postcode matches no French département.'
	},
	email_format: { fr: 'Adresse e-mail invalide.', en: 'Invalid e-mail address.' },
	phone_format: { fr: 'Numéro de téléphone invalide.', en: 'Invalid phone number.' },

	money_format: {
		fr: 'Montant invalide (exemple : 1 234,56).',
		en: 'Invalid amount (example: 1,234.56).'
	},
	money_too_many_decimals: {
		fr: 'Un montant a au plus 2 décimales.',
		en: 'An amount has at most 2 decimals.'
	},
	money_too_large: { fr: 'Montant trop élevé.', en: 'Amount too large.' },
	money_negative: {
		fr: 'Le montant ne peut pas être négatif.',
		en: 'The amount cannot be negative.'
	},
	quantity_format: { fr: 'Quantité invalide.', en: 'Invalid quantity.' },
	quantity_too_many_decimals: {
		fr: 'Une quantité a au plus 3 décimales.',
		en: 'A quantity has at most 3 decimals.'
	},
	quantity_negative: {
		fr: 'Une quantité négative n’est permise que sur un avoir.',
		en: 'A negative quantity is only allowed on a credit note.'
	},
	quantity_zero: { fr: 'La quantité doit être non nulle.', en: 'The quantity must not be zero.' },
	quantity_not_whole: {
		fr: 'Cette unité se compte à l’unité : la quantité doit être un nombre entier.',
		en: 'This unit counts whole items: the quantity must be a whole number.'
	},
	discount_range: {
		fr: 'La remise est comprise entre 0 et 100 %.',
		en: 'The discount is between 0 and 100%.'
	},
	discount_format: {
		fr: 'Une remise a au plus 2 décimales.',
		en: 'A discount has at most 2 decimals.'
	},
	vat_rate_unknown: {
		fr: 'Taux de TVA inconnu (20, 10, 5,5, 2,1 ou 0 %).',
		en: 'Unknown VAT rate (20, 10, 5.5, 2.1 or 0%).'
	},
	vat_exemption_required: {
		fr: "Un taux de TVA de 0 % demande la mention d'exonération (ex. : « TVA non applicable, art. 293 B du CGI »).",
		en: 'A 0% VAT rate needs the exemption wording (e.g. "TVA non applicable, art. 293 B du CGI").'
	},
	payment_terms_range: {
		fr: 'Le délai de paiement est compris entre 0 et 60 jours.',
		en: 'Payment terms are between 0 and 60 days.'
	},

	numbering_no_seq: {
		fr: 'Le modèle doit contenir un compteur {SEQ:n}.',
		en: 'The pattern must contain a counter {SEQ:n}.'
	},
	numbering_seq_width: {
		fr: 'Le compteur {SEQ:n} a de 1 à 10 chiffres.',
		en: 'The counter {SEQ:n} has 1 to 10 digits.'
	},
	numbering_unknown_token: {
		fr: 'Jeton inconnu : seuls {YYYY}, {YY}, {MM} et {SEQ:n} sont permis.',
		en: 'Unknown token: only {YYYY}, {YY}, {MM} and {SEQ:n} are allowed.'
	},
	numbering_duplicate_token: {
		fr: 'Chaque jeton ne peut figurer qu’une fois (et une seule année : {YYYY} ou {YY}).',
		en: 'Each token may appear only once (and one year: {YYYY} or {YY}).'
	},
	numbering_month_without_year: {
		fr: 'Le mois {MM} demande aussi l’année ({YYYY} ou {YY}).',
		en: 'The month {MM} also needs the year ({YYYY} or {YY}).'
	},
	numbering_seq_followed_by_digit: {
		fr: 'Le compteur ne peut pas être suivi directement d’un chiffre ni de {YYYY}, {YY} ou {MM} (numéros ambigus).',
		en: 'The counter cannot be directly followed by a digit, {YYYY}, {YY} or {MM} (ambiguous numbers).'
	},
	numbering_invalid_char: {
		fr: 'Caractères permis hors jetons : lettres sans accent, chiffres, - _ / .',
		en: 'Allowed characters outside tokens: unaccented letters, digits, - _ / .'
	},
	numbering_too_long: {
		fr: 'Le modèle est trop long (40 caractères au plus).',
		en: 'The pattern is too long (40 characters at most).'
	},

	scan_unknown_code: {
		fr: 'Code inconnu.',
		en: 'Unknown code.'
	},
	scan_wrong_product: {
		fr: 'Ce produit ne fait pas partie de cette livraison.',
		en: 'This product is not part of this delivery.'
	},
	scan_over_quantity: {
		fr: 'Quantité commandée déjà atteinte pour ce produit.',
		en: 'Ordered quantity already reached for this product.'
	},
	scan_quantity_invalid: {
		fr: 'La quantité doit être un nombre entier positif.',
		en: 'The quantity must be a positive whole number.'
	},
	scan_quantity_too_large: {
		fr: 'Quantité trop grande : 999 au plus par scan.',
		en: 'Quantity too large: 999 at most per scan.'
	},
	scan_parcel_invalid: {
		fr: 'Numéro de colis invalide.',
		en: 'Invalid parcel number.'
	}
};

export function validationMessage(code: ValidationCode, locale: Locale): string {
	return validationMessages[code][locale];
}
