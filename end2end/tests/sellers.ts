import { expect, Page, TestInfo } from '@playwright/test';
import { createAdmin, photoPng, totp } from './admin';
import { hydrated, useEnglish, verifyPhoneByOutbox, waitForHydration } from './helpers';

const PASSWORD = 'zari-work-benares';

export function newPhone(): string {
  return '8' + String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
}

export async function ready(page: Page, info: TestInfo) {
  if (hydrated(info)) await waitForHydration(page);
}

/** Step 3 as an unregistered artisan (PAN and GST enrolment) with a pickup PIN. */
async function fillBusiness(page: Page, info: TestInfo, pin: string) {
  await ready(page, info);
  await page.getByLabel('I am not registered for GST (artisan)').check();
  await page.getByLabel('PAN', { exact: true }).fill('ABCPK1234M');
  await page.getByLabel('GST enrolment number').fill('09ABCPK1234M1ZQ');
  await page.getByLabel('House / workshop, street').fill('K 48/12 Madanpura');
  await page.getByLabel('Town or city').fill('Varanasi');
  await page.getByLabel('PIN code').fill(pin);
  await page.getByRole('button', { name: 'Save and continue' }).click();
}

/** Steps 1–4 of the wizard and "send", as a new seller on a phone; returns the shop's name. */
export async function registerSeller(page: Page, info: TestInfo, phone: string): Promise<string> {
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
  await fillBusiness(page, info, '248001');
  // A PIN outside Uttar Pradesh is refused with a clear message; nothing moves on.
  await expect(page.getByTestId('form-errors')).toContainText('The pickup address must be in Uttar Pradesh.');
  await fillBusiness(page, info, '221001');

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
/** Another person's phone: its own browser and its own network address. */
export function phoneContext(info: TestInfo, baseURL: string) {
  const byte = () => Math.floor(Math.random() * 254) + 1;
  return {
    baseURL,
    extraHTTPHeaders: { 'X-Forwarded-For': `10.${byte()}.${byte()}.${byte()}` },
    javaScriptEnabled: hydrated(info),
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: 'en-IN',
  };
}

/** A new admin signs in with password and authenticator code and opens the queue. */
export async function openQueue(page: Page, info: TestInfo, baseURL: string): Promise<void> {
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


/** A new seller, registered and approved by a new admin (in a second browser). Returns the shop. */
export async function verifiedSeller(page: Page, info: TestInfo, baseURL: string): Promise<string> {
  await useEnglish(page, baseURL);
  const shop = await registerSeller(page, info, newPhone());
  const cell = await page.context().browser()!.newContext(phoneContext(info, baseURL));
  const admin = await cell.newPage();
  await openQueue(admin, info, baseURL);
  const item = admin.getByTestId('queue-item').filter({ hasText: shop });
  await ready(admin, info);
  await item.getByRole('button', { name: 'Approve' }).click();
  await expect(admin.getByTestId('queue-item').filter({ hasText: shop })).toHaveCount(0);
  await cell.close();
  return shop;
}

/** The signed-in verified seller lists a product with one photo; returns to the dashboard. */
export async function listProduct(page: Page, info: TestInfo, p: { title: string; price: string; stock: string; hsn: string }) {
  await page.goto('/dashboard/products/new');
  await ready(page, info);
  await page.getByLabel('Title in English').fill(p.title);
  await page.getByLabel('Price (₹)', { exact: true }).fill(p.price);
  await page.getByLabel('Stock', { exact: true }).fill(p.stock);
  await page.getByLabel('HSN code').fill(p.hsn);
  await page.getByLabel('Add photos (camera or gallery)').setInputFiles({ name: 'p.png', mimeType: 'image/png', buffer: photoPng(300, 300) });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/dashboard/);
}
