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
