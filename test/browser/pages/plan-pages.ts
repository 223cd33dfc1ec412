import type { Page } from 'playwright-core';
import { BasePage, loadsPage } from './base-page.js';

/** Annex A of a plan: its actions in tables, one per objective. */
export class AnnexAPage extends BasePage {
  async actionNumbers(): Promise<string[]> {
    return this.page.locator('tr[id^="action-"] th').allInnerTexts();
  }

  async openAction(number: number): Promise<ActionPage> {
    await loadsPage(this.page, () => this.page.locator(`#action-${number} a`).click());
    return new ActionPage(this.page);
  }
}

/** One action: its details, progress history and the form to propose an update. */
export class ActionPage extends BasePage {
  async proposeUpdate(status: string, note: string): Promise<void> {
    await this.page.getByRole('radio', { name: status, exact: true }).check();
    await this.page.getByLabel('Progress note').fill(note);
    await loadsPage(this.page, () => this.page.getByRole('button', { name: 'Send for approval' }).click());
  }

  async progressHistory(): Promise<string> {
    return this.page.getByTestId('progress-history').innerText();
  }

  async progressSummary(): Promise<string> {
    return this.page.locator('.govuk-summary-list').innerText();
  }
}

/** Progress updates waiting for a policy lead. */
export class PendingUpdatesPage extends BasePage {
  static path = '/plans/progress';

  static async open(page: Page): Promise<PendingUpdatesPage> {
    await loadsPage(page, () => page.goto(PendingUpdatesPage.path));
    return new PendingUpdatesPage(page);
  }

  async approveFirst(): Promise<void> {
    const first = this.page.getByTestId('pending-update').first();
    await first.getByRole('radio', { name: 'Approve' }).check();
    await loadsPage(this.page, () => first.getByRole('button', { name: 'Save decision' }).click());
  }

  async count(): Promise<number> {
    return this.page.getByTestId('pending-update').count();
  }
}
