import type { Locator } from 'playwright-core';
import { BasePage } from './base-page.js';

/** The 403, 404 and other error pages: a heading and a way home. */
export class ErrorPage extends BasePage {
  get homeLink(): Locator {
    return this.page.getByRole('main').getByRole('link', { name: 'Go to the Palermo home page' });
  }
}
