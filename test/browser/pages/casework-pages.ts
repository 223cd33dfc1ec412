import type { Locator, Response } from 'playwright-core';
import { BasePage, loadsPage, readTable } from './base-page.js';

const queueColumns = ['Reference', 'Next step', 'Due', 'Caseworker', 'Status'] as const;

/** /casework: the Competent Authority's open cases, what is due soonest first, with filters beside them. */
export class WorkQueuePage extends BasePage {
  static readonly path = '/casework';

  get table(): Locator {
    return this.page.getByRole('main').getByRole('table');
  }

  get filters(): Locator {
    return this.page.getByRole('main').getByRole('group', { name: 'Show only', exact: true });
  }

  async open(): Promise<Response | null> {
    return this.page.goto(WorkQueuePage.path);
  }

  async caption(): Promise<string> {
    return (await this.table.locator('caption').innerText()).trim();
  }

  async rows() {
    return readTable(this.table, queueColumns);
  }

  /** The row of a case; the reference cell also carries tags such as "Child", hence the first word. */
  async row(reference: string) {
    return (await this.rows()).find((r) => r.Reference.split(' ')[0] === reference);
  }

  /** Ticks each filter by its label, e.g. "Unassigned", and applies them. */
  async filterBy(...labels: string[]): Promise<Response> {
    for (const label of labels) await this.filters.getByRole('checkbox', { name: label, exact: true }).check();
    return loadsPage(this.page, () => this.page.getByRole('button', { name: 'Apply filters', exact: true }).click());
  }

  async openCase(reference: string): Promise<Response> {
    return loadsPage(this.page, () => this.table.getByRole('link', { name: reference, exact: true }).click());
  }
}

const letterColumns = ['Letter', 'To', 'Status'] as const;

/** /casework/cases/:reference: one case, what is due, the next steps, decisions, letters and history. */
export class CasePage extends BasePage {
  static pathFor(reference: string): string {
    return `/casework/cases/${reference}`;
  }

  get main(): Locator {
    return this.page.getByRole('main');
  }

  async open(reference: string): Promise<Response | null> {
    return this.page.goto(CasePage.pathFor(reference));
  }

  /** The case's status: the first tag under the heading. */
  async status(): Promise<string> {
    return (await this.main.locator('.govuk-tag').first().innerText()).trim();
  }

  /** The "What is due" summary (received, caseworker, deadlines) as key → value. */
  async due(): Promise<Record<string, string>> {
    const rows = await this.main.locator('.govuk-summary-list').first().locator('.govuk-summary-list__row').all();
    const due: Record<string, string> = {};
    for (const row of rows) {
      const key = (await row.locator('.govuk-summary-list__key').innerText()).trim();
      due[key] = (await row.locator('.govuk-summary-list__value').innerText()).replace(/\s+/g, ' ').trim();
    }
    return due;
  }

  get takeButton(): Locator {
    return this.main.getByRole('button', { name: 'Take this case', exact: true });
  }

  async take(): Promise<Response> {
    return loadsPage(this.page, () => this.takeButton.click());
  }

  get decideReasonableGroundsLink(): Locator {
    return this.main.getByRole('link', { name: 'Make the reasonable grounds decision', exact: true });
  }

  async decideReasonableGrounds(): Promise<Response> {
    return loadsPage(this.page, () => this.decideReasonableGroundsLink.click());
  }

  get decideConclusiveGroundsLink(): Locator {
    return this.main.getByRole('link', { name: 'Make the conclusive grounds decision', exact: true });
  }

  async decideConclusiveGrounds(): Promise<Response> {
    return loadsPage(this.page, () => this.decideConclusiveGroundsLink.click());
  }

