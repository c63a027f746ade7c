import { expect, test } from './fixtures';
import { hydrated, useEnglish, waitForHydration } from './helpers';
import { listProduct, phoneContext, ready, verifiedSeller } from './sellers';
import { newBuyerPhone, registerAndAddAddress } from './buyers';

test('a guest buys from two sellers with cash on delivery; the seller ships; the buyer follows the timeline', async ({ page, baseURL, browser }, info) => {
  test.setTimeout(120_000);
  // A verified seller lists a product of their own.
  await verifiedSeller(page, info, baseURL!);
  const title = `Meenakari brooch ${Math.floor(Math.random() * 1e6)}`;
  await listProduct(page, info, { title, price: '650', stock: '3', hsn: '7117' });

  // A guest on another phone fills a cart from that seller and a Lucknow artisan.
  const context = await browser.newContext(phoneContext(info, baseURL!));
  const buyer = await context.newPage();
  await useEnglish(buyer, baseURL!);
  await buyer.goto('/district/varanasi');
  await buyer.getByRole('link', { name: title }).first().click();
  if (hydrated(info)) await waitForHydration(buyer);
  await buyer.getByRole('button', { name: 'Add to cart' }).click();
  await expect(buyer.getByTestId('cart-count')).toHaveText('1');
  await buyer.goto('/district/lucknow?in_stock=1');
  await buyer.getByTestId('product-card').first().locator('a').first().click();
  if (hydrated(info)) await waitForHydration(buyer);
  await buyer.getByRole('button', { name: 'Add to cart' }).click();
  await expect(buyer.getByTestId('cart-count')).toHaveText('2');

  // Checking out asks for an account; the cart comes along.
  await buyer.goto('/cart');
  await buyer.getByTestId('checkout').click();
  await buyer.getByRole('link', { name: 'Create an account' }).click();
  await expect(buyer).toHaveURL(/\/register\?next=/);
  if (hydrated(info)) await waitForHydration(buyer);
  await buyer.getByLabel('Your name').fill('Meera');
  await buyer.getByLabel('Mobile number or e-mail').fill(newBuyerPhone());
  await buyer.getByLabel('Password').fill('ganga-ghat-loom');
  await buyer.getByRole('button', { name: 'Create account' }).click();
  await expect(buyer).toHaveURL(/\/checkout/);

  if (hydrated(info)) await waitForHydration(buyer);
  await buyer.getByLabel('Full name').fill('Meera Sharma');
  await buyer.getByLabel('Mobile number').fill('9876501234');
  await buyer.getByLabel('House, street').fill('12 Hazratganj');
  await buyer.getByLabel('Town or city').fill('Lucknow');
  await buyer.getByLabel('State').selectOption('09');
  await buyer.getByLabel('PIN code').fill('226001');
  await buyer.getByRole('button', { name: 'Save address' }).click();
  await expect(buyer.getByTestId('part')).toHaveCount(2);
  await expect(buyer.getByTestId('summary')).toContainText('CGST');
  if (hydrated(info)) await waitForHydration(buyer);
  await buyer.getByTestId('place-order').click();
  await expect(buyer).toHaveURL(/\/orders\/OM[0-9A-F]{10}$/);
  const reference = (await buyer.getByTestId('order-reference').textContent())!.trim();
  await expect(buyer.getByTestId('sub-order')).toHaveCount(2);
  await expect(buyer.getByTestId('timeline').first()).toContainText('Placed');

  // The seller accepts and ships with the courier's tracking number.
  await page.goto('/dashboard/orders');
  await ready(page, info);
  const order = page.getByTestId('seller-order').filter({ hasText: reference });
  await expect(order).toContainText(title);
  await order.getByRole('button', { name: 'Accept' }).click();
  await expect(page.getByTestId('seller-order').filter({ hasText: reference }).getByTestId('sub-status')).toHaveText('Accepted by the seller');
  await ready(page, info);
  const accepted = page.getByTestId('seller-order').filter({ hasText: reference });
  await accepted.getByLabel('Courier').fill('India Post');
  await accepted.getByLabel('AWB (tracking number)').fill('EK987654321IN');
  await accepted.getByRole('button', { name: 'Mark shipped' }).click();
  await expect(page.getByTestId('seller-order').filter({ hasText: reference }).getByTestId('sub-status')).toHaveText('Shipped');

  // The buyer sees it on the timeline.
  await buyer.goto(`/orders/${reference}`);
  await expect(buyer.getByTestId('awb')).toContainText('EK987654321IN');
  await expect(buyer.getByTestId('sub-order').filter({ hasText: 'Shipped' })).toHaveCount(1);
  await context.close();
});

test('paying by UPI shows a QR code and the order waits for the payment', async ({ page, baseURL }, info) => {
  test.setTimeout(60_000);
  await useEnglish(page, baseURL!);
  await page.goto('/district/moradabad?in_stock=1');
  await page.getByTestId('product-card').first().locator('a').first().click();
  if (hydrated(info)) await waitForHydration(page);
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByTestId('cart-count')).toHaveText('1');
  await registerAndAddAddress(page, info, { name: 'Ravi Kumar', phone: '9876505678', line: '7 Civil Lines', city: 'Moradabad', pin: '244001' }, 1);
  await page.getByLabel('UPI (any UPI app)').check();
  await page.getByTestId('place-order').click();
  await expect(page).toHaveURL(/\/orders\/OM/);
  await expect(page.getByTestId('order-status')).toContainText('Awaiting payment');
  await expect(page.getByTestId('upi-qr').locator('svg')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open my UPI app' })).toHaveAttribute('href', /^upi:\/\/pay\?pa=/);
});
