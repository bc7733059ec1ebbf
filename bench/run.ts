/**
 * `npm run bench`: throughput and latency of a submission through the local gateway and of the same
 * DynamoDB transaction made directly, the size and cold load time of every function's bundle (beside
 * the bundling of an earlier commit; `npm run bench -- bundles` prints only these), the time from a
 * submission's 201 to its acknowledgement in the mailbox, and the state transitions, Lambda
 * invocations, DynamoDB capacity, emails and cost per complaint on each path of the workflow, and
 * the public pages (first-visit bytes, render and request times; `npm run bench -- pages` alone),
 * the case list's first page with 1,000 and 100,000 cases (`npm run bench -- lists` alone), and the
 * monthly report of 10,000 cases in a table of 100,000 and in one of 10,000 (`npm run bench -- reports` alone).
 * Prints figures only; it is not a test and judges nothing.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { cpus } from 'node:os';
import { documentClient, DynamoDbCaseRepository } from '../functions/adapters/dynamodb-case-repository';
import { readPolicy } from '../functions/config/policy-source';
import { WorkingDayCalendar } from '../functions/domain/calendar';
import { formatReference, newCase, receivedEvent } from '../functions/domain/case';
import { parseSubmission } from '../functions/domain/submission';
import { startLocalStack, WORKFLOW_STEP_CONCURRENCY } from '../local/stack';
import { aComplaint } from '../test/support/mothers';
import { freePort } from '../test/support/ports';
import { settled } from '../test/support/workflow';
import { printBundles } from './bundles';
import { printCaseList } from './case-list';
import { printPages } from './pages';
import { printReports } from './reports';
import { measureAcknowledgements } from './acknowledgement';
import { measure, percentile, type Measurement } from './measure';
import { printTable } from './table';
import { printWorkflowPaths } from './workflow-report';

const CONCURRENCY = [1, 20];
const REQUESTS = 300;
const WARM_UP = 20;
/**
 * DynamoDB Local is a JVM: its first few hundred transactions run about twice as slow while it
 * compiles. Both paths are run this many times, unmeasured, before anything is measured, so that
 * whichever path goes first is not the one that pays for it.
 */
const PRIME = 300;
/** Direct writes take references in a year of their own, so they never meet the gateway's. */
const DIRECT_YEAR = 2099;
/** Acknowledgement latency: this many complaints, this many in flight, the mailbox read this often. */
const ACKNOWLEDGEMENTS = 200;
const ACKNOWLEDGEMENT_CONCURRENCY = 10;
const MAILBOX_POLL_MS = 20;
/** Mirrors WORKFLOW_STEP_CONCURRENCY in local/stack.ts (not exported there). */

const ms = (n: number) => n.toFixed(1);
const times = (n: number) => `${n.toFixed(2)}x`;

/** Warms up (not measured), then measures, at each concurrency level. */
async function measureLevels(fn: (i: number) => Promise<void>): Promise<Measurement[]> {
  const results: Measurement[] = [];
  for (const concurrency of CONCURRENCY) {
    const warm = await measure(concurrency, WARM_UP, fn);
    const result = await measure(concurrency, REQUESTS, fn);
    result.failures += warm.failures;
    result.failureSamples.push(...warm.failureSamples.map((s) => `(warm-up) ${s}`));
    results.push(result);
  }
  return results;
}

