import type { Locator } from 'playwright-core';
import { BasePage, loadsPage } from './base-page.js';

/** The prosecutions section of the Competent Authority's case page. */
export class CaseProsecutionsSection extends BasePage {
  get section(): Locator {
    return this.page.locator('#prosecutions');
  }

  async cardTitles(): Promise<string[]> {
    return (await this.page.locator('#prosecutions ~ .govuk-summary-card .govuk-summary-card__title').allInnerTexts()).map((t) => t.trim());
  }

  /** The defendants table of one prosecution: one entry per offence, by column header. */
  async offences(reference: string): Promise<Record<string, string>[]> {
    const card = this.page.locator('.govuk-summary-card', { has: this.page.getByRole('heading', { name: `Prosecution ${reference}` }) });
    const headers = (await card.locator('thead th').allInnerTexts()).map((h) => h.trim());
    const rows = await card.locator('tbody tr').all();
    return Promise.all(rows.map(async (row) => {
      const cells = (await row.locator('td').allInnerTexts()).map((c) => c.trim());
      return Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? '']));
    }));
  }
}

/** Convictions by offence and year, for analysts and policy leads. */
export class ProsecutionStatisticsPage extends BasePage {
  static readonly path = '/statistics/prosecutions';

  async show(fromYear: string, toYear: string) {
    await this.page.getByLabel('First year').fill(fromYear);
    await this.page.getByLabel('Last year').fill(toYear);
    return loadsPage(this.page, () => this.page.getByRole('button', { name: 'Show the statistics' }).click());
  }

  async captions(): Promise<string[]> {
    return (await this.page.locator('table caption').allInnerTexts()).map((t) => t.trim());
  }

  /** A table's figures as { row: { column: value } }. */
  async figures(caption: RegExp): Promise<Record<string, Record<string, string>>> {
    const table = this.page.locator('table', { has: this.page.locator('caption', { hasText: caption }) });
    const headers = (await table.locator('thead th').allInnerTexts()).map((h) => h.trim());
    const result: Record<string, Record<string, string>> = {};
    for (const row of await table.locator('tbody tr').all()) {
      const label = (await row.locator('th').innerText()).trim();
      const cells = (await row.locator('td').allInnerTexts()).map((c) => c.trim());
      result[label] = Object.fromEntries(headers.slice(1).map((h, i) => [h, cells[i]!]));
    }
    return result;
  }
}