  /** A decision card's summary (status, date, reasons, residence permit…) as key → value, found by its title. */
  async decisionCard(title: string): Promise<Record<string, string>> {
    const card = this.main.locator('.govuk-summary-card').filter({ has: this.page.locator('.govuk-summary-card__title', { hasText: title }) });
    const rows = await card.locator('.govuk-summary-list__row').all();
    const summary: Record<string, string> = {};
    for (const row of rows) {
      const key = (await row.locator('.govuk-summary-list__key').innerText()).trim();
      summary[key] = (await row.locator('.govuk-summary-list__value').innerText()).replace(/\s+/g, ' ').trim();
    }
    return summary;
  }

  get reviewHeading(): Locator {
    return this.main.getByRole('heading', { level: 2, name: 'Second review', exact: true });
  }

  /** The decision under second review as the summary under its heading shows it. */
  async decisionUnderReview(): Promise<string> {
    return (await this.main.locator('#review-heading ~ .govuk-summary-list').first().innerText()).replace(/\s+/g, ' ').trim();
  }

  /** Answers "Do you agree with this decision?" and saves the review. */
  async review(answer: 'Yes, issue it' | 'No, return it to the caseworker', comment?: string): Promise<Response> {
    await this.main.getByRole('group', { name: 'Do you agree with this decision?', exact: true }).getByRole('radio', { name: answer, exact: true }).check();
    if (comment !== undefined) await this.main.getByLabel('Comment (required when you return it)', { exact: true }).fill(comment);
    return loadsPage(this.page, () => this.main.getByRole('button', { name: 'Save review', exact: true }).click());
  }

  /** The titles of the decision cards, e.g. "Reasonable grounds: Negative". */
  async decisionTitles(): Promise<string[]> {
    return (await this.main.locator('.govuk-summary-card__title').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  get lettersTable(): Locator {
    return this.main.getByRole('table', { name: 'Decision letters', exact: true });
  }

  async letters() {
    return readTable(this.lettersTable, letterColumns);
  }
}

/** /casework/cases/:reference/reasonable-grounds (or conclusive-grounds): the decision form. */
export class DecisionPage extends BasePage {
  static pathFor(reference: string, stage: 'reasonable-grounds' | 'conclusive-grounds'): string {
    return `/casework/cases/${reference}/${stage}`;
  }

  get main(): Locator {
    return this.page.getByRole('main');
  }

  get caption(): Locator {
    return this.main.locator('.govuk-caption-l');
  }

  get outcomes(): Locator {
    return this.main.getByRole('group', { name: 'Decision', exact: true });
  }

  get reasons(): Locator {
    return this.main.getByLabel('Reasons', { exact: true });
  }

  /** The main reason, answered with a negative decision. */
  get reasonCategories(): Locator {
    return this.main.getByRole('group', { name: 'Main reason for a negative decision', exact: true });
  }

  async outcomeLabels(): Promise<string[]> {
    return (await this.outcomes.locator('.govuk-radios__label').allInnerTexts()).map((t) => t.trim());
  }

  async chooseReason(label: string): Promise<void> {
    await this.reasonCategories.getByRole('radio', { name: label, exact: true }).check();
  }

  async choose(outcome: string): Promise<void> {
    await this.outcomes.getByRole('radio', { name: outcome, exact: true }).check();
  }

  async fillReasons(text: string): Promise<void> {
    await this.reasons.fill(text);
  }

  /** Answers "Is a residence permit recommended?" on the conclusive grounds form. */
  async answerResidencePermit(answer: 'Yes' | 'No'): Promise<void> {
    await this.main.getByRole('group', { name: 'Is a residence permit recommended?', exact: true }).getByRole('radio', { name: answer, exact: true }).check();
  }

  async save(): Promise<Response> {
    return loadsPage(this.page, () => this.main.getByRole('button', { name: 'Save decision', exact: true }).click());
  }
}

/** /casework/timeliness: the managers' figures for their Competent Authority. */
export class TimelinessPage extends BasePage {
  static readonly path = '/casework/timeliness';

  async open(): Promise<Response | null> {
    return this.page.goto(TimelinessPage.path);
  }

  async period(): Promise<string> {
    return (await this.page.getByTestId('period').innerText()).replace(/\s+/g, ' ').trim();
  }
}
