import type { Locator, Response } from 'playwright-core';
import { BasePage, loadsPage, readTable } from './base-page.js';

const childrenColumns = ['Reference', 'Received', 'Status', 'Reasonable grounds decision due', 'Safeguarding plan'] as const;

/** /children: the children referred in the local authority's area, newest first. */
export class ChildrenListPage extends BasePage {
  static readonly path = '/children';

  get table(): Locator {
    return this.page.getByRole('main').getByRole('table');
  }

  async rows() {
    return readTable(this.table, childrenColumns);
  }

  async openChild(reference: string): Promise<Response> {
    return loadsPage(this.page, () => this.table.getByRole('link', { name: reference, exact: true }).click());
  }
}

/** /children/:reference: what children's services need about one child, and the safeguarding record. */
export class ChildPage extends BasePage {
  get main(): Locator {
    return this.page.getByRole('main');
  }

  /** The value of a summary-list row under a section heading, e.g. ("Placement", "Type"). */
  async value(section: string, key: string): Promise<string> {
    const list = this.main.locator(`h2:text-is("${section}") + dl`);
    const row = list.locator('.govuk-summary-list__row').filter({ has: this.page.locator(`dt:text-is("${key}")`) });
    return (await row.locator('dd').innerText()).replace(/\s+/g, ' ').trim();
  }

  async follow(link: string): Promise<Response> {
    return loadsPage(this.page, () => this.main.getByRole('link', { name: link }).click());
  }
}

/** The page of one part of the safeguarding record: the plan, the placement or the guardian. */
export class SafeguardingFormPage extends BasePage {
  async choose(legend: string, option: string): Promise<void> {
    await this.page.getByRole('group', { name: legend }).getByRole('radio', { name: option, exact: true }).check();
  }

  async fillDate(legend: string, date: { day: string; month: string; year: string }): Promise<void> {
    const group = this.page.getByRole('group', { name: legend });
    await group.getByLabel('Day').fill(date.day);
    await group.getByLabel('Month').fill(date.month);
    await group.getByLabel('Year').fill(date.year);
  }

  async fill(label: string, value: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).fill(value);
  }

  async save(): Promise<Response> {
    return loadsPage(this.page, () => this.page.getByRole('button', { name: 'Save' }).click());
  }
}

/** /children/:reference/multi-agency: what the child has already been asked, shared by the agencies involved. */
export class MultiAgencyPage extends BasePage {
  async agencies(): Promise<string[]> {
    return (await this.page.getByTestId('agencies').locator('li').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  async entries(topic: string) {
    return readTable(this.page.getByTestId(`entries-${topic}`), ['Question', 'Answer', 'Asked by'] as const);
  }

  async add(entry: { topic: string; question: string; answer: string; askedOn: { day: string; month: string; year: string } }): Promise<Response> {
    await this.page.getByLabel('What it was about').selectOption({ label: entry.topic });
    await this.page.getByLabel('Question asked').fill(entry.question);
    await this.page.getByLabel('The child’s answer').fill(entry.answer);
    const group = this.page.getByRole('group', { name: 'Date it was asked' });
    await group.getByLabel('Day').fill(entry.askedOn.day);
    await group.getByLabel('Month').fill(entry.askedOn.month);
    await group.getByLabel('Year').fill(entry.askedOn.year);
    return loadsPage(this.page, () => this.page.getByRole('button', { name: 'Add to the record' }).click());
  }
}
