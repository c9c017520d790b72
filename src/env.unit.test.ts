import { describe, expect, it } from 'vitest';
import { loadEnv } from './env.ts';

const SECRET = 'a-real-production-secret-0123456789abcdef';

describe('environment defaults', () => {
  it('seeds demo data by default in development only', () => {
    expect(loadEnv({}).SEED_DEMO).toBe('true');
    expect(loadEnv({ NODE_ENV: 'development' }).SEED_DEMO).toBe('true');
    expect(loadEnv({ NODE_ENV: 'production', SESSION_SECRET: SECRET }).SEED_DEMO).toBe('false');
    expect(loadEnv({ NODE_ENV: 'test' }).SEED_DEMO).toBe('false');
  });

  it('seeds demo data in production only when asked explicitly, and never turns it on in development against a "false"', () => {
    expect(loadEnv({ NODE_ENV: 'production', SESSION_SECRET: SECRET, SEED_DEMO: 'true' }).SEED_DEMO).toBe('true');
    expect(loadEnv({ NODE_ENV: 'development', SEED_DEMO: 'false' }).SEED_DEMO).toBe('false');
  });

  it('refuses a SEED_DEMO that is neither true nor false', () => {
    expect(() => loadEnv({ NODE_ENV: 'production', SESSION_SECRET: SECRET, SEED_DEMO: 'yes' })).toThrow(/Invalid environment: SEED_DEMO/);
  });
});

describe('LOG_SIGNING_KEY', () => {
  it('takes an Ed25519 key as PEM or base64 PKCS8, and refuses anything else without repeating it', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const der = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect(loadEnv({ LOG_SIGNING_KEY: pem }).LOG_SIGNING_KEY).toBe(pem);
    expect(loadEnv({ LOG_SIGNING_KEY: der }).LOG_SIGNING_KEY).toBe(der);
    expect(loadEnv({ LOG_SIGNING_KEY: '' }).LOG_SIGNING_KEY).toBeUndefined();
    expect(() => loadEnv({ LOG_SIGNING_KEY: 'secret-but-wrong' })).toThrow(
      /^Invalid environment: LOG_SIGNING_KEY: not a private key in PEM or base64 PKCS8 form$/,
    );
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => loadEnv({ LOG_SIGNING_KEY: rsa })).toThrow(/an Ed25519 key is needed, not rsa/);
  });
});
