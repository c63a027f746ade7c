import { expect, test } from './fixtures';
import { hydrated, useEnglish, waitForHydration } from './helpers';
import { registerForCheckout } from './buyers';

test('a refused registration comes back with what was typed, each message next to its field, in Hindi', async ({ page }, info) => {
  await page.goto('/register');
  if (hydrated(info)) await waitForHydration(page);
  await page.getByLabel('आपका नाम').fill('रमेश कुमार');
  await page.getByLabel('मोबाइल नंबर या ई-मेल').fill('12345');
  // Five characters: the browser's own "minlength" bubble (in the browser's language) must not
  // stop the form; the server explains the rule on the page, in the page's language.
  await page.getByLabel('पासवर्ड').fill('abcde');
  await page.getByRole('button', { name: 'खाता बनाएँ' }).click();

  // Without JavaScript the server sends the reader back with the error; with it, the form alone
  // is replaced, without a page load.
  await expect(page).toHaveURL(hydrated(info) ? /\/register$/ : /\/register\?.*__err=/);
  await expect(page.getByLabel('आपका नाम')).toHaveValue('रमेश कुमार');
  await expect(page.getByLabel('मोबाइल नंबर या ई-मेल')).toHaveValue('12345');
  await expect(page.getByLabel('पासवर्ड')).toHaveValue('');
  const login = page.getByLabel('मोबाइल नंबर या ई-मेल');
  await expect(login).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#login-error')).toHaveText('10 अंकों का भारतीय मोबाइल नंबर या ई-मेल पता लिखें।');
  await expect(page.locator('#password-error')).toHaveText('पासवर्ड में कम से कम 8 अक्षर होने चाहिए।');
  // Both problems at once, also in the summary above the form.
  await expect(page.getByTestId('form-errors').getByRole('listitem')).toHaveCount(2);
  // The password itself never travels back.
  expect(await page.content()).not.toContain('abcde');
});

test('a refused delivery address keeps everything typed, in English too', async ({ page, baseURL }, info) => {
  await useEnglish(page, baseURL!);
  await registerForCheckout(page, info, 'Meera Joshi');

  const fill = async (pin: string) => {
    if (hydrated(info)) await waitForHydration(page);
    await page.getByLabel('Full name').fill('Meera Joshi');
    await page.getByLabel('Mobile number').fill('9876543210');
    await page.getByLabel('House, street').fill('12 Ghat Road');
    await page.getByLabel('Town or city').fill('Varanasi');
    await page.getByRole('combobox', { name: 'State' }).selectOption({ label: 'Uttar Pradesh' });
    await page.getByLabel('PIN code').fill(pin);
    await page.getByRole('button', { name: 'Save address' }).click();
  };
  const kept = async (pin: string) => {
    await expect(page.getByLabel('Full name')).toHaveValue('Meera Joshi');
    await expect(page.getByLabel('Mobile number')).toHaveValue('9876543210');
    await expect(page.getByLabel('House, street')).toHaveValue('12 Ghat Road');
    await expect(page.getByLabel('Town or city')).toHaveValue('Varanasi');
    await expect(page.getByRole('combobox', { name: 'State' })).toHaveValue('09');
    await expect(page.getByLabel('PIN code')).toHaveValue(pin);
  };

  await fill('22100');
  await expect(page.locator('#pin-error')).toHaveText('A PIN code has 6 digits.');
  await kept('22100');

  await fill('110001');
  await expect(page.locator('#pin-error')).toHaveText('This PIN code is not in the chosen state.');
  await kept('110001');
});
