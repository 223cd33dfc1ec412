import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig, ConfigError } from '../config.js';
import { resolveSecrets } from './secrets.js';

function withDir<T>(work: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'palermo-secrets-'));
  try {
    return work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const realSecrets = { PALERMO_SESSION_SECRET: randomBytes(48).toString('base64'), PALERMO_ENCRYPTION_KEY: randomBytes(32).toString('base64') };

describe('secrets', () => {
  it('generates demo secrets once in the data directory and reuses them', () => withDir((dir) => {
    const config = loadConfig({ PALERMO_DATA_DIR: dir }, { demo: true });
    const first = resolveSecrets(config);
    const second = resolveSecrets(config);
    assert.equal(first.demo, true);
    assert.equal(first.sessionSecret, second.sessionSecret);
    assert.deepEqual(first.encryptionKey, second.encryptionKey);
    assert.ok(readFileSync(path.join(dir, 'demo-secrets.json'), 'utf8').includes(first.sessionSecret));
  }));

  it('outside demo mode needs secrets from the environment', () => withDir((dir) => {
    assert.throws(() => resolveSecrets(loadConfig({ PALERMO_DATA_DIR: dir })), ConfigError);
    const secrets = resolveSecrets(loadConfig({ PALERMO_DATA_DIR: dir, ...realSecrets }));
    assert.equal(secrets.demo, false);
  }));

  it('refuses to start in production without secrets, even in demo mode', () => withDir((dir) => {
    assert.throws(() => resolveSecrets(loadConfig({ PALERMO_DATA_DIR: dir, NODE_ENV: 'production' }, { demo: true })), /Production mode/);
  }));

  it('refuses demo secrets in production', () => withDir((dir) => {
    const demo = resolveSecrets(loadConfig({ PALERMO_DATA_DIR: dir }, { demo: true }));
    const env = { PALERMO_DATA_DIR: dir, NODE_ENV: 'production', PALERMO_SESSION_SECRET: demo.sessionSecret, PALERMO_ENCRYPTION_KEY: demo.encryptionKey.toString('base64') };
    assert.throws(() => resolveSecrets(loadConfig(env)), /demo secrets/);
  }));

  it('refuses a placeholder session secret in production and a short key anywhere', () => withDir((dir) => {
    assert.throws(() => resolveSecrets(loadConfig({ PALERMO_DATA_DIR: dir, NODE_ENV: 'production', PALERMO_SESSION_SECRET: 'change-me-change-me-change-me-change-me', PALERMO_ENCRYPTION_KEY: realSecrets.PALERMO_ENCRYPTION_KEY })), /placeholder/);
    assert.throws(() => resolveSecrets(loadConfig({ PALERMO_DATA_DIR: dir, ...realSecrets, PALERMO_ENCRYPTION_KEY: randomBytes(16).toString('base64') })), /32 bytes/);
  }));
});

describe('configuration', () => {
  it('defaults to port 3000 and the embedded database in ./data', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.dataDir, path.resolve('./data'));
  });

  it('uses a PostgreSQL server when DATABASE_URL is set', () => {
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@db.internal:5432/palermo' }).databaseUrl, 'postgres://u@db.internal:5432/palermo');
  });

  it('says which setting is wrong', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/);
  });
});
