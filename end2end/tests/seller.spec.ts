import { expect, test } from './fixtures';
import { useEnglish } from './helpers';
import { newPhone, openQueue, phoneContext, ready, registerSeller } from './sellers';

test('a new seller registers in four steps, the ODOP cell approves, the seller is verified', async ({ page, browser, baseURL }, info) => {
  await useEnglish(page, baseURL!);
  const shop = await registerSeller(page, info, newPhone());

  const cell = await browser.newContext(phoneContext(info, baseURL!));
  const admin = await cell.newPage();
  await openQueue(admin, info, baseURL!);
  const item = admin.getByTestId('queue-item').filter({ hasText: shop });
  await expect(item).toContainText('09ABCPK1234M1ZQ');
  await ready(admin, info);
  await item.getByRole('button', { name: 'Approve' }).click();
  await expect(admin.getByTestId('queue-item').filter({ hasText: shop })).toHaveCount(0);
  await cell.close();

  await page.goto('/sell');
  await expect(page.getByTestId('seller-status')).toHaveAttribute('data-status', 'verified');
  await expect(page.getByTestId('seller-status')).toContainText('Verified seller');
  await page.getByTestId('seller-status').getByRole('link', { name: /^\/seller\// }).click();
  await expect(page.getByTestId('seller-page')).toContainText(shop);
  await expect(page.getByTestId('seller-story')).toContainText('zari borders in Madanpura');
  // The photo was resized to square copies on the server.
  const photo = page.locator('img.seller-photo');
  await expect(photo).toHaveAttribute('srcset', /-200\.jpg 200w, .*-400\.jpg 400w/);
  await expect
    .poll(() => photo.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)))
    .toBeGreaterThan(0);
});

test('a rejected seller sees the reason and can correct the application', async ({ page, browser, baseURL }, info) => {
  await useEnglish(page, baseURL!);
  const shop = await registerSeller(page, info, newPhone());

  const cell = await browser.newContext(phoneContext(info, baseURL!));
  const admin = await cell.newPage();
  await openQueue(admin, info, baseURL!);
  const item = admin.getByTestId('queue-item').filter({ hasText: shop });
  await ready(admin, info);
  const reason = 'The enrolment number belongs to another PAN. Please check it.';
  await item.getByLabel('Reason for the seller').fill(reason);
  await item.getByRole('button', { name: 'Return with reason' }).click();
  await expect(admin.getByTestId('queue-item').filter({ hasText: shop })).toHaveCount(0);
  await cell.close();

  await page.goto('/sell');
  await expect(page.getByTestId('seller-status')).toHaveAttribute('data-status', 'rejected');
  await expect(page.getByTestId('rejection-reason')).toContainText(reason);
  // Rejected applications open again for changes.
  await page.goto('/sell?step=3');
  await expect(page.getByTestId('wizard-step')).toHaveAttribute('data-step', '3');
});

test('the wizard is in Hindi by default and a guest cannot reach the admin queue', async ({ page }, info) => {
  await page.goto('/sell');
  await ready(page, info);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('अपना शिल्प बेचें — निःशुल्क');
  await expect(page.getByLabel('मोबाइल नंबर')).toBeVisible();
  await page.goto('/admin/sellers');
  await expect(page.getByRole('link', { name: 'साइन इन' })).toBeVisible();
  await expect(page.getByTestId('queue')).toHaveCount(0);
});
