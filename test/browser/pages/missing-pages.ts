import type { Locator, Response } from 'playwright-core';
import { BasePage, loadsPage, readTable } from './base-page.js';

/** The dashboard of missing people: the organisation's alerts and the open episodes. */
export class MissingDashboardPage extends BasePage {
  static readonly path = '/missing';

  get alertsTable(): Locator {
    return this.page.getByTestId('missing-alerts');
  }

  get episodesTable(): Locator {
    return this.page.getByTestId('missing-episodes');
  }

  async alerts() {
    return readTable(this.alertsTable, ['Referral', 'Missing for', 'Alerted as', 'Sent', 'Acknowledged'] as const);
  }

  async episodes() {
    return readTable(this.episodesTable, ['Referral', 'Missing for', 'Reported by', 'Alerts not acknowledged'] as const);
  }

  async startReport(): Promise<Response> {
    return loadsPage(this.page, () => this.page.getByRole('button', { name: 'Report a person missing' }).click());
  }

  async acknowledge(reference: string): Promise<Response> {
    return loadsPage(this.page, () => this.page.getByRole('button', { name: `Acknowledge the alert about ${reference}` }).click());
  }
}

/** The report form. */
export class ReportMissingPage extends BasePage {
  async fill(values: { reference: string; date: string; time: string; circumstances: string }): Promise<void> {
    const [year, month, day] = values.date.split('-') as [string, string, string];
    await this.page.getByLabel('Referral reference').fill(values.reference);
    await this.page.getByRole('group', { name: 'Date last seen' }).getByLabel('Day').fill(day);
    await this.page.getByRole('group', { name: 'Date last seen' }).getByLabel('Month').fill(month);
    await this.page.getByRole('group', { name: 'Date last seen' }).getByLabel('Year').fill(year);
    await this.page.getByLabel('Time last seen').fill(values.time);
    await this.page.getByLabel('Where they were last seen, and the circumstances').fill(values.circumstances);
  }

  async submit(): Promise<Response> {
    return loadsPage(this.page, () => this.page.getByRole('button', { name: 'Report missing and alert' }).click());
  }
}

/** One episode: its details, the alerts, acknowledging and closing. */
export class MissingEpisodePage extends BasePage {
  get ownAlert(): Locator {
    return this.page.getByTestId('own-alert');
  }

  async alerts() {
    return readTable(this.page.getByTestId('episode-alerts'), ['Organisation', 'Sent', 'Acknowledged'] as const);
  }

  async summary(): Promise<Record<string, string>> {
    const rows = await this.page.locator('.govuk-summary-list__row').all();
    return Object.fromEntries(await Promise.all(rows.map(async (row) => [
      (await row.locator('.govuk-summary-list__key').innerText()).trim(),
      (await row.locator('.govuk-summary-list__value').innerText()).replace(/\s+/g, ' ').trim(),
    ])));
  }

  async acknowledge(): Promise<Response> {
    return loadsPage(this.page, () => this.ownAlert.getByRole('button', { name: 'Acknowledge alert' }).click());
  }

  async close(outcome: string, date: string, time: string): Promise<Response> {
    const [year, month, day] = date.split('-') as [string, string, string];
    await this.page.getByLabel(outcome, { exact: true }).check();
    const group = this.page.getByRole('group', { name: 'Date it ended' });
    await group.getByLabel('Day').fill(day);
    await group.getByLabel('Month').fill(month);
    await group.getByLabel('Year').fill(year);
    await this.page.getByLabel('Time it ended').fill(time);
    return loadsPage(this.page, () => this.page.getByRole('button', { name: 'Close episode' }).click());
  }
}
