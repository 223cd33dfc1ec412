import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { ConfigError } from '../config.js';

export interface Secrets {
  /** Signs cookies; at least 32 characters. */
  sessionSecret: string;
  /** 32 bytes, base64: encrypts identifying fields at rest. Never stored in the database. */
  encryptionKey: Buffer;
  /** True when the secrets came from the demo file in the data directory. */
  demo: boolean;
}

const DEMO_SECRETS_FILE = 'demo-secrets.json';

/**
 * Secrets come from the environment. Only in demo mode may they be generated and kept in the
 * data directory; production refuses anything that looks like a demo secret.
 */
export function resolveSecrets(config: Config): Secrets {
  const demoFile = path.join(config.dataDir, DEMO_SECRETS_FILE);
  const demoSecrets = existsSync(demoFile)
    ? (JSON.parse(readFileSync(demoFile, 'utf8')) as { sessionSecret: string; encryptionKey: string })
    : undefined;

  if (config.sessionSecret && config.encryptionKey) {
    const key = decodeKey(config.encryptionKey);
    if (config.sessionSecret.length < 32) throw new ConfigError('PALERMO_SESSION_SECRET must be at least 32 characters.');
    if (config.production && demoSecrets &&
      (demoSecrets.sessionSecret === config.sessionSecret || demoSecrets.encryptionKey === config.encryptionKey)) {
      throw new ConfigError('Refusing to start in production with demo secrets. Generate new secrets for production.');
    }
    if (config.production && /change.?me|demo|example/i.test(config.sessionSecret)) {
      throw new ConfigError('Refusing to start in production with a placeholder PALERMO_SESSION_SECRET.');
    }
    return { sessionSecret: config.sessionSecret, encryptionKey: key, demo: false };
  }

  if (config.production) {
    throw new ConfigError(
      'Production mode (NODE_ENV=production) needs PALERMO_SESSION_SECRET and PALERMO_ENCRYPTION_KEY from the environment; demo secrets are refused.',
    );
  }
  if (!config.demo) {
    throw new ConfigError(
      'PALERMO_SESSION_SECRET and PALERMO_ENCRYPTION_KEY are not set. Set them, or run in demo mode (`npm start` or `palermo serve --demo`).',
    );
  }
  if (demoSecrets) {
    return { sessionSecret: demoSecrets.sessionSecret, encryptionKey: decodeKey(demoSecrets.encryptionKey), demo: true };
  }
  const fresh = { sessionSecret: randomBytes(48).toString('base64url'), encryptionKey: randomBytes(32).toString('base64') };
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(demoFile, JSON.stringify(fresh, null, 2), { mode: 0o600 });
  return { sessionSecret: fresh.sessionSecret, encryptionKey: decodeKey(fresh.encryptionKey), demo: true };
}

function decodeKey(value: string): Buffer {
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32) throw new ConfigError('PALERMO_ENCRYPTION_KEY must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`).');
  return key;
}
