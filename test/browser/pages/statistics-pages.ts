import type { Locator, Response } from 'playwright-core';
import { BasePage, loadsPage, readTable } from './base-page.js';

/** A date as typed into GOV.UK date inputs: day, month, year. */
export type DateParts = readonly [day: string, month: string, year: string];

/** /statistics: the period form and the published releases. */
export class StatisticsPage extends BasePage {
  static readonly path = '/statistics';

  get main(): Locator {
    return this.page.getByRole('main');
  }

  get releasesTable(): Locator {
    return this.main.getByRole('table', { name: 'Published releases, newest first' });
  }

  async open(): Promise<Response | null> {
    return this.page.goto(StatisticsPage.path);
  }

  /** The day, month and year boxes of the "From" or "To" date. */
  dateInput(legend: 'From' | 'To', part: 'Day' | 'Month' | 'Year'): Locator {
    return this.main.getByRole('group', { name: legend, exact: true }).getByLabel(part, { exact: true });
  }

  async fillDate(legend: 'From' | 'To', [day, month, year]: DateParts): Promise<void> {
    await this.dateInput(legend, 'Day').fill(day);
    await this.dateInput(legend, 'Month').fill(month);
    await this.dateInput(legend, 'Year').fill(year);
  }

  /** Fills in the period and area, as a user would, and shows the statistics. */
  async choosePeriod(from: DateParts, to: DateParts, area = 'United Kingdom'): Promise<Response> {
    await this.fillDate('From', from);
    await this.fillDate('To', to);
    await this.main.getByLabel('Area', { exact: true }).selectOption({ label: area });
    return loadsPage(this.page, () => this.main.getByRole('button', { name: 'Show the statistics', exact: true }).click());
  }

  async releases() {
    return readTable(this.releasesTable, ['Period', 'Area', 'Data as at', 'Published'] as const);
  }
}

export interface FigureTable {
  /** The column headers after the row variable's, ending with "Total". */
  columns: string[];
  /** Each body row by its header (the category, or "Total"), with its figures as shown. */
  rows: Record<string, string[]>;
}

/** A release, previewed (/statistics?from-…) or published (/statistics/releases/:id): charts, tables, downloads. */
export class ReleasePage extends BasePage {
  get main(): Locator {
    return this.page.getByRole('main');
  }

  /** "Preview: not published" or "Published release". */
  async caption(): Promise<string> {
    return (await this.main.locator('.govuk-caption-l').innerText()).trim();
  }

  /** The summary list at the top: Area, Data as at, Published, Compared with. */
  async summary(): Promise<Record<string, string>> {
    const rows = await this.main.locator('.govuk-summary-list__row').all();
    return Object.fromEntries(await Promise.all(rows.map(async (row) => [
      (await row.locator('.govuk-summary-list__key').innerText()).trim(),
      (await row.locator('.govuk-summary-list__value').innerText()).replace(/\s+/g, ' ').trim(),
    ])));
  }

  async downloadLinks(): Promise<{ text: string; href: string }[]> {
    const list = this.main.getByRole('heading', { name: 'Download', exact: true }).locator('xpath=following-sibling::ul[1]');
    const links = await list.getByRole('link').all();
    return Promise.all(links.map(async (link) => ({ text: (await link.innerText()).trim(), href: (await link.getAttribute('href')) ?? '' })));
  }

  /** Each chart: a figure holding the colour legend and the SVG image, with its caption. */
  get charts(): Locator {
    return this.main.locator('figure');
  }

  /** The chart's image: an SVG with role="img". */
  chartImage(chart: Locator): Locator {
    return chart.getByRole('img');
  }

  /** The names in the chart's colour legend (shown to sighted users, hidden from screen readers). */
  async legend(chart: Locator): Promise<string[]> {
    return (await chart.locator('[class$="-swatch"]').allInnerTexts()).map((t) => t.trim());
  }

  /** The bars drawn (the only rectangles in the image): one per published figure. */
  bars(chart: Locator): Locator {
    return this.chartImage(chart).locator('rect');
  }

  /** The caption of the table that comes straight after the chart. */
  async tableAfter(chart: Locator): Promise<string> {
    return chart.evaluate((figure) => figure.nextElementSibling?.querySelector('caption')?.textContent?.trim() ?? '');
  }

  async tableCaptions(): Promise<string[]> {
    return (await this.main.locator('table caption').allInnerTexts()).map((t) => t.trim());
  }

  table(caption: string): Locator {
    return this.main.getByRole('table', { name: caption, exact: true });
  }

  /** A table of figures as shown, by its caption, e.g. "Table 2: Referrals by age at exploitation and gender". */
  async figureTable(caption: string): Promise<FigureTable> {
    const table = this.table(caption);
    const headers = (await table.locator('thead th').allInnerTexts()).map((h) => h.trim());
    const rows = await table.locator('tbody tr').all();
    const entries = await Promise.all(rows.map(async (row) => [
      (await row.locator('th').innerText()).trim(),
      (await row.locator('td').allInnerTexts()).map((c) => c.trim()),
    ] as const));
    return { columns: headers.slice(1), rows: Object.fromEntries(entries) };
  }

  async publish(): Promise<Response> {
    return loadsPage(this.page, () => this.main.getByRole('button', { name: 'Publish this release', exact: true }).click());
  }
}
