import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, demoUsers } from '../../../src/demo/demo-data.js';
import type { Role } from '../../../src/platform/auth/roles.js';
import { SignInPage } from '../pages/sign-in-page.js';
import { HomePage } from '../pages/home-page.js';

export function demoUser(role: Role) {
  const user = demoUsers.find((u) => u.role === role);
  if (!user) throw new Error(`No demo user with role ${role}`);
  return user;
}

/** Signs in through the form, as a user would, and insists on landing on the home page. */
export async function signInAs(page: Page, email: string, password = DEMO_PASSWORD): Promise<HomePage> {
  const signIn = new SignInPage(page);
  await signIn.open();
  await signIn.signIn(email, password);
  const home = new HomePage(page);
  if (home.path() !== '/') throw new Error(`Signing in as ${email} ended on ${page.url()}, not the home page`);
  return home;
}

/** A fresh browser context of the app (closed with it), signed in through the form. */
export async function signedInPage(app: { newPage(): Promise<Page> }, email: string): Promise<Page> {
  const page = await app.newPage();
  await signInAs(page, email);
  return page;
}
