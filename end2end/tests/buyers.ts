import { expect, Page, TestInfo } from '@playwright/test';
import { hydrated, waitForHydration } from './helpers';

export function newBuyerPhone(): string {
  return '7' + String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
}

export interface Address {
  name: string;
  phone: string;
  line: string;
  city: string;
  pin: string;
}

/** A new shopper's account (English pages), made from the checkout's "create an account". */
export async function registerForCheckout(page: Page, info: TestInfo, name: string) {
  await page.goto('/register?next=/checkout');
  if (hydrated(info)) await waitForHydration(page);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Mobile number or e-mail').fill(newBuyerPhone());
  await page.getByLabel('Password').fill('ganga-ghat-loom');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/checkout/);
}

/** A new account made from the checkout's "create an account" (the cart comes along), then an
 * address in Uttar Pradesh; the checkout then shows `parts` seller parts. */
export async function registerAndAddAddress(page: Page, info: TestInfo, a: Address, parts: number) {
  await registerForCheckout(page, info, a.name);
  if (hydrated(info)) await waitForHydration(page);
  await page.getByLabel('Full name').fill(a.name);
  await page.getByLabel('Mobile number').fill(a.phone);
  await page.getByLabel('House, street').fill(a.line);
  await page.getByLabel('Town or city').fill(a.city);
  await page.getByLabel('PIN code').fill(a.pin);
  await page.getByRole('button', { name: 'Save address' }).click();
  await expect(page.getByTestId('part')).toHaveCount(parts);
  if (hydrated(info)) await waitForHydration(page);
}
