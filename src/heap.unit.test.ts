import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const MB = 1024 * 1024;

/** Runs `body` in a fresh Node process with heap.ts loaded first (as main.ts does), and returns what it printed. */
function inFreshProcess(body: string, nodeArgs: string[] = []) {
  const script = `
    import v8 from 'node:v8';
    import { youngGenerationMayGrow } from './src/heap.ts';
    const youngSize = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
    // Short-lived garbage with a little survival: loading allocates in one synchronous burst, serving in small
    // pieces (one request each) with the event loop turning in between.
    let kept = [];
    const allocate = (n) => { for (let i = 0; i < n; i++) { kept.push({ i, s: 'x' + i }); if (kept.length > 40_000) kept = []; } };
    const churn = () => allocate(1_500_000);
    const serve = async () => { for (let request = 0; request < 600; request++) { allocate(5_000); await new Promise((r) => setImmediate(r)); } };
    ${body}`;
  const run = spawnSync(process.execPath, [...nodeArgs, '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, number>;
}

describe('heap settings', () => {
  it('hold the young generation at its first size while the application loads, then let it grow to the cap and no further', () => {
    const sizes = inFreshProcess(`
      churn();
      const whileLoading = youngSize();
      youngGenerationMayGrow(16);
      await serve();
      console.log(JSON.stringify({ whileLoading, serving: youngSize() }));
    `);
    // Without the hold, the same allocation takes it to V8's maximum (32–64 MB) before any observer can react. (The
    // TypeScript loader this test runs under has already grown it a little before heap.ts runs.)
    expect(sizes.whileLoading).toBeLessThanOrEqual(8 * MB);
    expect(sizes.serving).toBeGreaterThan(sizes.whileLoading!);
    expect(sizes.serving).toBeLessThanOrEqual(16 * MB);
  });

  it('leave a semi-space size given on the command line alone', () => {
    const sizes = inFreshProcess(
      `
      churn();
      youngGenerationMayGrow(16);
      await serve();
      console.log(JSON.stringify({ serving: youngSize() }));
    `,
      ['--max-semi-space-size=32'],
    );
    expect(sizes.serving).toBeGreaterThan(16 * MB);
  });
});
