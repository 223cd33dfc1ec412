import type { Locator, Response } from 'playwright-core';
import { BasePage, loadsPage } from './base-page.js';

export class SignInPage extends BasePage {
  static readonly path = '/sign-in';

  get emailInput(): Locator {
    return this.page.getByLabel('Email address');
  }

  get passwordInput(): Locator {
    return this.page.getByLabel('Password', { exact: true });
  }

  get signInButton(): Locator {
    return this.page.getByRole('button', { name: 'Sign in' });
  }

  async open(): Promise<Response | null> {
    return this.page.goto(SignInPage.path);
  }

  /** Fills and sends the form; the caller decides what page should follow. */
  async signIn(email: string, password: string): Promise<Response> {
    await this.emailInput.fill(email);
    await this.passwordInput.fill(password);
    return loadsPage(this.page, () => this.signInButton.click());
  }
}
