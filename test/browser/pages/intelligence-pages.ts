import type { Locator, Response } from 'playwright-core';
import { BasePage, loadsPage, readTable } from './base-page.js';

/** /report: the public's anonymous report, for phones first. */
export class PublicReportPage extends BasePage {
  static readonly path = '/report';

  async open(): Promise<Response | null> {
    return this.page.goto(PublicReportPage.path);
  }

  /** Fills the boxes by their labels; checkboxes by the label of each choice. */
  async fill(answers: { what?: string; places?: string; businesses?: string; vehicles?: string; suspects?: string; possibleVictims?: string; area?: string; kinds?: string[] }): Promise<void> {
    const box = (label: string | RegExp) => this.page.getByLabel(label, { exact: typeof label === 'string' });
    if (answers.what !== undefined) await box('What have you seen or heard?').fill(answers.what);
    if (answers.places !== undefined) await box('Addresses or places').fill(answers.places);
    if (answers.businesses !== undefined) await box('Names of businesses').fill(answers.businesses);
    if (answers.vehicles !== undefined) await box('Vehicles').fill(answers.vehicles);
    if (answers.suspects !== undefined) await box('Anyone who seemed to be in control of others').fill(answers.suspects);
    if (answers.possibleVictims !== undefined) await box('Anyone who may need help').fill(answers.possibleVictims);
    if (answers.area) await box('Which police force area is it in?').selectOption({ label: answers.area });
    for (const kind of answers.kinds ?? []) await this.page.getByLabel(kind, { exact: true }).check();
  }

  async send(): Promise<Response> {
    return loadsPage(this.page, () => this.page.getByRole('button', { name: 'Send report' }).click());
  }

  get reference(): Locator {
    return this.page.getByTestId('reference');
  }

  /** Whether the page is wider than the screen (a phone would scroll sideways). */
  async scrollsSideways(): Promise<boolean> {
    return this.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  }
}

export const intelligenceColumns = ['Reference', 'Received', 'Source', 'Where', 'Police force area', 'Exploitation', 'Grade', 'Status'] as const;

/** /intelligence: the reports a user may see; for analysts, the triage list with search and filters. */
export class IntelligenceListPage extends BasePage {
  static readonly path = '/intelligence';

  get table(): Locator {
    return this.page.getByTestId('reports');
  }

  async search(words: string): Promise<Response> {
    await this.page.getByLabel('Search places, businesses, vehicles and phone numbers').fill(words);
    return loadsPage(this.page, () => this.page.getByRole('button', { name: 'Search' }).click());
  }

  async rows() {
    return (await this.table.count()) === 0 ? [] : readTable(this.table, intelligenceColumns);
  }

  async openReport(reference: string): Promise<Response> {
    return loadsPage(this.page, () => this.page.getByRole('link', { name: reference, exact: true }).click());
  }

  async openAreas(): Promise<Response> {
    return loadsPage(this.page, () => this.page.getByRole('link', { name: 'Reports by police force area' }).click());
  }
}

/** /intelligence/:reference: one report, with the analysts' triage form. */
export class IntelligenceReportPage extends BasePage {
  async triage(status: string, grade: { source: string; intelligence: string; handling: string }): Promise<Response> {
    await this.page.getByRole('group', { name: 'Triage status' }).getByLabel(status, { exact: true }).check();
    await this.page.getByRole('group', { name: 'Source evaluation' }).getByLabel(new RegExp(`^\\s*${grade.source}:`)).check();
    await this.page.getByRole('group', { name: 'Intelligence assessment' }).getByLabel(new RegExp(`^\\s*${grade.intelligence}:`)).check();
    await this.page.getByRole('group', { name: 'Handling code' }).getByLabel(new RegExp(`^\\s*${grade.handling}:`)).check();
    return loadsPage(this.page, () => this.page.getByRole('button', { name: 'Save triage' }).click());
  }

  async summaryValue(key: string): Promise<string> {
    return (await this.page.locator('.govuk-summary-list__row', { has: this.page.locator('dt', { hasText: key }) }).first().locator('dd').innerText()).trim();
  }
}
