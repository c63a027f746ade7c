import { expect, test } from '@playwright/test';
import { photoPng } from './admin';
import { ready, verifiedSeller } from './sellers';

test('a verified seller lists a product with a photo; it shows on its district page; stock 0 shows it as out of stock', async ({ page, baseURL }, info) => {
  test.setTimeout(60_000);
  await verifiedSeller(page, info, baseURL!);
  const title = `Zari border stole ${Math.floor(Math.random() * 1e6)}`;

  await page.goto('/dashboard');
  await ready(page, info);
  await page.getByRole('link', { name: 'Add a product' }).click();
  await ready(page, info);
  await page.getByLabel('Title in English').fill(title);
  await page.getByLabel('Price (₹)').fill('1,250');
  await page.getByLabel('MRP (₹)').fill('1,500');
  await page.getByLabel('Stock', { exact: true }).fill('3');
  await page.getByLabel('HSN code').fill('5007');
  await page.getByLabel('Add photos (camera or gallery)').setInputFiles({
    name: 'stole.png',
    mimeType: 'image/png',
    buffer: photoPng(400, 300),
  });
  await page.getByRole('button', { name: 'Save' }).click();

  await expect(page).toHaveURL(/\/dashboard/);
  const row = page.getByTestId('own-product').filter({ hasText: title });
  await expect(row).toContainText('Live');

  await page.goto('/district/varanasi');
  const card = page.getByTestId('product-card').filter({ hasText: title });
  await expect(card).toBeVisible();
  await expect(card.locator('img')).toHaveAttribute('src', /\/media\/products\/.*\.jpg$/);

  await page.goto('/dashboard');
  await ready(page, info);
  const again = page.getByTestId('own-product').filter({ hasText: title });
  await again.getByRole('spinbutton').fill('0');
  await again.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('count-out')).toHaveText('1');
  await page.getByTestId('own-product').filter({ hasText: title }).getByRole('link').first().click();
  await expect(page).toHaveURL(/\/dashboard\/products\/\d+$/);
  await page.goto('/district/varanasi');
  await page.getByRole('link', { name: title }).first().click();
  await expect(page.getByTestId('stock')).toHaveText('Out of stock');
});
