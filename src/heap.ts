import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

/**
 * Caps the young generation of this process's heap at about `mb` MB. V8 grows it (doubling, up to 128 MB on a
 * machine with this much memory) while a server allocates quickly; each request's objects die young, so a larger one
 * buys little, and it was most of a process's resident memory under load. `--max-semi-space-size` can only be given
 * when Node starts, so once the young generation reaches the cap, it is told to stop growing. A process started
 * with its own semi-space flag keeps it.
 */
export function capYoungGeneration(mb = 32) {
  if ([...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('semi-space'))) return;
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

// Imported first by main.ts, so it runs before the rest of the application is loaded (loading allocates fast too).
capYoungGeneration();
