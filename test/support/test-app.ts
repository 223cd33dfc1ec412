import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/platform/http/app.js';
import { createTestServices, type TestContext } from './test-services.js';
import { HttpAgent } from './http-agent.js';
import type { Clock } from '../../src/platform/clock.js';
import type { Config } from '../../src/platform/config.js';

export interface TestApp {
  ctx: TestContext;
  app: FastifyInstance;
  agent(): HttpAgent;
  close(): Promise<void>;
}

/** The whole application on a fresh database with demo data, driven through HTTP with `inject`. */
export async function startTestApp(options: { clock?: Clock; config?: Partial<Config> } = {}): Promise<TestApp> {
  const ctx = await createTestServices(options);
  const app = await buildApp(ctx, { logger: false });
  await app.ready();
  return {
    ctx,
    app,
    agent: () => new HttpAgent(app),
    async close() {
      await app.close();
      await ctx.drop();
    },
  };
}
