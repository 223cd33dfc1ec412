import type { Locator, Response } from 'playwright-core';
import { BasePage, loadsPage } from './base-page.js';

/** Where a referral's pages live, for reading the page a test has reached from the address bar. */
export const draftPagePattern = /^\/referrals\/drafts\/[0-9a-f-]{36}\/(.+?)(?:\?.*)?$/;

/** "Make a referral": what the first responder needs before starting, and the start button. */
export class ReferralStartPage extends BasePage {
  static readonly path = '/referrals/new';

  async open(): Promise<Response | null> {
    return this.page.goto(ReferralStartPage.path);
  }

  async start(): Promise<Response> {
    return loadsPage(this.page, () => this.page.getByRole('button', { name: 'Start now' }).click());
  }
}

/**
 * Any page of a referral draft: the question pages, the situations summary and the Duty to Notify
 * explanation. Fields are found by their labels and legends, as a screen reader user would find them;
 * `within` names the fieldset (its legend) when a label repeats on the page, like "Month" or "Not known".
 */
export class ReferralQuestionPage extends BasePage {
  get main(): Locator {
    return this.page.getByRole('main');
  }

  get caption(): Locator {
    return this.main.locator('.govuk-caption-l');
  }

  /** The page's id in the journey (`under-18`, `situations/new`, ...). */
  pageId(): string {
    const match = draftPagePattern.exec(this.path());
    if (!match) throw new Error(`Not on a referral draft page: ${this.page.url()}`);
    return match[1]!;
  }

  private scope(within?: string): Locator {
    return within ? this.main.getByRole('group', { name: within, exact: true }) : this.main;
  }

  async answerRadio(label: string, within?: string): Promise<void> {
    await this.scope(within).getByRole('radio', { name: label, exact: true }).check();
  }

  async check(label: string, within?: string): Promise<void> {
    await this.scope(within).getByRole('checkbox', { name: label, exact: true }).check();
  }

  async fill(label: string, value: string, within?: string): Promise<void> {
    await this.scope(within).getByLabel(label, { exact: true }).fill(value);
  }

  async select(label: string, option: string, within?: string): Promise<void> {
    await this.scope(within).getByLabel(label, { exact: true }).selectOption({ label: option });
  }

  field(label: string, within?: string): Locator {
    return this.scope(within).getByLabel(label, { exact: true });
  }

  /**
   * The page's way on: "Save and continue", "Save situation", or "Continue" (a form button on the
   * situations summary, a link styled as a button on the Duty to Notify page).
   */
  async continue(): Promise<Response> {
    return loadsPage(this.page, () => this.main.getByRole('button', { name: /^(Save and continue|Save situation|Continue)$/ }).click());
  }
}
