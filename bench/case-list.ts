/**
 * `npm run bench -- lists`: the staff case list's first page (GET /api/cases' use case, listCases,
 * over the DynamoDB adapter) with 1,000 and with 100,000 cases in the table, and the ratio of the
 * two. The cases are written straight into DynamoDB Local (in memory) with BatchWriteItem, as the
 * adapter stores them (its `caseItem`: every index key). Prints figures only; it judges nothing.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { performance } from 'node:perf_hooks';
import { caseItem, documentClient, DynamoDbCaseRepository, DynamoDbDirectoryRepository } from '../functions/adapters/dynamodb-case-repository';
import { WorkingDayCalendar } from '../functions/domain/calendar';
import { newCase, type Case } from '../functions/domain/case';
import { defaultPolicy } from '../functions/domain/policy';
import { listCases } from '../functions/domain/staff-service';
import type { Staff } from '../functions/domain/staff';
import { parseSubmission } from '../functions/domain/submission';
import { ensureTable, startDynamoDbLocal } from '../local/dynamodb';
import { aComplaint } from '../test/support/mothers';
import { freePort } from '../test/support/ports';
import { percentile } from './measure';
import { putAll } from './bulk-load';
import { printTable } from './table';

const TABLE = 'case-list-bench';
const SIZES = [1_000, 100_000];
/** Calls before measuring at each size (DynamoDB Local is a JVM that compiles as it goes), then measured. */
const WARM_UP = 200;
const CALLS = 500;
/** Share of cases still open (the rest closed), as in a service some years old. */
const OPEN_SHARE = 0.1;
const NOW = new Date('2026-06-15T10:00:00Z');

const VIEWS: Array<[string, Record<string, string>]> = [
  ['default view (open by deadline, then closed)', {}],
  ['function=operations&dueWithin=5 (key range)', { function: 'operations', dueWithin: '5' }],
  ['kind=compliment (FilterExpression)', { kind: 'compliment' }],
];

const admin: Staff = { id: 'admin-manager', roles: ['admin-manager'] };
const functionIds = defaultPolicy.functions.map((f) => f.id);
const channels = ['web', 'phone', 'letter', 'email', 'in-person'] as const;

/** Case number i: received over the years before NOW, spread over functions, channels and kinds. */
function caseNumber(base: Case, i: number): Case {
  const receivedAt = new Date(NOW.getTime() - (i + 1) * 37 * 60_000).toISOString();
  const open = i % Math.round(1 / OPEN_SHARE) === 0;
  const fn = functionIds[i % functionIds.length]!;
  const deadline = new Date(NOW.getTime() + ((i * 7919) % (40 * 86_400_000)) - 10 * 86_400_000).toISOString();
  return {
    ...base,
    reference: `CC-${receivedAt.slice(0, 4)}-${String(i + 1).padStart(6, '0')}`,
    kind: i % 7 === 0 ? 'compliment' : 'complaint',
    status: open ? 'open' : 'closed',
    stage: open ? 1 : null,
    owner: open ? `${fn}-head` : null,
    function: fn,
    channel: channels[i % channels.length]!,
    receivedAt,
    receivedOn: receivedAt.slice(0, 10),
    nextDeadline: open ? deadline : null,
  };
}

export async function printCaseList(): Promise<void> {
  const dynamodb = await startDynamoDbLocal({ port: await freePort(), dataDir: null });
  const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const doc = documentClient(client);
    const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
    const { submission } = parseSubmission(aComplaint(), defaultPolicy, '2026-06-01');
    const base = newCase(submission, { reference: 'CC-2026-00001', receivedAt: NOW, receivedOn: '2026-06-15', acknowledgeBy: NOW, channel: 'web' });
    // Two tables, one of each size, measured call by call in turn: the JVM's warming and any noise
    // of the machine fall on both alike.
    const tables: string[] = [];
    const loads: string[] = [];
    for (const size of SIZES) {
      const name = `${TABLE}-${size}`;
      await ensureTable(client, name);
      const started = performance.now();
      await putAll(doc, name, size, (i) => caseItem(caseNumber(base, i)));
      loads.push(`${size.toLocaleString('en-GB')} cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      tables.push(name);
    }
    const depsOf = (table: string) => ({
      policy: defaultPolicy,
      calendar,
      cases: new DynamoDbCaseRepository(doc, table),
      directory: new DynamoDbDirectoryRepository(doc, table),
      now: () => NOW,
      cursorKey: 'bench-key-bench-key-bench-key-bench-key',
    });
    const deps = tables.map(depsOf);
    const results = new Map<string, Array<{ p50: number; p95: number; items: number }>>();
    for (const [name, query] of VIEWS) {
      const latencies = deps.map(() => [] as number[]);
      const items = deps.map(() => 0);
      for (let i = 0; i < WARM_UP + CALLS; i++) {
        for (const [k, d] of deps.entries()) {
          const t = performance.now();
          items[k] = (await listCases(admin, { ...query, limit: '25' }, d)).items.length;
          if (i >= WARM_UP) latencies[k]!.push(performance.now() - t);
        }
      }
      results.set(
        name,
        latencies.map((l, k) => {
          l.sort((a, b) => a - b);
          return { p50: percentile(l, 50), p95: percentile(l, 95), items: items[k]! };
        }),
      );
    }
    console.log(`\nCase list, first page of 25 (listCases over DynamoDB Local in memory, two tables, ${CALLS} calls to each in turn after ${WARM_UP} unmeasured;`);
    console.log(`${OPEN_SHARE * 100}% of cases open; loaded with BatchWriteItem: ${loads.join(', ')}):\n`);
    const ms = (n: number) => n.toFixed(2);
    printTable(
      ['view', 'items 1k/100k', 'p50 1k ms', 'p95 1k ms', 'p50 100k ms', 'p95 100k ms', 'p50 100k/1k', 'p95 100k/1k'],
      [...results].map(([name, [small, large]]) => [
        name,
        `${small!.items}/${large!.items}`,
        ms(small!.p50),
        ms(small!.p95),
        ms(large!.p50),
        ms(large!.p95),
        `${(large!.p50 / small!.p50).toFixed(2)}x`,
        `${(large!.p95 / small!.p95).toFixed(2)}x`,
      ]),
    );
    console.log('\nEach page is one or two index Queries reading about the 25 cases it shows (the filter view reads on until 25 compliments),');
    console.log('so the goal is a ratio within 1.2: the page costs the same whatever the size of the table.');
  } finally {
    client.destroy();
    await dynamodb.stop();
  }
}
