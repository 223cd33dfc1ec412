import type { FastifyBaseLogger } from 'fastify';

/** A job `palermo serve` runs on a timer: never two runs of one job at once, stopped cleanly. */
export interface PeriodicJob {
  stop(): Promise<void>;
}

/**
 * Runs `job` every `ms` milliseconds, skipping a tick while the previous run is still going. A failure
 * is logged by kind and code only: an error from a job may quote the data it was handling.
 */
export function every(ms: number, description: string, job: () => Promise<unknown>, log: FastifyBaseLogger): PeriodicJob {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = job()
      .then(() => undefined, (err: unknown) => log.warn({ err: { type: (err as Error)?.name, code: (err as { code?: string })?.code } }, `${description} failed`))
      .finally(() => { running = null; });
  }, ms);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
