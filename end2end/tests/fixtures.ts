/**
 * The `test` every spec uses: Playwright's, with two checks that run around each journey.
 *
 * - No Content-Security-Policy violation on any page the journey opens (Chromium reports each
 *   one as a console error), with and without JavaScript.
 * - Accessibility: every kind of page the journey visited is opened again after it, in Hindi
 *   and in English, and axe-core finds no serious or critical violation (WCAG 2.1 A/AA). The
 *   markup is the same with and without JavaScript, so this runs in the hydrated project; a
 *   kind of page already checked by this worker is not checked again.
 */
import AxeBuilder from '@axe-core/playwright';
import { BrowserContext, expect, Page, test as base, TestInfo } from '@playwright/test';

export { expect };

/** Kinds of page (see `kindOf`) this worker has checked already. */
const checked = new Set<string>();

/** Pages whose GET does something (asks the gateway) or that are not the site's own pages. */
const skipped = [/^\/orders\/[^/]+\/pay/, /^\/payments\//, /^\/sandbox\//, /^\/dev\//, /\.csv$/, /^\/media\//, /^\/healthz/];

/** `/product/brass-diya-12` → `/product/*`; the wizard's steps count as kinds of their own. */
function kindOf(url: URL): string {
  const parts = url.pathname.split('/').filter(Boolean);
  const shape = parts.map((p, i) => (i === 0 || /^(new|orders|products|reviews|payouts|import|review|slip)$/.test(p) ? p : '*'));
  const step = url.pathname === '/sell' ? `?step=${url.searchParams.get('step') ?? ''}` : '';
  const refused = url.searchParams.has('__err') ? ' (refused)' : '';
  return '/' + shape.join('/') + step + refused;
}

function watchCsp(page: Page, violations: string[], documents: string[]) {
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy/i.test(m.text())) {
      violations.push(`${page.url()} (${m.location().url}): ${m.text()}`);
    }
  });
  // Which policy each document came with, to tell where a violation came from.
  page.on('response', (r) => {
    if (r.request().resourceType() === 'document') {
      const policy = r.headers()['content-security-policy'] ?? 'none';
      documents.push(`${r.status()} ${r.url()}: ${policy.includes("'nonce-") ? 'nonce' : policy.slice(0, 40)}`);
    }
  });
}

async function checkAccessibility(context: BrowserContext, urls: string[], baseURL: string) {
  const problems: string[] = [];
  const cookies = await context.cookies(baseURL);
  const language = cookies.find((c) => c.name === 'i18n_pref_locale')?.value;
  const page = await context.newPage();
  try {
    for (const url of urls) {
      for (const lang of ['hi', 'en']) {
        await context.addCookies([{ name: 'i18n_pref_locale', value: lang, url: baseURL }]);
        const response = await page.goto(url);
        if (!response || response.status() >= 500) continue;
        const result = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
          .analyze();
        for (const v of result.violations) {
          if (v.impact === 'serious' || v.impact === 'critical') {
            const where = v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ');
            problems.push(`${url} [${lang}] ${v.id} (${v.impact}): ${v.help} — ${where}`);
          }
        }
      }
    }
  } finally {
    await page.close();
    if (language) {
      await context.addCookies([{ name: 'i18n_pref_locale', value: language, url: baseURL }]);
    } else {
      await context.clearCookies({ name: 'i18n_pref_locale' });
    }
  }
  expect(problems, 'serious or critical accessibility violations').toEqual([]);
}

export const test = base.extend<{ guards: void }>({
  guards: [
    async ({ page, context, baseURL }, use, info: TestInfo) => {
      const violations: string[] = [];
      const documents: string[] = [];
      watchCsp(page, violations, documents);
      context.on('page', (p) => watchCsp(p, violations, documents));
      const visited = new Map<string, string>();
      page.on('framenavigated', (frame) => {
        if (frame !== page.mainFrame()) return;
        const url = new URL(frame.url());
        if (!frame.url().startsWith(baseURL!) || skipped.some((r) => r.test(url.pathname))) return;
        const kind = kindOf(url);
        if (!visited.has(kind)) visited.set(kind, url.pathname + url.search);
      });
      await use();
      expect(violations, `Content-Security-Policy violations; documents:\n${documents.join('\n')}`).toEqual([]);
      if (info.project.name === 'hydrated' && info.status === info.expectedStatus) {
        const fresh = [...visited].filter(([kind]) => !checked.has(kind));
        fresh.forEach(([kind]) => checked.add(kind));
        if (fresh.length > 0) {
          await checkAccessibility(context, fresh.map(([, url]) => url), baseURL!);
        }
      }
    },
    { auto: true },
  ],
});
