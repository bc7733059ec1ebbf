import { performance } from 'node:perf_hooks';

export interface Measurement {
  concurrency: number;
  count: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** Calls that threw (for the gateway: answers other than 201), with the first few messages. */
  failures: number;
  failureSamples: string[];
}

/** Nearest-rank percentile of an ascending list of milliseconds. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Runs `fn` `count` times with `concurrency` calls in flight (each worker takes the next index as
 * soon as its call settles) and times each call. A call that throws counts as a failure; its time
 * still counts.
 */
export async function measure(concurrency: number, count: number, fn: (i: number) => Promise<void>): Promise<Measurement> {
  const latencies: number[] = [];
  const failureSamples: string[] = [];
  let failures = 0;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const started = performance.now();
      try {
        await fn(i);
      } catch (error) {
        failures++;
        if (failureSamples.length < 5) failureSamples.push(error instanceof Error ? error.message : String(error));
      }
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    concurrency,
    count,
    requestsPerSecond: count / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    failures,
    failureSamples,
  };
}
