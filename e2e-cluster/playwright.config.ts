import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/browser-server.ts';

// The Login as Customer journey through the load balancer (scripts/test-cluster.mjs starts the topology and sets
// CLUSTER_URL): two app processes on one PostgreSQL database and one Redis behind HAProxy, no sticky sessions.
export default defineConfig({
  testDir: '.',
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 8_000 },
  forbidOnly: true,
  reporter: [['list'], ['json', { outputFile: process.env.CLUSTER_JSON_REPORT ?? '../var/test-results/cluster.json' }]],
  outputDir: '../var/cluster/results',
  use: {
    baseURL: process.env.CLUSTER_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
});
