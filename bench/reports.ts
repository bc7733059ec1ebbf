/**
 * The monthly report's time for one month of 10,000 cases, in a table of 100,000 (ten such months)
 * beside a table holding only that month's 10,000: the month is read through the byMonthReceived
 * index (never a scan), so the two should take the same time (goal: a ratio within 1.2). The cases
 * are written straight into DynamoDB Local (in memory) with BatchWriteItem, as the adapter stores
 * them (`caseItem`). Timed: the whole use case of the schedule's job (makeMonthlyReport: read the
 * month, the open cases and the twelve stored months before, collate, store), with a mailer that
 * sends nothing. Older months' cases are closed, as a service's are: the open cases are the same in
 * both tables. Prints figures only; it judges nothing.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { caseItem, documentClient, DynamoDbCaseRepository, DynamoDbDirectoryRepository } from '../functions/adapters/dynamodb-case-repository';
import { DynamoDbReportRepository } from '../functions/adapters/dynamodb-report-repository';
import { WorkingDayCalendar } from '../functions/domain/calendar';
import { newCase, type Case } from '../functions/domain/case';
import { defaultPolicy } from '../functions/domain/policy';
import { makeMonthlyReport, type MakeMonthlyReportDeps } from '../functions/domain/reports/make-monthly-report';
import { shiftMonth } from '../functions/domain/reports/figures';
import { parseSubmission } from '../functions/domain/submission';
import { readMessages } from '../functions/config/locale-source';
import { ensureTable, startDynamoDbLocal } from '../local/dynamodb';
import { aComplaint } from '../test/support/mothers';
import { LOCALES } from '../test/support/texts';
import { freePort } from '../test/support/ports';
import { percentile } from './measure';
import { putAll } from './bulk-load';
import { printTable } from './table';

const MONTH = '2026-11';
const PER_MONTH = 10_000;
/** The large table: this many months of PER_MONTH cases, ending with MONTH. */
const MONTHS = 10;
/** Share of the month's cases still open when the report is made. */
const OPEN_SHARE = 0.1;
const WARM_UP = 2;
const RUNS = 7;
const NOW = new Date('2026-12-01T06:00:00Z');

const functionIds = defaultPolicy.functions.map((f) => f.id);
const categoryIds = defaultPolicy.complaintCategories.map((c) => c.id);
const channels = ['web', 'phone', 'letter', 'email', 'in-person'] as const;
const decisions = ['upheld', 'partly-upheld', 'not-upheld'] as const;

/** Case `i` of `month` (number `n` in the table): received through the month; closed at stage 1 unless in the open share of the latest month. */
function caseOf(base: Case, month: string, i: number, n: number): Case {
  const start = Date.parse(`${month}-01T00:00:00Z`);
  const receivedAt = new Date(start + ((i * 2_591_000) % (27 * 86_400_000)) + 3_600_000).toISOString();
  const fn = functionIds[i % functionIds.length]!;
  const kind = i % 7 === 0 ? 'compliment' : 'complaint';
  const open = month === MONTH && i % Math.round(1 / OPEN_SHARE) === 0;
  const deadline = new Date(Date.parse(receivedAt) + 14 * 86_400_000).toISOString();
  const stage = { number: 1, owner: `${fn}-head`, owners: [`${fn}-head`], startedAt: receivedAt, deadline, extendedBy: 0 };
  const closedAt = new Date(Date.parse(receivedAt) + 5 * 86_400_000).toISOString();
  const c: Case = {
    ...base,
    reference: `CC-${month.slice(0, 4)}-${String(n).padStart(6, '0')}`,
    kind,
    channel: channels[i % channels.length]!,
    function: fn,
    receivedAt,
    receivedOn: receivedAt.slice(0, 10),
    acknowledgedAt: receivedAt,
    acknowledgedVia: 'email',
  };
  if (kind === 'complaint') c.category = categoryIds[i % categoryIds.length]!;
  if (open) return { ...c, status: 'open', stage: 1, owner: stage.owner, stages: [stage], nextDeadline: deadline };
  if (kind === 'compliment') return { ...c, status: 'closed', stage: null, owner: null, nextDeadline: null, closedAt: receivedAt, closure: 'compliment-recorded' };
  return {
    ...c,
    status: 'closed',
    stage: null,
    owner: null,
    nextDeadline: null,
    stages: [{ ...stage, endedAt: closedAt, endedBy: 'resolved' }],
    outcome: { stage: 1, decision: decisions[i % 3]!, response: 'Our answer.', decidedAt: closedAt, decidedBy: stage.owner!, ...(i % 11 === 0 ? { lessonsLearned: 'Brief the watch.' } : {}) },
    closedAt,
    closure: 'resolved',
  };
}

