import type { Locator, Response } from 'playwright-core';
import { BasePage, loadsPage, readTable } from './base-page.js';

export const recordColumns = [
  'Pseudonym', 'Received', 'Route', 'Competent Authority', 'Age at exploitation', 'Gender', 'Nationality', 'Exploitation', 'County lines',
  'Location of exploitation', 'First responder', 'Nation', 'Police force area', 'Reasonable grounds', 'Conclusive grounds',
] as const;

export interface RecordFilterChoice {
  /** Month and year boxes, e.g. { month: '3', year: '2026' }. */
  from?: { month: string; year: string };
  to?: { month: string; year: string };
  /** Select boxes by the label of the option, e.g. "England", "Criminal exploitation". */
  nation?: string;
  ageGroup?: string;
  exploitationType?: string;
  decision?: string;
}

/** /repository/records: the analysts' pseudonymised records, with the filters above them. */
export class RecordsListPage extends BasePage {
  static readonly path = '/repository/records';

  get table(): Locator {
    return this.page.getByTestId('records');
  }

  get filters(): Locator {
    return this.page.getByTestId('filters');
  }

  get downloadLink(): Locator {
    return this.page.getByRole('link', { name: /^Download .* as CSV$/ });
  }

  async open(): Promise<Response | null> {
    return this.page.goto(RecordsListPage.path);
  }

  /** "7 records": how many match the filters, across all pages. */
  async total(): Promise<number> {
    const text = (await this.page.getByTestId('total').innerText()).trim();
    const match = /^(\d+) records?$/.exec(text);
    if (!match) throw new Error(`Unexpected total: ${text}`);
    return Number(match[1]);
  }

  async rows() {
    return (await this.table.count()) === 0 ? [] : readTable(this.table, recordColumns);
  }

  async row(pseudonym: string) {
    return (await this.rows()).find((r) => r.Pseudonym === pseudonym);
  }

  /** Fills the filters given (leaving the others as they are) and applies them. */
  async filter(choice: RecordFilterChoice): Promise<Response> {
    const month = async (legend: string, value?: { month: string; year: string }) => {
      if (!value) return;
      const group = this.filters.getByRole('group', { name: legend, exact: true });
      await group.getByLabel('Month', { exact: true }).fill(value.month);
      await group.getByLabel('Year', { exact: true }).fill(value.year);
    };
    await month('Received from', choice.from);
    await month('Received to', choice.to);
    const select = async (label: string, option?: string) => {
      if (option) await this.filters.getByLabel(label, { exact: true }).selectOption({ label: option });
    };
    await select('Nation where the referral was made', choice.nation);
    await select('Age at exploitation', choice.ageGroup);
    await select('Type of exploitation', choice.exploitationType);
    await select('Decision', choice.decision);
    return loadsPage(this.page, () => this.page.getByRole('button', { name: 'Apply filters', exact: true }).click());
  }

  async openRecord(pseudonym: string): Promise<Response> {
    return loadsPage(this.page, () => this.table.getByRole('link', { name: pseudonym, exact: true }).click());
  }
}

const situationColumns = ['Situation', 'Types', 'Period', 'Where'] as const;
const decisionColumns = ['Stage', 'Outcome', 'Month', 'Time from receipt', 'On reconsideration'] as const;

/** /repository/records/:pseudonym: one pseudonymised record, its situations and its decisions. */
export class PseudonymisedRecordPage extends BasePage {
  static pathFor(pseudonym: string): string {
    return `/repository/records/${pseudonym}`;
  }

  async pseudonym(): Promise<string> {
    return (await this.page.getByTestId('pseudonym').innerText()).trim();
  }

  /** The summary list as label → value. */
  async fields(): Promise<Record<string, string>> {
    const list = this.page.getByTestId('record');
    const keys = await list.locator('.govuk-summary-list__key').allInnerTexts();
    const values = await list.locator('.govuk-summary-list__value').allInnerTexts();
    return Object.fromEntries(keys.map((k, i) => [k.trim(), (values[i] ?? '').replace(/\s+/g, ' ').trim()]));
  }

  async situations() {
    return readTable(this.page.getByTestId('situations'), situationColumns);
  }

  async decisions() {
    return readTable(this.page.getByTestId('decisions'), decisionColumns);
  }

  async backToList(): Promise<Response> {
    return loadsPage(this.page, () => this.page.getByRole('link', { name: 'Pseudonymised records', exact: true }).first().click());
  }
}
