import { expect, Page, TestInfo } from '@playwright/test';

export const hydrated = (info: TestInfo) => info.project.name === 'hydrated';

/** Waits until the WASM has hydrated the page (the app marks <body> when it has). */
export async function waitForHydration(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

/** Opens a page in English (the site speaks Hindi unless told otherwise). */
export async function useEnglish(page: Page, baseURL: string) {
  await page.context().addCookies([{ name: 'i18n_pref_locale', value: 'en', url: baseURL }]);
}

/** "₹1,23,456.50" → 123456.5 */
export function rupees(text: string): number {
  return Number(text.replace(/[^0-9.]/g, ''));
}

export async function prices(page: Page): Promise<number[]> {
  const texts = await page.getByTestId('product-list').getByTestId('price').allTextContents();
  return texts.map(rupees);
}

/** Verifies the mobile number with the code "sent" by SMS (the development outbox shows it). */
export async function verifyPhoneByOutbox(page: Page, info: TestInfo, phone: string) {
  if (hydrated(info)) await waitForHydration(page);
  await page.getByRole('button', { name: 'Send me a code by SMS' }).click();
  // With JavaScript the click only starts a request: look again until the SMS is in the outbox.
  const outbox = await page.context().newPage();
  let sms: string | null = null;
  await expect
    .poll(async () => {
      await outbox.goto('/dev/outbox');
      const row = outbox.getByRole('row').filter({ hasText: `+91${phone}` });
      sms = (await row.count()) > 0 ? await row.first().textContent() : null;
      return sms !== null;
    })
    .toBe(true);
  const code = (sms as string | null)!.match(/\b(\d{6})\b/)![1];
  await outbox.close();
  if (hydrated(info)) await waitForHydration(page);
  await page.getByLabel('Six-digit code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
}
