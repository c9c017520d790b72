/** Debian's Chromium (never a downloaded browser) with the flags every browser run here uses. */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/**
 * The store the browser runs talk to: a fresh demo database on SQLite, one port, no waiting caches. Every run signs
 * in from 127.0.0.1, so the sign-in and registration limits are lifted (they are covered by integration tests).
 */
export function demoStoreServer(port: number, varDir: string, sqliteFile: string | undefined, extraEnv: Record<string, string> = {}) {
  return {
    command: 'node --import tsx src/main.ts',
    url: `http://127.0.0.1:${port}/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    env: {
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      SQLITE_FILE: sqliteFile ?? '',
      VAR_DIR: varDir,
      LOG_LEVEL: 'warn',
      CACHE_CHECK_MS: '0',
      LOGIN_RATE_LIMIT: '10000',
      REGISTRATION_RATE_LIMIT: '10000',
      SEED_DEMO: 'true',
      ...extraEnv,
    },
  };
}
