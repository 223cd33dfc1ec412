import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { buildApp, loggerOptions, redactErrorMessage } from '../../src/platform/http/app.js';
import { createTestServices, type TestContext } from '../support/test-services.js';
import { HttpAgent } from '../support/http-agent.js';
import type { FastifyInstance } from 'fastify';

/** Logs carry request ids and never personal data: no emails, query strings, cookies or tokens. */
let ctx: TestContext;
let app: FastifyInstance;
const lines: string[] = [];

before(async () => {
  ctx = await createTestServices();
  const stream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  app = await buildApp(ctx, { logger: { ...loggerOptions('info'), stream } });
  await app.ready();
});
after(async () => { await app.close(); await ctx.drop(); });

describe('structured logs', () => {
  it('log each request with its id and path, without personal data', async () => {
    const agent = new HttpAgent(app);
    await agent.get('/sign-in?returnTo=%2Faudit%3FactorEmail%3Dfiona%40met.example');
    await agent.post('/sign-in', { email: 'first.responder@palermo.example', password: 'wrong password!' });
    await agent.signIn('admin@palermo.example');
    await agent.get('/admin/users?secret=x');
    const logs = lines.join('');
    assert.match(logs, /"reqId":"[0-9a-f-]{36}"/);
    assert.match(logs, /"path":"\/admin\/users"/);
    assert.doesNotMatch(logs, /@palermo\.example|@met\.example/, 'no email addresses');
    assert.doesNotMatch(logs, /secret=x|returnTo/, 'no query strings');
    assert.doesNotMatch(logs, /palermo_session|palermo_csrf|password/i, 'no cookies or passwords');
  });

  it('show an accessible 500 page with a reference, and log the error without its data', async () => {
    const agent = new HttpAgent(app);
    await agent.signIn('admin@palermo.example');
    await ctx.database.transaction((tx) => tx.execute(sql`ALTER TABLE organisations RENAME TO organisations_gone`));
    try {
      const response = await agent.get('/admin/organisations');
      assert.equal(response.statusCode, 500);
      assert.match(response.body, /Sorry, there is a problem with the service/);
      assert.ok(response.body.includes(String(response.headers['x-request-id'])), 'the page quotes the request id');
      assert.doesNotMatch(response.body, /organisations_gone|relation|select/i, 'no internals on the page');
      assert.match(lines.join(''), /"level":50/);
    } finally {
      await ctx.database.transaction((tx) => tx.execute(sql`ALTER TABLE organisations_gone RENAME TO organisations`));
    }
  });

  it('redact query parameters and key values from database error messages', () => {
    assert.equal(redactErrorMessage('Failed query: insert into users\nparams: bob@x.example,Bob'), 'Failed query: insert into users\nparams: [redacted]');
    assert.equal(redactErrorMessage('Key (email)=(bob@x.example) already exists.'), 'Key (email)=([redacted]) already exists.');
  });
});
