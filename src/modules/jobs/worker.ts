import type { DrainReport } from './public.ts';

export interface WorkerOptions {
  /** The name written to locked_by. */
  name?: string;
  /** How long an idle worker waits before looking again (a commit that queues work wakes it sooner). */
  pollMs?: number;
  onError?: (err: unknown) => void;
  drain: (o: { worker?: string; shouldStop: () => boolean }) => Promise<DrainReport>;
  /** Registers a wake-up call (after a commit that queued work); returns its removal. */
  onWake: (wake: () => void) => () => void;
}

export interface Worker {
  start(): void;
  /** Stops taking jobs; resolves once the job being run (if any) has finished. */
  stop(): Promise<void>;
}

/** A loop that drains due jobs, then sleeps until woken or the poll interval passes. */
export function createWorker(options: WorkerOptions): Worker {
  let stopping = false;
  let loop: Promise<void> | undefined;
  let sleeping: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  let woken = false;
  const wake = () => {
    woken = true;
    if (!sleeping) return;
    clearTimeout(sleeping.timer);
    sleeping.resolve();
  };
  const sleep = () =>
    new Promise<void>((resolve) => {
      if (woken || stopping) return resolve();
      const timer = setTimeout(resolve, options.pollMs ?? 1000);
      sleeping = { timer, resolve };
    }).finally(() => (sleeping = undefined));

  async function run() {
    const unsubscribe = options.onWake(wake);
    try {
      while (!stopping) {
        woken = false;
        let ran = 0;
        try {
          ran = (await options.drain({ worker: options.name, shouldStop: () => stopping })).ran;
        } catch (err) {
          // A database that is briefly away is no reason to stop: the next round tries again.
          options.onError?.(err);
        }
        // A round that ran jobs may have left more due (it takes a limited number): look again at once.
        if (!ran) await sleep();
      }
    } finally {
      unsubscribe();
    }
  }

  return {
    start() {
      if (loop) return;
      stopping = false;
      loop = run();
    },
    async stop() {
      stopping = true;
      wake();
      await loop;
      loop = undefined;
    },
  };
}
