// Shared steps of the end-to-end tests.
import { expect, type Page } from '@playwright/test';

export const PASSWORD = 'demo1234';
export const API_URL = 'http://127.0.0.1:54421';

export const HOME = {
	'vendeur@demo.coop': { path: '/documents', heading: 'Mes documents' },
	'vendeuse@demo.coop': { path: '/documents', heading: 'Mes documents' },
	'entrepot@demo.coop': { path: '/livraisons', heading: 'Livraisons' },
	'gerant@demo.coop': { path: '/a-valider', heading: 'À valider' },
	'admin@demo.coop': { path: '/a-valider', heading: 'À valider' },
	'gerant@autre.coop': { path: '/a-valider', heading: 'À valider' }
} as const;

export async function signIn(page: Page, email: keyof typeof HOME, password = PASSWORD) {
	await page.goto('/connexion');
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill(password);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page).toHaveURL(HOME[email].path);
	await expect(page.getByRole('heading', { level: 1, name: HOME[email].heading })).toBeVisible();
}
