import { expect, test } from './fixtures';
import { hydrated, prices, useEnglish, waitForHydration } from './helpers';

test('changing a filter updates the list without loading a new page', async ({ page, baseURL }, info) => {
  test.skip(!hydrated(info), 'needs JavaScript: this proves the client took over');
  await useEnglish(page, baseURL!);
  await page.goto('/district/bhadohi');
  await waitForHydration(page);
  // A full page load would wipe this marker.
  await page.evaluate(() => ((window as any).__sameDocument = true));
  const before = await prices(page);

  await page.getByLabel('Sort by').selectOption('price_desc');
  await expect(page).toHaveURL(/sort=price_desc/);
  await expect.poll(() => prices(page)).toEqual([...before].sort((a, b) => b - a));
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);

  await page.getByLabel('Sort by').selectOption('price_asc');
  await expect(page).toHaveURL(/sort=price_asc/);
  await expect.poll(() => prices(page)).toEqual([...before].sort((a, b) => a - b));
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
});

test('a keyboard user keeps focus on the filter they changed', async ({ page, baseURL }, info) => {
  test.skip(!hydrated(info), 'without JavaScript the form is submitted with its button, as usual');
  await useEnglish(page, baseURL!);
  await page.goto('/district/firozabad');
  await waitForHydration(page);
  const sort = page.getByLabel('Sort by');
  await sort.focus();
  await sort.selectOption('price_asc');
  await expect(page).toHaveURL(/sort=price_asc/);
  await expect(page.getByLabel('Sort by')).toHaveValue('price_asc');
  await expect(page.getByLabel('Sort by')).toBeFocused();
  await page.getByLabel('In stock only').check();
  await expect(page).toHaveURL(/in_stock=1/);
  await expect(page.getByLabel('In stock only')).toBeFocused();
});

test('"add to cart" changes the header badge at once, without loading a new page', async ({ page, baseURL }, info) => {
  test.skip(!hydrated(info), 'needs JavaScript: without it the form posts and lands on the cart (cart.spec.ts)');
  await useEnglish(page, baseURL!);
  await page.goto('/district/firozabad?in_stock=1');
  await waitForHydration(page);
  await page.evaluate(() => ((window as any).__sameDocument = true));
  await expect(page.getByTestId('cart-count')).toBeHidden();

  // From the list: one piece of a product without options.
  const quick = page.getByTestId('product-card').getByRole('button', { name: /^Add to cart/ });
  await quick.first().click();
  await expect(page.getByTestId('cart-count')).toHaveText('1');
  await expect(page.getByTestId('product-card').getByTestId('added').first()).toBeVisible();

  // The list redrawn by a filter still adds (its islands come alive again).
  await page.getByLabel('Sort by').selectOption('price_desc');
  await expect(page).toHaveURL(/sort=price_desc/);
  await expect(page.getByTestId('product-card').getByTestId('added')).toHaveCount(0);
  await quick.first().click();
  await expect(page.getByTestId('cart-count')).toHaveText('2');
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);

  // From a product page: the badge follows too.
  await page.getByTestId('product-card').first().locator('a').first().click();
  await expect(page).toHaveURL(/\/product\//);
  await waitForHydration(page);
  await page.evaluate(() => ((window as any).__sameDocument = true));
  await page.getByRole('button', { name: 'Add to cart', exact: true }).click();
  await expect(page.getByTestId('added')).toBeVisible();
  await expect(page.getByTestId('cart-count')).toHaveText('3');
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
  await expect(page).toHaveURL(/\/product\//);
});
