import type { Locator } from 'playwright-core';
import { BasePage } from './base-page.js';

export class HomePage extends BasePage {
  static readonly path = '/';

  get tasks(): Locator {
    return this.page.locator('main [data-testid="tasks"] a');
  }

  async taskNames(): Promise<string[]> {
    return (await this.tasks.allInnerTexts()).map((t) => t.trim());
  }
}
