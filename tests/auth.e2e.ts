import { expect, test } from '@playwright/test';
import { HOME, signIn } from './support/app';

for (const email of Object.keys(HOME) as (keyof typeof HOME)[]) {
	test(`${email} signs in and lands on the home of their role`, async ({ page }) => {
		await signIn(page, email);
		await expect(page.getByTestId('signed-in-user')).toHaveText(email);
	});
}

test('a wrong password says so in French and signs nobody in', async ({ page }) => {
	await page.goto('/');
	await expect(page).toHaveURL('/connexion');
	await page.getByLabel('Adresse e-mail').fill('vendeur@demo.coop');
	await page.getByLabel('Mot de passe').fill('mauvais');
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('alert')).toHaveText('Email ou mot de passe incorrect');
	await expect(page).toHaveURL('/connexion');
});

test('a salesperson cannot open the manager’s queue; sign-out returns to the sign-in screen', async ({ page }) => {
	await signIn(page, 'vendeur@demo.coop');
	await page.goto('/a-valider');
	await expect(page).toHaveURL('/documents');
	await page.getByTestId('sign-out').click();
	await expect(page).toHaveURL('/connexion');
	await page.goto('/documents');
	await expect(page).toHaveURL('/connexion');
});

test('the session survives a reload and the language can switch to English', async ({ page }) => {
	await signIn(page, 'entrepot@demo.coop');
	await page.reload();
	await expect(page.getByRole('heading', { level: 1, name: 'Livraisons' })).toBeVisible();
	await page.getByTestId('lang-toggle').click();
	await expect(page.getByRole('heading', { level: 1, name: 'Deliveries' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});
