import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { buildApp } from '../../../src/platform/http/app.js';
import type { Clock } from '../../../src/platform/clock.js';
import { createTestServices, type TestContext } from '../../support/test-services.js';
import { launchBrowser } from './browser.js';

/** The whole application on a real port with a fresh database, and one Chromium to drive it. */
export interface BrowserApp {
  ctx: TestContext;
  app: FastifyInstance;
  browser: Browser;
  baseUrl: string;
  /** Script errors and CSP violations seen on any page so far: a page that breaks its own script is a bug. */
  pageProblems: string[];
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  newPage(options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

/** `clock` lets a journey move the service's time on (e.g. past a recovery period); the system clock otherwise. */
export async function startBrowserApp(options: { clock?: Clock } = {}): Promise<BrowserApp> {
  const ctx = await createTestServices({ clock: options.clock });
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  try {
    app = await buildApp(ctx, { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  } catch (error) {
    await app?.close();
    await ctx.drop();
    throw error;
  }
  const { port } = app.server.address() as AddressInfo;
  // "localhost", not 127.0.0.1: cookies and the secure-context rules then behave as for a real user.
  const baseUrl = `http://localhost:${port}`;
  const pageProblems: string[] = [];
  const contexts: BrowserContext[] = [];
  const started = { app, browser };

  const newContext = async (options: BrowserContextOptions = {}) => {
    const context = await started.browser.newContext({ baseURL: baseUrl, ...options });
    contexts.push(context);
    context.on('page', (page) => {
      page.on('pageerror', (error) => pageProblems.push(`${page.url()}: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) pageProblems.push(`${page.url()}: ${message.text()}`);
      });
    });
    return context;
  };

  return {
    ctx,
    app,
    browser,
    baseUrl,
    pageProblems,
    newContext,
    async newPage(options) {
      return (await newContext(options)).newPage();
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await started.browser.close();
      await started.app.close();
      await ctx.drop();
    },
  };
}
