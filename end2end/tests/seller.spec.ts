import { expect, Page, test, TestInfo } from '@playwright/test';
import { createAdmin, photoPng, totp } from './admin';
import { hydrated, useEnglish, verifyPhoneByOutbox, waitForHydration } from './helpers';

const PASSWORD = 'zari-work-benares';

function newPhone(): string {
  return '8' + String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
}

async function ready(page: Page, info: TestInfo) {
  if (hydrated(info)) await waitForHydration(page);
}

/** Steps 1–4 of the wizard and "send", as a new seller on a phone; returns the shop's name. */
async function registerSeller(page: Page, info: TestInfo, phone: string): Promise<string> {
  const shop = `Shanti Zari ${phone.slice(-4)}`;
  await page.goto('/sell');
  await ready(page, info);
  await expect(page.getByTestId('wizard-step')).toHaveAttribute('data-step', '1');
  await page.getByLabel('Your name').fill('Shanti Devi');
  await page.getByLabel('Mobile number').fill(phone);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Preferred language').selectOption('en');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 1, second half: the code "sent" by SMS.
  await expect(page.getByTestId('verify-phone')).toBeVisible();
  await verifyPhoneByOutbox(page, info, phone);

  // Step 2: the craft. The district's ODOP product is suggested.
  await expect(page.getByTestId('wizard-step')).toHaveAttribute('data-step', '2');
  await ready(page, info);
  await page.getByLabel('Shop or workshop name').fill(shop);
  await page.getByLabel('Your district').selectOption('varanasi');
  if (hydrated(info)) {
    await expect(page.getByTestId('odop-suggestion')).toContainText('Banarasi');
  }
  await page.getByRole('combobox', { name: /^Craft/ }).selectOption('textile');
  await page.getByLabel('The story of your workshop').fill('My family has woven zari borders in Madanpura for three generations.');
  await page.getByLabel("Your photo or your workshop's (optional)").setInputFiles({
    name: 'workshop.png',
    mimeType: 'image/png',
    buffer: photoPng(),
  });
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 3: an unregistered artisan (PAN and GST enrolment; sells within UP only).
  await expect(page.getByTestId('wizard-step')).toHaveAttribute('data-step', '3');
  await ready(page, info);
  await page.getByLabel('I am not registered for GST (artisan)').check();
  await page.getByLabel('PAN', { exact: true }).fill('ABCPK1234M');
  await page.getByLabel('GST enrolment number').fill('09ABCPK1234M1ZQ');
  await page.getByLabel('House / workshop, street').fill('K 48/12 Madanpura');
  await page.getByLabel('Town or city').fill('Varanasi');
  await page.getByLabel('PIN code').fill('248001');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  // A PIN outside Uttar Pradesh is refused with a clear message; nothing moves on.
  await expect(page.getByTestId('form-errors')).toContainText('The pickup address must be in Uttar Pradesh.');
  await ready(page, info);
  await page.getByLabel('I am not registered for GST (artisan)').check();
  await page.getByLabel('PAN', { exact: true }).fill('ABCPK1234M');
  await page.getByLabel('GST enrolment number').fill('09ABCPK1234M1ZQ');
  await page.getByLabel('House / workshop, street').fill('K 48/12 Madanpura');
  await page.getByLabel('Town or city').fill('Varanasi');
  await page.getByLabel('PIN code').fill('221001');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 4: payouts by UPI.
  await expect(page.getByTestId('wizard-step')).toHaveAttribute('data-step', '4');
  await ready(page, info);
  await page.getByLabel('UPI ID', { exact: true }).check();
  await page.getByLabel('UPI ID (like name@bank)').fill('shanti.zari@oksbi');
  await page.getByLabel("Account holder's name").fill('Shanti Devi');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Check and send.
  await expect(page.getByTestId('wizard-step')).toHaveAttribute('data-step', '5');
  await expect(page.getByTestId('wizard-step')).toContainText('Sells within Uttar Pradesh only');
  await ready(page, info);
  await page.getByRole('button', { name: 'Send for verification' }).click();
  await expect(page.getByTestId('seller-status')).toHaveAttribute('data-status', 'pending');
  return shop;
}

/** A second person's browser: the same phone and the same JavaScript setting as the test's. */
function phoneContext(info: TestInfo, baseURL: string) {
  return {
    baseURL,
    javaScriptEnabled: hydrated(info),
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: 'en-IN',
  };
}

/** A new admin signs in with password and authenticator code and opens the queue. */
async function openQueue(page: Page, info: TestInfo, baseURL: string): Promise<void> {
  const login = `cell-${Date.now()}-${Math.floor(Math.random() * 1e6)}@odop.test`;
  const secret = createAdmin(login, PASSWORD);
  await useEnglish(page, baseURL);
  await page.goto('/sign-in');
  await ready(page, info);
  await page.getByLabel('Mobile number or e-mail').fill(login);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('second-factor')).toBeVisible();
  await ready(page, info);
  await page.getByLabel('Authenticator code').fill(totp(secret));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page).toHaveURL(/\/admin\/sellers$/);
  await expect(page.getByTestId('queue')).toBeVisible();
}

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
  await page.getByTestId('seller-status').getByRole('link').click();
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
