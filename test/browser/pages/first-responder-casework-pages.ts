import type { Locator, Response } from 'playwright-core';
import { BasePage, loadsPage } from './base-page.js';
import { ReferralStatusPage } from './referral-following-pages.js';

/** A summary card read as its title and its rows, key → value. */
async function readCard(card: Locator): Promise<{ title: string; rows: Record<string, string> }> {
  const title = (await card.locator('.govuk-summary-card__title').innerText()).trim();
  const rows: Record<string, string> = {};
  for (const row of await card.locator('.govuk-summary-list__row').all()) {
    const key = (await row.locator('.govuk-summary-list__key').innerText()).trim();
    rows[key] = (await row.locator('.govuk-summary-list__value').innerText()).replace(/\s+/g, ' ').trim();
  }
  return { title, rows };
}

/** The status page's casework: the Competent Authority's questions, decisions and reconsideration. */
export class CaseworkStatusPage extends ReferralStatusPage {
  /** The question as a card and, while it waits for an answer, the form below it. */
  informationRequest(question: string): Locator {
    return this.page.getByTestId('information-request').filter({ hasText: question });
  }

  async informationRequestCard(question: string) {
    return readCard(this.informationRequest(question).locator('.govuk-summary-card'));
  }

  async answer(question: string, answer: string): Promise<Response> {
    const request = this.informationRequest(question);
    await request.getByRole('textbox', { name: /^Your answer/ }).fill(answer);
    return loadsPage(this.page, () => request.getByRole('button', { name: /^Send answer/ }).click());
  }

  async decisions() {
    return Promise.all((await this.page.getByTestId('decision').all()).map(readCard));
  }

  async reconsiderations() {
    return Promise.all((await this.page.getByTestId('reconsideration').all()).map(readCard));
  }

  get askForReconsiderationButton(): Locator {
    return this.page.getByRole('main').getByRole('button', { name: 'Ask for this decision to be reconsidered' });
  }

  async askForReconsideration(): Promise<Response> {
    return loadsPage(this.page, () => this.askForReconsiderationButton.click());
  }
}

/** /referrals/:reference/reconsideration: the grounds and the details of a request for reconsideration. */
export class ReconsiderationPage extends BasePage {
  async decision(): Promise<Record<string, string>> {
    const rows: Record<string, string> = {};
    for (const row of await this.page.getByRole('main').locator('.govuk-summary-list__row').all()) {
      rows[(await row.locator('.govuk-summary-list__key').innerText()).trim()] = (await row.locator('.govuk-summary-list__value').innerText()).trim();
    }
    return rows;
  }

  async chooseGrounds(label: string): Promise<void> {
    await this.page.getByRole('group', { name: 'Why should the decision be reconsidered?' }).getByLabel(label, { exact: true }).check();
  }

  async fillDetails(text: string): Promise<void> {
    await this.page.getByLabel('Details', { exact: true }).fill(text);
  }

  async send(): Promise<Response> {
    return loadsPage(this.page, () => this.page.getByRole('button', { name: 'Send request' }).click());
  }
}
