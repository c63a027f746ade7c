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
