import type { Locator, Response } from 'playwright-core';
import { BasePage, loadsPage, readTable } from './base-page.js';

/** The prime contractor's list of people waiting for an offer of support. */
export class WaitingForSupportPage extends BasePage {
  static readonly path = '/support/allocate';
  static readonly columns = ['Reference', 'Positive RG', 'Gender', 'Exploitation', 'Region', 'Needs'] as const;

  get table(): Locator {
    return this.page.getByTestId('waiting');
  }

  rows() {
    return readTable(this.table, WaitingForSupportPage.columns);
  }

  openCase(reference: string): Promise<Response> {
    return loadsPage(this.page, () => this.table.getByRole('link', { name: reference, exact: true }).click());
  }
}

/** The services proposed for one person, best first, and the offer form. */
export class AllocatePage extends BasePage {
  serviceOptions(): Promise<string[]> {
    return this.page.locator('input[name="serviceId"] + label').allInnerTexts().then((labels) => labels.map((l) => l.trim()));
  }

  chooseService(name: string): Promise<void> {
    return this.page.getByRole('radio', { name, exact: true }).check();
  }

  answerNarrativeShared(answer: 'Yes' | 'No'): Promise<void> {
    return this.page.getByRole('group', { name: /account of the exploitation/ }).getByRole('radio', { name: answer, exact: true }).check();
  }

  offer(): Promise<Response> {
    return loadsPage(this.page, () => this.page.getByRole('button', { name: 'Offer the place' }).click());
  }
}

/** A provider's allocations: offers waiting for an answer, placements and episodes. */
export class ProviderAllocationsPage extends BasePage {
  static readonly path = '/support/allocations';

  get offers(): Locator {
    return this.page.getByTestId('offers');
  }

  openAllocation(reference: string): Promise<Response> {
    return loadsPage(this.page, () => this.offers.getByRole('link', { name: reference, exact: true }).click());
  }

  offerToAllocate(): Promise<Response> {
    return loadsPage(this.page, () => this.page.getByRole('link', { name: 'Offer support to people waiting for it' }).click());
  }
}

/** One allocation, as its provider answers it. */
export class AllocationPage extends BasePage {
  accept(): Promise<Response> {
    return loadsPage(this.page, () => this.page.getByRole('button', { name: 'Accept' }).click());
  }

  async status(): Promise<string> {
    return (await this.page.locator('.govuk-summary-list__row', { hasText: 'Status' }).locator('dd').innerText()).trim();
  }
}

/** Every provider's services with their occupancy. */
export class SupportServicesPage extends BasePage {
  static readonly path = '/support/services';

  async occupancy(provider: string): Promise<string> {
    return (await this.page.getByTestId(`occupancy-${provider}`).innerText()).trim();
  }
}
