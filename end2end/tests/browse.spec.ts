import { expect, test } from './fixtures';
import { hydrated, prices, useEnglish, waitForHydration } from './helpers';

test('a shopper goes from the map to a district, filters with the form and opens a product', async ({ page }, info) => {
  await page.goto('/districts');
  await expect(page.locator('html')).toHaveAttribute('lang', 'hi');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('75 ज़िले और उनके शिल्प');
  await expect(page.getByTestId('district-list').getByRole('listitem')).toHaveCount(75);
  if (hydrated(info)) await waitForHydration(page);

  // The map: every district is a link named after it and its craft.
  const varanasi = page.getByRole('link', { name: 'वाराणसी — बनारसी रेशमी साड़ी' });
  await expect(varanasi).toHaveCount(1);
  if (hydrated(info)) {
    await varanasi.hover();
    await expect(page.getByTestId('map-info')).toHaveText('वाराणसी — बनारसी रेशमी साड़ी');
  }
  await varanasi.click();

  await expect(page).toHaveURL(/\/district\/varanasi$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('वाराणसी');
  await expect(page.getByTestId('odop-product')).toHaveText('बनारसी रेशमी साड़ी');
  const all = await page.getByTestId('product-card').count();
  expect(all).toBeGreaterThanOrEqual(4);

  // Filter through the form: in stock only, cheapest first.
  if (hydrated(info)) await waitForHydration(page);
  // With JavaScript each change applies at once (and redraws the form), so wait for it.
  await page.getByLabel('क्रम').selectOption('price_asc');
  if (hydrated(info)) await expect(page).toHaveURL(/sort=price_asc/);
  await page.getByLabel('केवल उपलब्ध').check();
  if (hydrated(info)) await expect(page).toHaveURL(/in_stock=1/);
  await expect(page.getByLabel('केवल उपलब्ध')).toBeChecked();
  await page.getByRole('button', { name: 'फ़िल्टर लगाएँ' }).click();
  await expect(page).toHaveURL(/in_stock=1/);
  await expect(page).toHaveURL(/sort=price_asc/);
  await expect(page.getByTestId('product-list').getByTestId('stock')).not.toContainText(['स्टॉक में नहीं']);
  const p = await prices(page);
  expect(p.length).toBeGreaterThan(0);
  expect([...p].sort((a, b) => a - b)).toEqual(p);

  // Open the first product.
  const first = page.getByTestId('product-card').first();
  const title = (await first.getByRole('heading').textContent())!.trim();
  await first.getByRole('link').click();
  await expect(page).toHaveURL(/\/product\//);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByTestId('price').first()).toHaveText(/^₹[0-9,]+(\.[0-9]{2})?$/);
  await expect(page.getByTestId('seller')).not.toBeEmpty();
  await expect(page.getByRole('link', { name: 'वाराणसी' })).toBeVisible();
});

test('a district on the map opens with the keyboard', async ({ page }) => {
  await page.goto('/districts');
  const lucknow = page.getByRole('link', { name: 'लखनऊ — चिकनकारी एवं ज़री-ज़रदोज़ी' });
  await lucknow.focus();
  await expect(lucknow).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/district\/lucknow$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('लखनऊ');
});

test('filters given in the URL are applied by the server', async ({ page, baseURL }) => {
  await useEnglish(page, baseURL!);
  await page.goto('/district/moradabad?max_price=5000&sort=price_desc');
  await expect(page.getByLabel('Max price (₹)')).toHaveValue('5000');
  await expect(page.getByLabel('Sort by')).toHaveValue('price_desc');
  const p = await prices(page);
  expect(p.length).toBeGreaterThan(0);
  expect(p.every((x) => x <= 5000)).toBe(true);
  expect([...p].sort((a, b) => b - a)).toEqual(p);
});

test('bad filter values are ignored with a note', async ({ page, baseURL }) => {
  await useEnglish(page, baseURL!);
  const response = await page.goto('/products?min_price=abc&category=nonsense');
  expect(response!.status()).toBe(200);
  await expect(page.getByTestId('filter-notices')).toContainText('minimum price “abc” is not an amount in rupees');
  await expect(page.getByTestId('filter-notices')).toContainText('there is no craft “nonsense”');
  await expect(page.getByTestId('product-card')).toHaveCount(24);
});

test('a filter with no match shows the empty state', async ({ page, baseURL }) => {
  await useEnglish(page, baseURL!);
  await page.goto('/district/hathras?min_price=9999999');
  await expect(page.getByTestId('empty-state')).toContainText('No products match these filters');
});

test('unknown pages answer 404', async ({ page }) => {
  const response = await page.goto('/district/atlantis');
  expect(response!.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toBeVisible();
  expect((await page.goto('/product/nothing-here'))!.status()).toBe(404);
});

test('the language switch turns the page into English and back', async ({ page }, info) => {
  await page.goto('/district/varanasi?gi=1');
  if (hydrated(info)) await waitForHydration(page);
  await page.getByRole('button', { name: 'भाषा: English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveURL(/\/district\/varanasi\?gi=1$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Varanasi');
  await page.getByRole('button', { name: 'Language: हिन्दी' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'hi');
});

test('the catalogue filters across several districts and pages', async ({ page, baseURL }, info) => {
  await useEnglish(page, baseURL!);
  await page.goto('/products');
  await expect(page.getByTestId('product-card')).toHaveCount(24);
  await page.getByTestId('district-filter-toggle').click();
  if (hydrated(info)) await waitForHydration(page);
  await page.getByRole('checkbox', { name: 'Agra', exact: true }).check();
  if (hydrated(info)) await expect(page).toHaveURL(/district=agra/);
  await page.getByRole('checkbox', { name: 'Firozabad', exact: true }).check();
  if (hydrated(info)) await expect(page).toHaveURL(/district=firozabad/);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/district=agra/);
  await expect(page).toHaveURL(/district=firozabad/);
  // With JavaScript the list is replaced in place after the URL changes: poll until every card shown
  // is from one of the two districts rather than counting cards that may still be the old list.
  const cards = page.getByTestId('product-card');
  await expect
    .poll(async () => {
      const texts = await cards.allTextContents();
      return texts.length > 0 && texts.every((t) => /Agra|Firozabad/.test(t));
    })
    .toBe(true);
  await page.goto('/products?page=2');
  await expect(page.getByRole('navigation', { name: 'Pages' })).toContainText('Page 2 of');
});

test('a product page carries its preview for a shared link and a WhatsApp link', async ({ page, baseURL }) => {
  await useEnglish(page, baseURL!);
  await page.goto('/district/moradabad');
  const first = page.getByTestId('product-card').first();
  await first.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/product\//);
  const title = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
  const meta = (key: string) => page.locator(`meta[property="${key}"], meta[name="${key}"]`).first();
  await expect(meta('og:title')).toHaveAttribute('content', title);
  await expect(meta('og:type')).toHaveAttribute('content', 'product');
  await expect(meta('og:url')).toHaveAttribute('content', `${baseURL}${new URL(page.url()).pathname}`);
  await expect(meta('og:image')).toHaveAttribute('content', new RegExp(`^${baseURL}/`));
  await expect(meta('product:price:currency')).toHaveAttribute('content', 'INR');
  await expect(meta('product:price:amount')).toHaveAttribute('content', /^[0-9]+(\.[0-9]{2})?$/);
  await expect(meta('twitter:card')).toHaveAttribute('content', 'summary_large_image');
  const share = page.getByTestId('share-whatsapp');
  const href = (await share.getAttribute('href'))!;
  expect(href.startsWith('https://wa.me/?text=')).toBe(true);
  const text = decodeURIComponent(href.slice('https://wa.me/?text='.length));
  expect(text).toContain(title);
  expect(text).toContain(page.url());
});
