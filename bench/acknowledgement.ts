import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { aComplaint } from '../test/support/mothers';

export interface AcknowledgementRun {
  count: number;
  concurrency: number;
  pollMs: number;
  /** Milliseconds from each 201 to its acknowledgement being seen in the mailbox, ascending. */
  latencies: number[];
  /** Acknowledgements already in the mailbox when their 201 arrived (counted as 0 ms). */
  beforeResponse: number;
  /** Submissions that were not answered 201, or whose acknowledgement did not come in time. */
  failures: number;
  failureSamples: string[];
  /** Mailbox reads made, and their mean duration (the resolution of the figures). */
  polls: number;
  meanPollMs: number;
  seconds: number;
}

interface Seen {
  at: number;
  subjects: string[];
}

/**
 * `count` complaints from people who prefer email, each with an address of its own, `concurrency`
 * at a time: a worker submits, waits for that complaint's acknowledgement, then submits the next.
 * One poller reads the mailbox (`GET /store?since=`, aws-ses-v2-local) every `pollMs` and notes
 * when each address first received a mail whose subject holds the reference; the latency is that
 * moment minus the moment the 201 arrived.
 */
export async function measureAcknowledgements(options: {
  apiUrl: string;
  mailboxUrl: string;
  count: number;
  concurrency: number;
  pollMs: number;
  timeoutMs: number;
}): Promise<AcknowledgementRun> {
  const run = `${Date.now().toString(36)}`;
  const address = (i: number) => `bench-ack-${run}-${i}@example.com`;
  const seen = new Map<string, Seen>();
  const sentAt = new Map<number, number>();
  let polls = 0;
  let pollTime = 0;
  let stopped = false;

  // Only what came since the oldest submission still waiting (the store's `at` is whole seconds).
  const since = () => Math.floor((sentAt.size ? Math.min(...sentAt.values()) : Date.now()) / 1000) - 1;
  const poller = (async () => {
    while (!stopped) {
      const started = performance.now();
      try {
        const res = await fetch(`${options.mailboxUrl}/store?since=${since()}`);
        const body = (await res.json()) as { emails: Array<{ subject: string; destination: { to: string[] } }> };
        const now = performance.now();
        for (const email of body.emails) {
          for (const to of email.destination.to) {
            if (!to.startsWith('bench-ack-')) continue;
            const entry = seen.get(to) ?? { at: now, subjects: [] };
            if (!entry.subjects.includes(email.subject)) entry.subjects.push(email.subject);
            seen.set(to, entry);
          }
        }
      } catch {
        // The mailbox is local; a failed read is just a missed poll.
      }
      polls++;
      const took = performance.now() - started;
      pollTime += took;
      await sleep(Math.max(0, options.pollMs - took));
    }
  })();

  const latencies: number[] = [];
  const failureSamples: string[] = [];
  let failures = 0;
  let beforeResponse = 0;
  let next = 0;
  const fail = (message: string) => {
    failures++;
    if (failureSamples.length < 5) failureSamples.push(message);
  };

  const worker = async () => {
    while (next < options.count) {
      const i = next++;
      const to = address(i);
      sentAt.set(i, Date.now());
      try {
        const res = await fetch(`${options.apiUrl}/api/public/submissions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(aComplaint({ email: to, preferredContact: 'email', summary: `Bench acknowledgement ${i}` })),
        });
        const answered = performance.now();
        const text = await res.text();
        if (res.status !== 201) {
          fail(`${res.status} ${text.slice(0, 200)}`);
          continue;
        }
        const reference = (JSON.parse(text) as { reference: string }).reference;
        const has = () => seen.get(to)?.subjects.some((s) => s.includes(reference));
        if (has()) {
          beforeResponse++;
          latencies.push(0);
          continue;
        }
        const until = answered + options.timeoutMs;
        while (!has() && performance.now() < until) await sleep(Math.min(5, options.pollMs));
        if (!has()) {
          fail(`no acknowledgement for ${reference} within ${options.timeoutMs} ms`);
          continue;
        }
        latencies.push(Math.max(0, seen.get(to)!.at - answered));
      } catch (error) {
        fail(error instanceof Error ? error.message : String(error));
      } finally {
        sentAt.delete(i);
      }
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  stopped = true;
  await poller;
  latencies.sort((a, b) => a - b);
  return {
    count: options.count,
    concurrency: options.concurrency,
    pollMs: options.pollMs,
    latencies,
    beforeResponse,
    failures,
    failureSamples,
    polls,
    meanPollMs: polls ? pollTime / polls : Number.NaN,
    seconds,
  };
}
