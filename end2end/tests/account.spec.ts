import { expect, test } from './fixtures';
import { hydrated, useEnglish, verifyPhoneByOutbox, waitForHydration } from './helpers';

/** A mobile number nobody else in this run uses. */
function newPhone(): string {
  return '9' + String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
}

test('a shopper registers, signs out and signs in again', async ({ page, baseURL }, info) => {
  await useEnglish(page, baseURL!);
  const phone = newPhone();
  await page.goto('/register');
  if (hydrated(info)) await waitForHydration(page);
  await page.getByLabel('Your name').fill('Asha Devi');
  await page.getByLabel('Mobile number or e-mail').fill(phone);
  await page.getByLabel('Password').fill('ganga-ghat-loom');
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId('account')).toContainText('Signed in as Asha Devi');
  await expect(page.getByTestId('account')).toContainText(`+91 ${phone}`);

  await verifyPhoneByOutbox(page, info, phone);
  await expect(page.getByTestId('phone-verified')).toHaveText('Mobile number verified');

  if (hydrated(info)) await waitForHydration(page);
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/account');
  await expect(page.getByTestId('account')).toContainText('You are not signed in');

  await page.goto('/sign-in');
  if (hydrated(info)) await waitForHydration(page);
  await page.getByLabel('Mobile number or e-mail').fill(`+91 ${phone}`);
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('form-errors')).toContainText('The mobile number / e-mail or the password is wrong.');

  if (hydrated(info)) await waitForHydration(page);
  await page.getByLabel('Mobile number or e-mail').fill(phone);
  await page.getByLabel('Password').fill('ganga-ghat-loom');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId('account')).toContainText('Signed in as Asha Devi');
});

test('a weak password is refused with a clear message in Hindi', async ({ page }, info) => {
  await page.goto('/register');
  if (hydrated(info)) await waitForHydration(page);
  await page.getByLabel('आपका नाम').fill('रमेश');
  await page.getByLabel('मोबाइल नंबर या ई-मेल').fill(newPhone());
  await page.getByLabel('पासवर्ड').fill('password');
  await page.getByRole('button', { name: 'खाता बनाएँ' }).click();
  await expect(page.getByTestId('form-errors')).toContainText('यह पासवर्ड बहुत आम है');
  await expect(page).toHaveURL(/\/register/);
});
