import { expect, test } from './fixtures';
import { hydrated, useEnglish, waitForHydration } from './helpers';
import { listProduct, phoneContext, ready, verifiedSeller } from './sellers';
import { registerAndAddAddress } from './buyers';

test('paid online through the sandbox, delivered, invoiced, reviewed and sent back', async ({ page, baseURL, browser }, info) => {
  test.setTimeout(180_000);
  // A verified seller lists a product.
  await verifiedSeller(page, info, baseURL!);
  const title = `Zari potli bag ${Math.floor(Math.random() * 1e6)}`;
  await listProduct(page, info, { title, price: '450', stock: '4', hsn: '4202' });

  // A buyer pays online: the sandbox gateway's page says it is a test.
  const context = await browser.newContext(phoneContext(info, baseURL!));
  const buyer = await context.newPage();
  await useEnglish(buyer, baseURL!);
  await buyer.goto('/district/varanasi');
  await buyer.getByRole('link', { name: title }).first().click();
  const productUrl = buyer.url();
  if (hydrated(info)) await waitForHydration(buyer);
  await buyer.getByRole('button', { name: 'Add to cart' }).click();
  await expect(buyer.getByTestId('cart-count')).toHaveText('1');
  await registerAndAddAddress(buyer, info, { name: 'Kavita Singh', phone: '9876509876', line: '3 Sigra', city: 'Varanasi', pin: '221010' }, 1);
  await buyer.getByLabel('Card, netbanking or UPI app (online)').check();
  await buyer.getByTestId('place-order').click();
  await expect(buyer).toHaveURL(/\/orders\/OM/);
  const reference = (await buyer.getByTestId('order-reference').textContent())!.trim();
  await expect(buyer.getByTestId('order-status')).toContainText('Awaiting payment');
  await buyer.getByTestId('pay-online').click();
  await expect(buyer.getByTestId('sandbox-banner')).toContainText('Sandbox gateway');
  await buyer.getByTestId('sandbox-pay').click();
  await expect(buyer).toHaveURL(new RegExp(`/orders/${reference}\\?payment=ok`));
  await expect(buyer.getByTestId('payment-note')).toContainText('Payment received');
  await expect(buyer.getByTestId('order-status')).toContainText('Placed');

  // The seller prints the packing slip, ships and delivers.
  await page.goto('/dashboard/orders');
  await ready(page, info);
  let order = page.getByTestId('seller-order').filter({ hasText: reference });
  await expect(order.getByTestId('slip-link')).toBeVisible();
  await order.getByRole('button', { name: 'Accept' }).click();
  await expect(page.getByTestId('seller-order').filter({ hasText: reference }).getByTestId('sub-status')).toHaveText('Accepted by the seller');
  await ready(page, info);
  order = page.getByTestId('seller-order').filter({ hasText: reference });
  await order.getByLabel('Courier').fill('India Post');
  await order.getByLabel('AWB (tracking number)').fill('EK111222333IN');
  await order.getByRole('button', { name: 'Mark shipped' }).click();
  await expect(page.getByTestId('seller-order').filter({ hasText: reference }).getByTestId('sub-status')).toHaveText('Shipped');
  await ready(page, info);
  await page.getByTestId('seller-order').filter({ hasText: reference }).getByRole('button', { name: 'Delivered' }).click();
  await expect(page.getByTestId('seller-order').filter({ hasText: reference }).getByTestId('sub-status')).toHaveText('Delivered');

  // The buyer reads the invoice (an unregistered artisan's bill of supply).
  await buyer.goto(`/orders/${reference}`);
  await buyer.getByTestId('invoice-link').click();
  await expect(buyer.getByTestId('invoice')).toContainText('Bill of supply');
  await expect(buyer.getByTestId('invoice-number')).toHaveText(/^OM\/\d\d-\d\d\/\d{6}$/);

  // …reviews the product…
  await buyer.goto(`/orders/${reference}`);
  await buyer.getByTestId('review-link').first().click();
  await expect(buyer).toHaveURL(/\/review$/);
  await buyer.getByLabel('★★★★☆').check();
  await buyer.getByLabel('Your review (optional)').fill('Fine zari, neatly stitched.');
  await buyer.getByTestId('save-review').click();
  await expect(buyer.getByTestId('product-rating')).toContainText('4.0');
  await expect(buyer.getByTestId('review').first()).toContainText('Fine zari');

  // …and asks to send it back.
  await buyer.goto(`/orders/${reference}`);
  if (hydrated(info)) await waitForHydration(buyer);
  await buyer.getByLabel('Why are you sending it back?').fill('The colour is not as in the photo');
  await buyer.getByRole('button', { name: 'Ask for a return' }).click();
  await expect(buyer.getByText('Return asked for').first()).toBeVisible();

  // The seller answers the review and approves the return.
  await page.goto('/dashboard/reviews');
  await ready(page, info);
  await page.getByLabel('Your answer (once, shown to everyone)').first().fill('Thank you, Kavita!');
  await page.getByRole('button', { name: 'Answer' }).first().click();
  await expect(page.getByTestId('review-reply').first()).toContainText('Thank you, Kavita!');
  await page.goto('/dashboard/orders');
  await ready(page, info);
  await page.getByTestId('seller-order').filter({ hasText: reference }).getByRole('button', { name: 'Approve the return' }).click();
  await expect(page.getByTestId('seller-order').filter({ hasText: reference }).getByTestId('sub-status')).toHaveText('Return approved — refund due');
  await buyer.goto(productUrl);
  await expect(buyer.getByTestId('review-reply').first()).toContainText('Thank you, Kavita!');
  await context.close();
});
