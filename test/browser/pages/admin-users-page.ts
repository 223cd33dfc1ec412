import type { Locator, Response } from 'playwright-core';
import { BasePage, loadsPage, readTable } from './base-page.js';

const userColumns = ['Name', 'Email', 'Organisation', 'Role', 'Last signed in', 'Status'] as const;

export class AdminUsersPage extends BasePage {
  static readonly path = '/admin/users';

  get table(): Locator {
    return this.page.getByRole('table');
  }

  async open(): Promise<Response | null> {
    return this.page.goto(AdminUsersPage.path);
  }

  async caption(): Promise<string> {
    return (await this.table.locator('caption').innerText()).trim();
  }

  async rows() {
    return readTable(this.table, userColumns);
  }

  async addUser(): Promise<Response> {
    return loadsPage(this.page, () => this.page.getByRole('button', { name: 'Add a user' }).click());
  }

  async changeUser(name: string): Promise<Response> {
    return loadsPage(this.page, () => this.table.getByRole('link', { name, exact: true }).click());
  }
}

export interface NewUser {
  name: string;
  email: string;
  organisation: string;
  /** The role's label, as the radio shows it. */
  role: string;
  password: string;
}

export class AddUserPage extends BasePage {
  static readonly path = '/admin/users/new';

  get nameInput(): Locator {
    return this.page.getByLabel('Full name');
  }

  get emailInput(): Locator {
    return this.page.getByLabel('Email address');
  }

  get organisationSelect(): Locator {
    return this.page.getByLabel('Organisation', { exact: true });
  }

  get passwordInput(): Locator {
    return this.page.getByLabel('Initial password');
  }

  roleRadio(label: string): Locator {
    return this.page.getByRole('group', { name: 'Role' }).getByLabel(label, { exact: true });
  }

  async open(): Promise<Response | null> {
    return this.page.goto(AddUserPage.path);
  }

  async organisationOptions(): Promise<string[]> {
    return (await this.organisationSelect.locator('option').allInnerTexts()).map((t) => t.trim());
  }

  async fill(user: NewUser): Promise<void> {
    await this.nameInput.fill(user.name);
    await this.emailInput.fill(user.email);
    await this.organisationSelect.selectOption({ label: user.organisation });
    await this.roleRadio(user.role).check();
    await this.passwordInput.fill(user.password);
  }

  async submit(): Promise<Response> {
    return loadsPage(this.page, () => this.page.getByRole('button', { name: 'Add user' }).click());
  }
}

export class ChangeUserPage extends BasePage {
  get nameInput(): Locator {
    return this.page.getByLabel('Full name');
  }

  roleRadio(label: string): Locator {
    return this.page.getByRole('group', { name: 'Role' }).getByLabel(label, { exact: true });
  }

  async save(): Promise<Response> {
    return loadsPage(this.page, () => this.page.getByRole('button', { name: 'Save changes' }).click());
  }
}
