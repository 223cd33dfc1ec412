import type { Locator, Response } from 'playwright-core';
import { BasePage, loadsPage, readTable } from './base-page.js';

const auditColumns = ['#', 'When', 'Who', 'Action', 'Record', 'Fields', 'Outcome', 'Request'] as const;

export class AuditLogPage extends BasePage {
  static readonly path = '/audit';

  get table(): Locator {
    return this.page.getByTestId('audit-events');
  }

  get actionSelect(): Locator {
    return this.page.getByLabel('Action', { exact: true });
  }

  async open(): Promise<Response | null> {
    return this.page.goto(AuditLogPage.path);
  }

  /** "12 events": the total matching the filter, across all pages. */
  async total(): Promise<number> {
    const caption = (await this.table.locator('caption').innerText()).trim();
    const match = /^(\d+) events?$/.exec(caption);
    if (!match) throw new Error(`Unexpected audit table caption: ${caption}`);
    return Number(match[1]);
  }

  async rows() {
    return readTable(this.table, auditColumns);
  }

  /** Picks an action by the label the select shows, e.g. "sign in", and searches. */
  async filterByAction(label: string): Promise<Response> {
    await this.actionSelect.selectOption({ label });
    return loadsPage(this.page, () => this.page.getByRole('button', { name: 'Search' }).click());
  }
}
