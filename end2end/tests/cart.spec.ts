import { Page, TestInfo } from '@playwright/test';
import { expect, test } from './fixtures';
import { hydrated, useEnglish, waitForHydration } from './helpers';
import { newBuyerPhone } from './buyers';

/** Opens the first product in stock on a district's page and adds one to the cart. */
async function addFirstFrom(page: Page, info: TestInfo, district: string): Promise<string> {
  await page.goto(`/district/${district}?in_stock=1`);
  await page.getByTestId('product-card').first().locator('a').first().click();
  await expect(page).toHaveURL(/\/product\//);
  const title = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
  if (hydrated(info)) await waitForHydration(page);
  await page.getByRole('button', { name: 'Add to cart' }).click();
  if (hydrated(info)) {
    // The page stays; the notice and the header's badge follow.
    await expect(page.getByTestId('added')).toBeVisible();
  } else {
    await expect(page).toHaveURL(/\/cart\?added=1$/);
  }
  return title;
}

test('a guest fills a cart from two sellers, changes it, and keeps it when creating an account', async ({ page, baseURL }, info) => {
  test.setTimeout(60_000);
  await useEnglish(page, baseURL!);
  const saree = await addFirstFrom(page, info, 'varanasi');
  await expect(page.getByTestId('cart-count')).toHaveText('1');
  const kurta = await addFirstFrom(page, info, 'lucknow');
  await expect(page.getByTestId('cart-count')).toHaveText('2');

  await page.goto('/cart');
  const lines = page.getByTestId('cart-line');
  await expect(lines).toHaveCount(2);
  await expect(page.getByTestId('cart-lines')).toContainText(saree);
  await expect(page.getByTestId('cart-lines')).toContainText(kurta);
  if (hydrated(info)) await waitForHydration(page);
  const first = lines.filter({ hasText: saree });
  await first.getByRole('spinbutton').fill('2');
  await first.getByRole('button', { name: 'Update' }).click();
  await expect(page.getByTestId('cart-count')).toHaveText('3');
  await lines.filter({ hasText: kurta }).getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expect(page.getByTestId('cart-count')).toHaveText('2');
  await expect(page.getByTestId('checkout')).toBeVisible();

  await page.goto('/register');
  if (hydrated(info)) await waitForHydration(page);
  await page.getByLabel('Your name').fill('Meera');
  await page.getByLabel('Mobile number or e-mail').fill(newBuyerPhone());
  await page.getByLabel('Password').fill('ganga-ghat-loom');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await page.goto('/cart');
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expect(page.getByTestId('cart-line')).toContainText(saree);
  await expect(page.getByTestId('cart-count')).toHaveText('2');
});

test('one piece straight from a product list', async ({ page, baseURL }, info) => {
  await useEnglish(page, baseURL!);
  await page.goto('/district/agra?in_stock=1');
  if (hydrated(info)) await waitForHydration(page);
  const card = page.getByTestId('product-card').filter({ has: page.getByRole('button', { name: /^Add to cart/ }) }).first();
  const title = (await card.getByRole('heading').textContent())!.trim();
  // The button says what it adds (for a screen reader, beside the others on the list).
  await card.getByRole('button', { name: `Add to cart: ${title}` }).click();
  if (hydrated(info)) {
    await expect(card.getByTestId('added')).toBeVisible();
  } else {
    await expect(page).toHaveURL(/\/cart\?added=1$/);
  }
  await expect(page.getByTestId('cart-count')).toHaveText('1');
  await page.goto('/cart');
  await expect(page.getByTestId('cart-lines')).toContainText(title);
});
