import type { Locator, Response } from 'playwright-core';
import { BasePage, loadsPage } from './base-page.js';

/** /reports/annual: the year form and the drafted report's chapters. */
export class AnnualReportPage extends BasePage {
  static readonly path = '/reports/annual';

  get main(): Locator {
    return this.page.getByRole('main');
  }

  get yearInput(): Locator {
    return this.main.getByLabel('Calendar year', { exact: true });
  }

  async draft(year: string): Promise<Response> {
    await this.yearInput.fill(year);
    return loadsPage(this.page, () => this.main.getByRole('button', { name: 'Draft the report', exact: true }).click());
  }

  /** The chapters, as listed in the contents. */
  async contents(): Promise<string[]> {
    return (await this.main.getByRole('navigation', { name: 'Contents' }).getByRole('link').allInnerTexts()).map((t) => t.trim());
  }

  /** A chapter's heading, paragraphs and table captions. */
  async chapter(title: string): Promise<{ paragraphs: string[]; tables: string[] }> {
    const section = this.main.getByRole('region', { name: title });
    const paragraphs = (await section.locator('p.govuk-body').allInnerTexts()).map((t) => t.trim());
    const tables = (await section.locator('caption').allInnerTexts()).map((t) => t.trim());
    return { paragraphs, tables };
  }

  get pdfLink(): Locator {
    return this.main.getByRole('link', { name: 'Download the report as a PDF' });
  }
}
