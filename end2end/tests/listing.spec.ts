import { expect, test } from './fixtures';
import { photoPng } from './admin';
import { hydrated } from './helpers';
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
  await page.getByLabel('Price (₹)', { exact: true }).fill('1,250');
  await page.getByLabel('MRP (₹)', { exact: true }).fill('1,500');
  await page.getByLabel('Stock', { exact: true }).fill('3');
  await page.getByLabel('HSN code').fill('5007');
  await page.getByLabel('Add photos (camera or gallery)').setInputFiles({
    name: 'stole.png',
    mimeType: 'image/png',
    buffer: photoPng(400, 300),
  });
  // With JavaScript the chosen photo is shown before saving (and the save reports progress).
  if (hydrated(info)) await expect(page.getByTestId('photo-preview').locator('img')).toHaveCount(1);
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

test('a seller imports listings from a CSV file and sees a line-by-line report', async ({ page, baseURL }, info) => {
  test.setTimeout(60_000);
  await verifiedSeller(page, info, baseURL!);
  const code = `DIYA-${Math.floor(Math.random() * 1e6)}`;
  const csv = [
    'sku,parent_sku,variant,title_en,category,price,mrp,stock,hsn,gst_rate,status',
    `${code},,,Brass diya ${code},metal,450,500,10,7418,12,live`,
    `${code}-BAD,,,Bowl,metal,free,,3,7418,12,live`,
  ].join('\n');
  await page.goto('/dashboard');
  await ready(page, info);
  await page.getByRole('link', { name: 'Many products at once (CSV)' }).click();
  await expect(page.getByRole('link', { name: 'Download the template' })).toBeVisible();
  await page.getByLabel('CSV file (up to 2 MB, 5,000 rows)').setInputFiles({
    name: 'listings.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('import-summary')).toHaveText('1 created, 0 updated, 1 refused');
  const bad = page.getByTestId('import-line').nth(1);
  await expect(bad).toContainText('3');
  await expect(bad).toContainText('Enter the price in rupees');
  await page.goto('/district/varanasi');
  await expect(page.getByTestId('product-card').filter({ hasText: `Brass diya ${code}` })).toBeVisible();
});

test('a refused product says why, and what was typed stays in the form', async ({ page, baseURL }, info) => {
  test.setTimeout(60_000);
  await verifiedSeller(page, info, baseURL!);
  await page.goto('/dashboard/products/new');
  await ready(page, info);
  await page.getByLabel('Title in English').fill('Gulabi meenakari box');
  await page.getByLabel('Price (₹)', { exact: true }).fill('twelve hundred');
  await page.getByLabel('Length (cm)').fill('12');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('form-errors')).toContainText('Enter the price in rupees');
  await expect(page.getByTestId('form-errors')).toContainText('Give all three package sizes');
  await expect(page).toHaveURL(/\/dashboard\/products\/new/);
  // With JavaScript the form stayed on screen; without, the server drew it again from what was sent.
  await expect(page.getByLabel('Title in English')).toHaveValue('Gulabi meenakari box');
  await expect(page.getByLabel('Price (₹)', { exact: true })).toHaveValue('twelve hundred');
  await expect(page.getByLabel('Length (cm)')).toHaveValue('12');
});
