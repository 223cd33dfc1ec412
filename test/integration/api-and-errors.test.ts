import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { engineUnderTest } from '../support/test-services.js';
import { apiTokens } from '../../src/users/tables.js';
import { auditEvents } from '../../src/platform/audit/tables.js';

let t: TestApp;
before(async () => { t = await startTestApp(); });
after(async () => { await t.close(); });

describe('health', () => {
  it('reports the engine and version once migrations have run', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(response.statusCode, 200);
    const body = response.json() as { status: string; database: string; version: string };
    assert.equal(body.status, 'ok');
    assert.equal(body.database, engineUnderTest);
    assert.match(body.version, /^\d+\.\d+\.\d+/);
  });
});

describe('JSON API', () => {
  it('identifies the user behind a bearer token; the token is stored only as a hash', async () => {
    const { id, token } = await t.ctx.apiTokens.create('caseworker@palermo.example', 'agency system');
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.statusCode, 200);
    const me = response.json() as { email: string; role: string; organisation: { name: string } };
    assert.equal(me.email, 'caseworker@palermo.example');
    assert.equal(me.role, 'ca_caseworker');
    assert.equal(me.organisation.name, 'Single Competent Authority');
    const [row] = await t.ctx.database.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    assert.notEqual(row!.tokenHash, token);
    assert.equal(row!.tokenHash.includes(token), false);
    assert.ok(row!.lastUsedAt, 'last use recorded');
  });

  it('refuses a missing, unknown or revoked token with 401 JSON', async () => {
    const { id, token } = await t.ctx.apiTokens.create('analyst@palermo.example', 'to revoke');
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me' })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer plm_nonsense' } })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode, 200);
    assert.equal(await t.ctx.apiTokens.revoke(id), true);
    const revoked = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(revoked.statusCode, 401);
    assert.equal((revoked.json() as { error: string }).error, 'unauthorised');
    assert.equal(await t.ctx.apiTokens.revoke(id), false, 'revoking twice says so');
  });

  it('does not accept a session cookie as API authentication', async () => {
    const agent = t.agent();
    await agent.signIn('analyst@palermo.example');
    assert.equal((await agent.get('/api/v1/me')).statusCode, 401);
  });

  it('answers malformed JSON with 400 and a JSON error, changing nothing', async () => {
    const { token } = await t.ctx.apiTokens.create('admin@palermo.example', 'bad json');
    const count = async () => (await t.ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents))[0]!.n;
    const before = await count();
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const malformed = await t.app.inject({ method: 'POST', url: '/api/v1/organisations', payload: '{"name": ', headers });
    assert.equal(malformed.statusCode, 400);
    const body = malformed.json() as { error: string; message: string };
    assert.ok(body.error && body.message, 'error and message');
    const invalid = await t.app.inject({ method: 'POST', url: '/api/v1/organisations', payload: { name: 'X', type: 'pirates', nation: 'england' }, headers });
    assert.equal(invalid.statusCode, 400);
    assert.match((invalid.json() as { message: string }).message, /type/);
    assert.equal(await count(), before, 'nothing was recorded or changed');
  });

  it('adds an organisation through the API, audited, and refuses a duplicate', async () => {
    const { token } = await t.ctx.apiTokens.create('admin@palermo.example', 'provisioning');
    const headers = { authorization: `Bearer ${token}` };
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers, payload: { name: 'Unseen', type: 'ngo', nation: 'england', designatedFirstResponder: true } });
    assert.equal(created.statusCode, 201);
    const { id } = created.json() as { id: string };
    const [event] = await t.ctx.database.db.select().from(auditEvents).where(eq(auditEvents.recordId, id));
    assert.equal(event!.action, 'create');
    assert.equal(event!.actorEmail, 'admin@palermo.example');
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers, payload: { name: 'Unseen', type: 'ngo', nation: 'england' } });
    assert.equal(again.statusCode, 409);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/organisations', headers });
    assert.ok((list.json() as { name: string }[]).some((o) => o.name === 'Unseen'));
  });

  it('publishes an OpenAPI document of the API routes only', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    assert.equal(response.statusCode, 200);
    const doc = response.json() as { openapi: string; paths: Record<string, unknown> };
    assert.match(doc.openapi, /^3\./);
    assert.ok(doc.paths['/api/v1/me'], 'documents /api/v1/me');
    assert.equal(doc.paths['/admin/users'], undefined, 'pages are not part of the API');
  });
});

describe('error pages and headers', () => {
  it('answers an unknown page with an accessible 404 page and an unknown API route with JSON', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/no/such/page' });
    assert.equal(page.statusCode, 404);
    assert.match(page.body, /<h1 class="govuk-heading-l">Page not found<\/h1>/);
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/nothing' });
    assert.equal(api.statusCode, 404);
    assert.equal((api.json() as { error: string }).error, 'not_found');
  });

  it('sends a strict CSP whose nonce is the one on the inline script, and no caching of pages', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
    const csp = String(page.headers['content-security-policy']);
    const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce, csp);
    assert.ok(page.body.includes(`<script nonce="${nonce}">`));
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.ok(page.headers['x-request-id']);
  });

  it('serves GOV.UK Frontend from the installed package', async () => {
    const css = await t.app.inject({ method: 'GET', url: '/govuk/govuk-frontend.min.css' });
    assert.equal(css.statusCode, 200);
    assert.match(String(css.headers['content-type']), /text\/css/);
    const font = await t.app.inject({ method: 'GET', url: '/assets/manifest.json' });
    assert.equal(font.statusCode, 200);
    const template = await t.app.inject({ method: 'GET', url: '/govuk/template.njk' });
    assert.equal(template.statusCode, 404, 'only the compiled assets are served');
  });
});
