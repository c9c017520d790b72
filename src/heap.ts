import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

const given = (flag: string) => [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes(flag));
const newSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;

/**
 * Caps the young generation of this process's heap at about `mb` MB. V8 grows it (doubling, up to 64 MB) while a
 * server allocates quickly; each request's objects die young, so a larger one buys nothing measurable here and it
 * is resident memory. `--max-semi-space-size` can only be given when Node starts, so growth is stopped instead:
 * at once, because loading the application is one synchronous burst of allocation that would take it to the
 * maximum before any observer could react (it did: 64 MB in every process), and let grow again, up to the cap,
 * when `youngGenerationMayGrow` is called after loading. A process started with its own semi-space flag keeps it.
 */
export function holdYoungGeneration() {
  if (given('semi-space')) return;
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}

/** Lets the young generation grow again (doubling) until it reaches about `mb` MB; see holdYoungGeneration. */
export function youngGenerationMayGrow(mb = 16) {
  if (given('semi-space')) return;
  const cap = mb * 1024 * 1024;
  // Told after a collection, so it may grow once more before it hears: it stops half-way to the cap.
  if (newSpace() * 2 > cap) return;
  const observer = new PerformanceObserver(() => {
    if (newSpace() * 2 <= cap) return;
    v8.setFlagsFromString('--semi-space-growth-factor=1');
    observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
  v8.setFlagsFromString('--semi-space-growth-factor=2');
}

/**
 * Turns off V8's allocation-site pretenuring. V8 watches where surviving objects were allocated and, when most of
 * a site's objects survive, allocates that site's objects straight into the old generation. In this server the
 * sites it picks while the first requests warm the code up are per-request ones (responses, headers, the request
 * context): from then on every request leaves garbage in the old generation, and that garbage keeps the young
 * objects it points at alive through the young collections, so they are promoted too. Measured on the category page under load
 * (`--trace-gc-nvp`, decision 027): 6.4 KB promoted per request with it, 0 once the code is warm without it,
 * and 12–25% more requests per second. A process started with its own pretenuring flag keeps it.
 */
export function withoutPretenuring() {
  if (given('pretenuring')) return;
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
}

/**
 * Lets the old generation grow to twice what was live after the last full collection before collecting again.
 * Under load V8's own choice reaches four times (a full collection of this heap takes about 5 ms, so it judges
 * them cheap to put off), and what the server promotes while answering then piles up as resident memory
 * (decision 026). A process started with its own factor keeps it.
 */
export function boundOldGenerationGrowth(percent = 100) {
  if (given('heap-growing-percent')) return;
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}

// Run by main.ts before the rest of the application is loaded (loading allocates fast too).
holdYoungGeneration();
withoutPretenuring();
boundOldGenerationGrowth();
