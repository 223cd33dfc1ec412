import type { Locator, Response } from 'playwright-core';
import { BasePage, loadsPage } from './base-page.js';

/** /casework/cases/:reference/returns: the re-trafficking risk assessment, its level and reasons, and the return. */
export class ReturnsPage extends BasePage {
  static pathFor(reference: string): string {
    return `/casework/cases/${reference}/returns`;
  }

  get main(): Locator {
    return this.page.getByRole('main');
  }

  async levelTag(): Promise<string> {
    return (await this.main.locator('.govuk-tag').first().innerText()).trim();
  }

  /** The reasons listed under "Why". */
  async reasons(): Promise<string[]> {
    return (await this.main.locator('h3:has-text("Why") + ul li').allInnerTexts()).map((r) => r.trim());
  }

  async startAssessment(): Promise<Response> {
    return loadsPage(this.page, () => this.main.getByRole('link', { name: /risk assessment|Assess the risk again/ }).click());
  }

  async signOff(): Promise<Response> {
    return loadsPage(this.page, () => this.main.getByRole('button', { name: 'Sign off the high risk assessment' }).click());
  }

  async requestReturn(country: string, day: string, month: string, year: string): Promise<Response> {
    await this.main.getByLabel('Country of return').selectOption({ label: country });
    const date = this.main.getByRole('group', { name: 'Date the person asked to return' });
    await date.getByLabel('Day').fill(day);
    await date.getByLabel('Month').fill(month);
    await date.getByLabel('Year').fill(year);
    return loadsPage(this.page, () => this.main.getByRole('button', { name: 'Request the return' }).click());
  }

  async recordReturn(day: string, month: string, year: string, partner?: string): Promise<Response> {
    const date = this.main.getByRole('group', { name: 'Date of return' });
    await date.getByLabel('Day').fill(day);
    await date.getByLabel('Month').fill(month);
    await date.getByLabel('Year').fill(year);
    if (partner) await this.main.getByLabel('Reintegration partner in the country of return').fill(partner);
    return loadsPage(this.page, () => this.main.getByRole('button', { name: 'Record the return' }).click());
  }
}

/** /casework/cases/:reference/returns/risk-assessment: one question per factor, evidence beside it. */
export class RiskAssessmentPage extends BasePage {
  get main(): Locator {
    return this.page.getByRole('main');
  }

  /** Answers a factor by its legend, e.g. "Debt to the traffickers", with "Present", "Not present" or "Not known". */
  async answer(factor: string, answer: 'Present' | 'Not present' | 'Not known', evidence?: string): Promise<void> {
    await this.main.getByRole('group', { name: factor, exact: true }).getByRole('radio', { name: answer, exact: true }).check();
    if (evidence) await this.main.getByLabel(`Evidence for “${factor.toLowerCase()}” (required if present)`).fill(evidence);
  }

  async complete(): Promise<Response> {
    return loadsPage(this.page, () => this.main.getByRole('button', { name: 'Complete the assessment' }).click());
  }
}