async function main(): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

  const cpu = cpus();
  console.log(`Bench ${new Date().toISOString()}`);
  console.log(`Node ${process.version} on ${process.platform}/${process.arch}, ${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}`);
  console.log('Figures are from DynamoDB Local and the in-process local gateway on this machine, not from AWS.');

  // First, before the local stack runs: bundle load times are measured in fresh processes.
  await printBundles();

  const stack = await startLocalStack({ port: 0, dynamodbPort: await freePort(), sesPort: 0, dataDir: null });
  const client = new DynamoDBClient({ endpoint: stack.dynamodbEndpoint });
  try {
    // Through the gateway: HTTP, the handler chain, validation, the calendar and the transaction.
    const submissions = `${stack.apiUrl}/api/public/submissions`;
    let sent = 0;
    const submitThroughGateway = async () => {
      const response = await fetch(submissions, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(aComplaint({ summary: `Bench complaint ${++sent}` })),
      });
      const text = await response.text();
      if (response.status !== 201) throw new Error(`${response.status} ${text.slice(0, 300)}`);
    };

    // Direct: the same one transaction (counter + case + event), with a case built by the domain.
    const policy = readPolicy(process.env);
    const calendar = WorkingDayCalendar.fromPolicy(policy);
    const now = new Date();
    const receivedOn = calendar.londonDate(now);
    const acknowledgeBy = calendar.deadline(now, policy.acknowledgeWithinWorkingDays);
    const { submission } = parseSubmission(aComplaint(), policy, receivedOn);
    const repository = new DynamoDbCaseRepository(documentClient(client), stack.tableName);
    let written = 0;
    const writeDirectly = async () => {
      const summary = `Bench complaint ${++written}`;
      await repository.createWithNextReference(DIRECT_YEAR, (sequence) => {
        const c = newCase(
          { ...submission, summary },
          {
            reference: formatReference(policy.referencePrefix, DIRECT_YEAR, sequence),
            receivedAt: new Date(),
            receivedOn,
            acknowledgeBy,
            channel: 'web',
          },
        );
        return { case: c, event: receivedEvent(c, { type: 'public' }) };
      });
    };

    for (const [path, fn] of [['gateway', submitThroughGateway], ['direct', writeDirectly]] as const) {
      const primed = await measure(1, PRIME, fn);
      for (const sample of primed.failureSamples) console.log(`${path} while priming: ${sample}`);
    }
    const gateway = await measureLevels(submitThroughGateway);
    const direct = await measureLevels(writeDirectly);

    console.log(`\nSubmissions: ${REQUESTS} per row, after ${PRIME} unmeasured calls of each path and ${WARM_UP} more per row; latency in ms`);
    console.log('gateway = POST /api/public/submissions over HTTP; direct = DynamoDbCaseRepository.createWithNextReference');
    console.log('x direct = gateway req/s / direct req/s, and gateway p50 / direct p50, at the same concurrency');
    console.log('The repository queues reference-taking within a process, so at concurrency 20 the writes still go one at a time.\n');
    const row = (path: string, m: Measurement, vs?: Measurement) => [
      path,
      String(m.concurrency),
      m.requestsPerSecond.toFixed(0),
      ms(m.p50),
      ms(m.p95),
      ms(m.p99),
      String(m.failures),
      vs ? times(m.requestsPerSecond / vs.requestsPerSecond) : '',
      vs ? times(m.p50 / vs.p50) : '',
    ];
    printTable(
      ['path', 'concurrency', 'req/s', 'p50', 'p95', 'p99', 'non-201/errors', 'req/s x direct', 'p50 x direct'],
      [...gateway.map((m, i) => row('gateway', m, direct[i])), ...direct.map((m) => row('direct', m))],
    );
    for (const [path, results] of [['gateway', gateway], ['direct', direct]] as const) {
      for (const m of results) {
        for (const sample of m.failureSamples) console.log(`${path} at concurrency ${m.concurrency}: ${sample}`);
      }
    }

    await printPages(stack).catch((error: unknown) =>
      console.log(`\nPublic pages could not be measured: ${error instanceof Error ? error.message : String(error)}`),
    );

    await printAcknowledgementLatency(stack, repository, policy.referencePrefix).catch((error: unknown) =>
      console.log(`\nAcknowledgement latency could not be measured: ${error instanceof Error ? error.message : String(error)}`),
    );
  } finally {
    client.destroy();
    await stack.stop();
  }

  await printCaseList().catch((error: unknown) =>
    console.log(`\nThe case list could not be measured: ${error instanceof Error ? error.message : String(error)}`),
  );

  await printReports().catch((error: unknown) =>
    console.log(`\nThe monthly report could not be measured: ${error instanceof Error ? error.message : String(error)}`),
  );

  // In a process of its own: it needs a stack whose working days last a fraction of a second.
  await printWorkflowPaths().catch((error: unknown) =>
    console.log(`\nWorkflow paths could not be reported: ${error instanceof Error ? error.message : String(error)}`),
  );
}

