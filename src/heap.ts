import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

const given = (flag: string) => [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes(flag));

/**
 * Caps the young generation of this process's heap at about `mb` MB. V8 grows it (doubling, up to 64 MB) while a
 * server allocates quickly; each request's objects die young, so a larger one buys nothing measurable here (the
 * same requests per second at 16 and 64 MB) and it is resident memory. `--max-semi-space-size` can only be given
 * when Node starts, so once the young generation reaches the cap, it is told to stop growing. A process started
 * with its own semi-space flag keeps it.
 */
export function capYoungGeneration(mb = 16) {
  if (given('semi-space')) return;
  const newSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
  const cap = mb * 1024 * 1024;
  const stop = () => {
    v8.setFlagsFromString('--semi-space-growth-factor=1');
    observer.disconnect();
  };
  // Told after a collection, so it may grow once more before it hears: it stops half-way to the cap.
  const observer = new PerformanceObserver(() => {
    if (newSpace() * 2 > cap) stop();
  });
  if (newSpace() * 2 > cap) return v8.setFlagsFromString('--semi-space-growth-factor=1');
  observer.observe({ entryTypes: ['gc'] });
}

/**
 * Lets the old generation grow to twice what was live after the last full collection before collecting again.
 * Under load V8's own choice reaches four times (a full collection of this heap takes about 5 ms, so it judges
 * them cheap to put off), and what the server promotes while answering — request and response objects that
 * outlive two young collections — then piles up as resident memory: about 480 MB against 345–390 MB at twice, for
 * the same requests per second (decision 026). A process started with its own factor keeps it.
 */
export function boundOldGenerationGrowth(percent = 100) {
  if (given('heap-growing-percent')) return;
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}

// Imported first by main.ts, so it runs before the rest of the application is loaded (loading allocates fast too).
capYoungGeneration();
boundOldGenerationGrowth();
