import type { Locator, Response } from 'playwright-core';
import { BasePage, loadsPage, readTable } from './base-page.js';

const organisationColumns = ['Name', 'Type', 'Nation', 'First responder', 'Provides support', 'Status'] as const;

export class AdminOrganisationsPage extends BasePage {
  static readonly path = '/admin/organisations';

  get table(): Locator {
    return this.page.getByRole('table');
  }

  async open(): Promise<Response | null> {
    return this.page.goto(AdminOrganisationsPage.path);
  }

  async rows() {
    return readTable(this.table, organisationColumns);
  }

  async addOrganisation(): Promise<Response> {
    return loadsPage(this.page, () => this.page.getByRole('button', { name: 'Add an organisation' }).click());
  }

  async changeOrganisation(name: string): Promise<Response> {
    return loadsPage(this.page, () => this.table.getByRole('link', { name, exact: true }).click());
  }
}

export interface NewOrganisation {
  name: string;
  /** The type's label, as the select shows it. */
  type: string;
  nation: string;
  areaCode?: string;
  designatedFirstResponder?: boolean;
  providesSupport?: boolean;
}

/** The add-organisation and change-organisation form: one template serves both. */
export class OrganisationFormPage extends BasePage {
  static readonly newPath = '/admin/organisations/new';

  get nameInput(): Locator {
    return this.page.getByLabel('Name', { exact: true });
  }

  get typeSelect(): Locator {
    return this.page.getByLabel('Type of organisation');
  }

  get areaCodeInput(): Locator {
    return this.page.getByLabel('Police force area or local authority code (optional)');
  }

  nationRadio(label: string): Locator {
    return this.page.getByRole('group', { name: 'Nation' }).getByLabel(label, { exact: true });
  }

  checkbox(label: string): Locator {
    return this.page.getByRole('group', { name: 'Roles in the National Referral Mechanism' }).getByLabel(label, { exact: true });
  }

  async fill(organisation: NewOrganisation): Promise<void> {
    await this.nameInput.fill(organisation.name);
    await this.typeSelect.selectOption({ label: organisation.type });
    await this.nationRadio(organisation.nation).check();
    if (organisation.areaCode) await this.areaCodeInput.fill(organisation.areaCode);
    await this.checkbox('Designated first responder').setChecked(organisation.designatedFirstResponder ?? false);
    await this.checkbox('Provides victim support').setChecked(organisation.providesSupport ?? false);
  }

  async submit(): Promise<Response> {
    return loadsPage(this.page, () => this.page.getByRole('button', { name: /^(Add organisation|Save changes)$/ }).click());
  }
}
