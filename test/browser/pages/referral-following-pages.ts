import type { Locator, Response } from 'playwright-core';
import { BasePage, loadsPage, readTable } from './base-page.js';

/** The confirmation after submitting: the GOV.UK panel with the reference, then what happens next. */
export class ReferralConfirmationPage extends BasePage {
  get panel(): Locator {
    return this.page.locator('.govuk-panel--confirmation');
  }

  async panelTitle(): Promise<string> {
    return (await this.panel.locator('.govuk-panel__title').innerText()).trim();
  }

  /** The reference number the panel shows in bold. */
  async reference(): Promise<string> {
    return (await this.panel.locator('.govuk-panel__body strong').innerText()).trim();
  }

  async whatHappensNext(): Promise<string> {
    return (await this.page.getByRole('main').innerText()).replace(/\s+/g, ' ');
  }

  async follow(link: string): Promise<Response> {
    return loadsPage(this.page, () => this.page.getByRole('main').getByRole('link', { name: link, exact: true }).click());
  }
}

const referralColumns = ['Reference', 'Received', 'Competent Authority', 'Reasonable grounds due', 'Status'] as const;

/** /referrals: the organisation's referrals, newest first. */
export class ReferralsListPage extends BasePage {
  static readonly path = '/referrals';

  get table(): Locator {
    return this.page.getByRole('table');
  }

  async open(): Promise<Response | null> {
    return this.page.goto(ReferralsListPage.path);
  }

  async rows() {
    return readTable(this.table, referralColumns);
  }

  async row(reference: string) {
    return (await this.rows()).find((r) => r.Reference.split(' ')[0] === reference);
  }

  async openReferral(reference: string): Promise<Response> {
    return loadsPage(this.page, () => this.table.getByRole('link', { name: reference, exact: true }).click());
  }
}

/** /referrals/:reference: the status of one referral, its summary and the information added later. */
export class ReferralStatusPage extends BasePage {
  get caption(): Locator {
    return this.page.getByRole('main').locator('.govuk-caption-l');
  }

  async status(): Promise<string> {
    return (await this.page.getByRole('main').locator('.govuk-tag').first().innerText()).trim();
  }

  /** Every summary row as key → value; a key repeated across situations keeps its first value. */
  async details(): Promise<Record<string, string>> {
    const rows = await this.page.getByRole('main').locator('.govuk-summary-list__row').all();
    const details: Record<string, string> = {};
    for (const row of rows) {
      const key = (await row.locator('.govuk-summary-list__key').innerText()).trim();
      details[key] ??= (await row.locator('.govuk-summary-list__value').innerText()).replace(/\s+/g, ' ').trim();
    }
    return details;
  }

  async text(): Promise<string> {
    return (await this.page.getByRole('main').innerText()).replace(/\s+/g, ' ');
  }
}
