import type { Locator, Page, Response } from 'playwright-core';

/**
 * Runs an action that loads a new page (a link, a form post) and waits until that page has loaded.
 * Returns the final response, after any redirects, so tests can check its status.
 */
export async function loadsPage(page: Page, action: () => Promise<unknown>): Promise<Response> {
  const response = page.waitForResponse((r) =>
    r.request().isNavigationRequest() && r.request().frame() === page.mainFrame() && (r.status() < 300 || r.status() >= 400));
  // The response alone is not enough: until the new document commits, the old one is still in the frame.
  const committed = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
  await action();
  const [final] = await Promise.all([response, committed]);
  await page.waitForLoadState('load');
  return final;
}

export interface ErrorSummaryItem {
  text: string;
  href: string;
}

/** What every page shares through the layout: header, account line, navigation, banners, error summary. */
export class BasePage {
  constructor(readonly page: Page) {}

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  get account(): Locator {
    return this.page.getByTestId('account');
  }

  get signOutButton(): Locator {
    return this.page.getByRole('button', { name: 'Sign out' });
  }

  get navigation(): Locator {
    return this.page.getByRole('navigation', { name: 'Menu' });
  }

  get notificationBanner(): Locator {
    return this.page.locator('.govuk-notification-banner');
  }

  get errorSummary(): Locator {
    return this.page.locator('.govuk-error-summary');
  }

  path(): string {
    const url = new URL(this.page.url());
    return url.pathname + url.search;
  }

  async headingText(): Promise<string> {
    return (await this.heading.innerText()).trim();
  }

  async accountText(): Promise<string> {
    return (await this.account.innerText()).replace(/\s+/g, ' ').trim();
  }

  async navigationItems(): Promise<string[]> {
    return (await this.navigation.getByRole('link').allInnerTexts()).map((t) => t.trim());
  }

  async openFromNavigation(name: string): Promise<Response> {
    return loadsPage(this.page, () => this.navigation.getByRole('link', { name, exact: true }).click());
  }

  async signOut(): Promise<Response> {
    return loadsPage(this.page, () => this.signOutButton.click());
  }

  async errorSummaryTitle(): Promise<string> {
    return (await this.errorSummary.locator('.govuk-error-summary__title').innerText()).trim();
  }

  async errorSummaryItems(): Promise<ErrorSummaryItem[]> {
    const links = await this.errorSummary.locator('.govuk-error-summary__list a').all();
    return Promise.all(links.map(async (link) => ({ text: (await link.innerText()).trim(), href: (await link.getAttribute('href')) ?? '' })));
  }

  /** The inline message GOV.UK puts above a field in error, e.g. for `#name` the `#name-error` element. */
  async fieldError(id: string): Promise<string> {
    return (await this.page.locator(`[id="${id}-error"]`).innerText()).replace(/^Error:\s*/, '').trim();
  }
}

/**
 * A GOV.UK table read as one record per body row, keyed by its column headers. The headers must be
 * the ones the page object expects, so a changed table fails loudly rather than reading wrong cells.
 */
export async function readTable<C extends string>(table: Locator, columns: readonly C[]): Promise<Record<C, string>[]> {
  const headers = (await table.locator('thead th').allInnerTexts()).map((h) => h.trim());
  if (headers.join('|') !== columns.join('|')) throw new Error(`Table columns are ${headers.join(', ')}; expected ${columns.join(', ')}`);
  const rows = await table.locator('tbody tr').all();
  return Promise.all(rows.map(async (row) => {
    const cells = (await row.locator('td').allInnerTexts()).map((c) => c.replace(/\s+/g, ' ').trim());
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ''])) as Record<C, string>;
  }));
}