export async function printReports(): Promise<void> {
  const dynamodb = await startDynamoDbLocal({ port: await freePort(), dataDir: null });
  const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const doc = documentClient(client);
    const { submission } = parseSubmission(aComplaint(), defaultPolicy, '2026-06-01');
    const base = newCase(submission, { reference: 'CC-2026-00001', receivedAt: NOW, receivedOn: '2026-12-01', acknowledgeBy: NOW, channel: 'web' });
    const month = Array.from({ length: PER_MONTH }, (_, i) => caseOf(base, MONTH, i, (MONTHS - 1) * PER_MONTH + i + 1));
    const earlier = Array.from({ length: (MONTHS - 1) * PER_MONTH }, (_, n) => caseOf(base, shiftMonth(MONTH, Math.floor(n / PER_MONTH) - (MONTHS - 1)), n % PER_MONTH, n + 1));
    const tables = [
      { name: 'reports-bench-month-only', cases: month },
      { name: 'reports-bench-ten-months', cases: [...earlier, ...month] },
    ];
    const loads: string[] = [];
    for (const t of tables) {
      await ensureTable(client, t.name);
      const started = performance.now();
      await putAll(doc, t.name, t.cases.length, (i) => caseItem(t.cases[i]!));
      loads.push(`${t.cases.length.toLocaleString('en-GB')} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
    const texts = readMessages(LOCALES, defaultPolicy.language);
    let sent = 0;
    const depsOf = (table: string): MakeMonthlyReportDeps => ({
      policy: defaultPolicy,
      calendar,
      cases: new DynamoDbCaseRepository(doc, table),
      reports: new DynamoDbReportRepository(doc, table),
      directory: new DynamoDbDirectoryRepository(doc, table),
      mailer: { send: async () => ({ messageId: `bench-${++sent}` }) },
      texts,
      now: () => NOW,
    });
    const deps = tables.map((t) => depsOf(t.name));
    // In turn, run by run: the JVM's warming and any noise of the machine fall on both alike.
    const times = deps.map(() => [] as number[]);
    const counts = deps.map(() => 0);
    for (let run = 0; run < WARM_UP + RUNS; run++) {
      for (const [k, d] of deps.entries()) {
        const started = performance.now();
        const { report } = await makeMonthlyReport({ month: MONTH, run: `bench-${run}` }, d);
        if (run >= WARM_UP) times[k]!.push(performance.now() - started);
        counts[k] = report.received.complaints + report.received.compliments;
      }
    }
    for (const t of times) t.sort((a, b) => a - b);
    const [small, large] = times as [number[], number[]];
    console.log(`\nMonthly report for ${MONTH} (makeMonthlyReport over DynamoDB Local in memory: read the month through byMonthReceived, the open cases,`);
    console.log(`the twelve stored months before; collate; store; a mailer that sends nothing), ${RUNS} runs of each table in turn after ${WARM_UP} unmeasured;`);
    console.log(`${OPEN_SHARE * 100}% of the month's cases open, older months closed; loaded with BatchWriteItem: ${loads.join(', ')}:\n`);
    printTable(
      ['table', 'cases in table', 'cases in month', 'p50 ms', 'min ms', 'max ms'],
      tables.map((t, k) => [
        t.name,
        t.cases.length.toLocaleString('en-GB'),
        counts[k]!.toLocaleString('en-GB'),
        percentile(times[k]!, 50).toFixed(0),
        times[k]![0]!.toFixed(0),
        times[k]!.at(-1)!.toFixed(0),
      ]),
    );
    console.log(`\nRatio (100,000-case table / month-only table), p50: ${(percentile(large, 50) / percentile(small, 50)).toFixed(2)}x; goal: within 1.2x.`);
  } finally {
    client.destroy();
    await dynamodb.stop();
  }
}
