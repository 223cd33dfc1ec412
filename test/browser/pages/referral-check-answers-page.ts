import type { Locator, Response } from 'playwright-core';
import { BasePage, loadsPage } from './base-page.js';

/** Check your answers: the summary lists section by section, and the submit button once nothing is missing. */
export class ReferralCheckAnswersPage extends BasePage {
  get submitButton(): Locator {
    return this.page.getByRole('button', { name: /^Submit (referral|Duty to Notify report)$/ });
  }

  async sectionTitles(): Promise<string[]> {
    return (await this.page.getByRole('main').locator('h2.govuk-heading-m').allInnerTexts()).map((t) => t.trim());
  }

  /** Every summary row as "key: value", the lines of a value joined by " / ". */
  async answers(): Promise<Record<string, string>> {
    const rows = await this.page.getByRole('main').locator('.govuk-summary-list__row').all();
    const entries = await Promise.all(rows.map(async (row) => {
      const key = (await row.locator('.govuk-summary-list__key').innerText()).trim();
      const value = (await row.locator('.govuk-summary-list__value').innerText()).split('\n').map((l) => l.trim()).filter(Boolean).join(' / ');
      return [key, value] as const;
    }));
    return Object.fromEntries(entries);
  }

  async submit(): Promise<Response> {
    return loadsPage(this.page, () => this.submitButton.click());
  }
}