/**
 * Every submission above started a workflow; they queue for the same few step slots. Waits until
 * each of them is waiting for its stage outcome, so the acknowledgements measured next do not
 * queue behind that backlog. Returns how many settled, how many did not in time, and how long it took.
 */
async function settleEarlierWorkflows(
  store: Parameters<typeof settled>[0],
  repository: DynamoDbCaseRepository,
  directPrefix: string,
  timeoutMs: number,
): Promise<{ settled: number; unsettled: number; seconds: number }> {
  const started = Date.now();
  const open = (await repository.listOpen()).filter((c) => !c.reference.startsWith(directPrefix));
  let done = 0;
  let unsettled = 0;
  for (const c of open) {
    const left = started + timeoutMs - Date.now();
    try {
      if (left <= 0) throw new Error('out of time');
      await settled(store, c.reference, left);
      done++;
    } catch {
      unsettled++;
    }
  }
  return { settled: done, unsettled, seconds: (Date.now() - started) / 1000 };
}

async function printAcknowledgementLatency(stack: Awaited<ReturnType<typeof startLocalStack>>, repository: DynamoDbCaseRepository, prefix: string): Promise<void> {
  const directPrefix = formatReference(prefix, DIRECT_YEAR, 1).replace(/\d+$/, '');
  const store = { doc: documentClient(new DynamoDBClient({ endpoint: stack.dynamodbEndpoint })), tableName: stack.tableName };
  const backlog = await settleEarlierWorkflows(store, repository, directPrefix, 90_000);
  const run = await measureAcknowledgements({
    apiUrl: stack.apiUrl,
    mailboxUrl: stack.mailboxUrl,
    count: ACKNOWLEDGEMENTS,
    concurrency: ACKNOWLEDGEMENT_CONCURRENCY,
    pollMs: MAILBOX_POLL_MS,
    timeoutMs: 30_000,
  });
  store.doc.destroy();

  console.log(`\nAcknowledgement latency: ${run.count} complaints (preferred contact email, an address each), ${run.concurrency} at a time:`);
  console.log(`each of the ${run.concurrency} workers submits, waits for that acknowledgement, then submits the next. Timed from the 201 arriving to the`);
  console.log(`acknowledgement (to that address, subject holding the reference) first seen in the mailbox, read with GET /store every`);
  console.log(`${run.pollMs} ms (${run.polls} reads, ${ms(run.meanPollMs)} ms each on average): a figure can be late by up to one interval and one read.`);
  console.log(`The local stack runs at most ${WORKFLOW_STEP_CONCURRENCY} workflow steps at once (like reserved concurrency on the steps function), so the`);
  console.log("acknowledgement step queues behind other cases' steps (their stage preparation and the wait's arming).");
  console.log(
    `Before it: ${backlog.settled} workflows of the submissions above settled in ${backlog.seconds.toFixed(1)} s` +
      (backlog.unsettled ? `; ${backlog.unsettled} did not settle in time` : '') +
      '.\n',
  );
  const l = run.latencies;
  printTable(
    ['complaints', 'in flight', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'seen before the 201', 'failures', 'seconds', 'complaints/s'],
    [[
      String(run.count),
      String(run.concurrency),
      ms(percentile(l, 50)),
      ms(percentile(l, 95)),
      ms(percentile(l, 99)),
      ms(l.at(-1) ?? Number.NaN),
      String(run.beforeResponse),
      String(run.failures),
      run.seconds.toFixed(1),
      (run.count / run.seconds).toFixed(1),
    ]],
  );
  for (const sample of run.failureSamples) console.log(`acknowledgement: ${sample}`);
}

/** `npm run bench -- pages`: the public pages alone (first-visit bytes, render and request times). */
async function pagesOnly(): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const stack = await startLocalStack({ port: 0, dynamodbPort: await freePort(), sesPort: 0, dataDir: null });
  try {
    await printPages(stack);
  } finally {
    await stack.stop();
  }
}

// `npm run bench -- bundles`: the bundles alone (sizes and load times beside the baseline), in seconds.
const only = process.argv.slice(2);
if (only.includes('bundles')) await printBundles();
else if (only.includes('pages')) await pagesOnly();
else if (only.includes('lists')) await printCaseList();
else if (only.includes('reports')) await printReports();
else await main();
