/**
 * The bench's workflow section: transitions, Lambda invocations, DynamoDB capacity, emails and cost
 * per complaint on each path of the complaint workflow (modelled by ./workflow-paths.ts, walked
 * through the ASL by ./asl-walk.ts), checked against a real local run (./workflow-run.ts, in a
 * process of its own).
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { costOf, LAMBDA_ASSUMPTION, PRICES, type Usage } from './prices';
import { printTable } from './table';
import type { LocalPathRun } from './workflow-run';
import { complaintDefinition, estimatedUnits, modelPath, PATHS, type PathModel } from './workflow-paths';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs bench/workflow-run.ts in a child process and reads its RESULT line. */
export async function runPathsLocally(timeoutMs = 120_000): Promise<{ workingDaySeconds: number; runs: LocalPathRun[] } | { error: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join('bench', 'workflow-run.ts')], {
      cwd: repoRoot,
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-2000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (line) resolve(JSON.parse(line.slice('RESULT '.length)));
      else resolve({ error: `bench/workflow-run.ts ended (${signal ?? code}) without a result: ${err.trim().split('\n').slice(-3).join(' | ')}` });
    });
  });
}

const usd = (n: number) => n.toFixed(4);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const pair = (model: number | string, local: number | string | undefined) => (local === undefined ? `${model} / -` : `${model} / ${local}`);
const items = (list: number[]) => list.reduce((s, n) => s + n, 0);

/** Transitions by kind of state: Task entries (retries included), Choice, and the final state. */
function breakdown(m: PathModel, types: Record<string, string>): string {
  const count = (t: string) => m.walk.states.filter((s) => types[s] === t).length;
  return `${count('Task')} Task + ${count('Choice')} Choice + 1 ${m.walk.end}`;
}

export async function printWorkflowPaths(): Promise<void> {
  const definition = complaintDefinition();
  const types = Object.fromEntries(Object.entries(definition.States).map(([name, s]) => [name, s.Type]));
  const models = PATHS.map((p) => modelPath(definition, p));
  const local = await runPathsLocally();
  const runs = new Map<string, LocalPathRun>('runs' in local ? local.runs.map((r) => [r.id, r]) : []);

  const gbSeconds = (LAMBDA_ASSUMPTION.memoryMb / 1024) * (LAMBDA_ASSUMPTION.durationMs / 1000);
  console.log('\nWorkflow paths: what one complaint costs on each path of statemachines/complaint.asl.json');
  console.log('transitions: from walking the ASL file along the path (bench/asl-walk.ts), counted as Standard workflows bill them:');
  console.log('  every state entered is 1, Choice and Succeed/Fail included, and every retry of a Task is 1 more.');
  console.log(`Lambda: the steps function once per Task attempt (a .waitForTaskToken Task is 1 invocation; its callback is none), plus the`);
  console.log(`  path's API calls: the public submission, and each staff action that drives it (POST .../outcome or .../extension).`);
  console.log(`  Each invocation assumed ${LAMBDA_ASSUMPTION.durationMs} ms at ${LAMBDA_ASSUMPTION.memoryMb} MB ${LAMBDA_ASSUMPTION.architecture} (${gbSeconds} GB-s; not measured: the local run is not Lambda).`);
  console.log('DynamoDB est.: the calls of functions/domain/workflow-steps.ts, staff-service.ts and the adapters, priced by the simple rules:');
  console.log('  TransactWriteItems 2 WRU per item (every item <= 1 KB), UpdateItem 1 WRU, strongly consistent GetItem/Query 1 RRU (<= 4 KB);');
  console.log('  each `apply` = GetItem of the directory + TransactWriteItems of case + event; each `load` = GetItem of the case;');
  console.log('  the submission = GetItem of the counter + TransactWriteItems of counter + case + event (no Idempotency-Key).');
  console.log('DynamoDB local: the ConsumedCapacity DynamoDB Local reported for the same calls in the local run (real item sizes, the case');
  console.log('  item is 1-2 KB, and writes to both indexes, projection ALL): a closer figure than the estimate, not verified against AWS.');
  console.log('emails: every email of the path, to the customer and to staff (SES charges each).');
  console.log('Not counted: API Gateway, CloudWatch Logs, staff reading cases, the scheduled monitor/report/retention jobs, storage, free tiers.');
  if (!('runs' in local)) console.log(`The local run failed, so the local columns are empty: ${local.error}`);
  console.log('Paths:');
  for (const m of models) console.log(`  ${m.path.name}: ${m.path.description}${m.path.local ? '' : ' (model only)'}`);

  const rows: string[][] = [];
  const costRows: string[][] = [];
  for (const m of models) {
    const est = estimatedUnits(m.ops);
    const run = runs.get(m.path.id);
    const ok = run && !run.error;
    const base: Omit<Usage, 'writeUnits' | 'readUnits'> = { transitions: m.walk.transitions, lambdaInvocations: m.lambdaInvocations, emails: m.ops.emails };
    const costEst = costOf({ ...base, ...est });
    const costLocal = ok ? costOf({ ...base, writeUnits: run.writeUnits, readUnits: run.readUnits }) : undefined;
    rows.push([
      m.path.name,
      String(m.walk.transitions),
      breakdown(m, types),
      `${m.walk.steps.length} + ${m.path.api.length}`,
      pair(est.writeUnits, ok ? run.writeUnits : undefined),
      pair(est.readUnits, ok ? run.readUnits : undefined),
      String(m.ops.emails),
      usd(costEst.total * 1000),
      costLocal ? usd(costLocal.total * 1000) : '-',
    ]);
    const per1000 = (c: ReturnType<typeof costOf>) => [c.stepFunctions, c.lambda, c.dynamodb, c.ses].map((n) => usd(n * 1000));
    const [sf, la, , ses] = per1000(costEst);
    costRows.push([m.path.name, sf!, la!, usd(costEst.dynamodb * 1000), costLocal ? usd(costLocal.dynamodb * 1000) : '-', ses!, usd((costLocal ?? costEst).total * 1000)]);
  }
  console.log('');
  printTable(
    ['path', 'transitions', '(Task + Choice + end)', 'Lambda (steps + API)', 'WRU est / local', 'RRU est / local', 'emails', '$ per 1,000 (est)', '$ per 1,000 (local units)'],
    rows,
  );
  console.log(`\nCost per 1,000 complaints by service, $ (total uses the local DynamoDB units where the path ran locally)\n`);
  printTable(['path', 'Step Functions', 'Lambda', 'DynamoDB est', 'DynamoDB local', 'SES', 'total'], costRows);

  console.log(`\nPrices (${PRICES.region}, list prices as of ${PRICES.checkedOn}; bench/prices.ts):`);
  for (const [service, p] of Object.entries(PRICES)) {
    if (typeof p !== 'object') continue;
    console.log(`  ${service}: ${p.source}; checked: ${p.verified}`);
  }

  const longest = models.find((m) => m.path.id === 'ombudsman');
  if (longest) console.log(`\nThe "${longest.path.name}" path, as walked: ${longest.walk.states.join(' > ')}`);

  // The cross-check: the same paths run for real in a local stack.
  if (!('runs' in local)) return;
  console.log(`\nCross-check: each path run for real, one after another, in a local stack of its own (a working day lasts ${local.workingDaySeconds} s,`);
  console.log('so a 10-working-day stage passes in about a second); model / local. The steps are those the steps Lambda was invoked for (its');
  console.log('logger keys), the DynamoDB calls those of the handlers (a middleware on their client), the emails those in the mailbox with');
  console.log("the case's reference. A path whose local steps equal the walk's Task sequence entered the same states, so its transitions hold.\n");
  const checks: string[][] = [];
  const notRun: string[] = [];
  for (const m of models) {
    const run = runs.get(m.path.id);
    if (!run) {
      notRun.push(m.path.name);
      continue;
    }
    if (run.error) {
      checks.push([m.path.name, `error: ${run.error}`, '', '', '', '', '', '', '', '']);
      continue;
    }
    checks.push([
      m.path.name,
      same(m.walk.steps, run.steps) ? 'yes' : `no: ${run.steps.join(',')}`,
      pair(m.walk.steps.length, run.steps.length),
      pair(m.path.api.length, run.httpCalls),
      pair(m.ops.gets, run.ops.gets),
      pair(m.ops.queries, run.ops.queries),
      pair(`${m.ops.transactionItems.length}(${items(m.ops.transactionItems)})`, `${run.ops.transactionItems.length}(${items(run.ops.transactionItems)})`),
      pair(m.ops.updates, run.ops.updates),
      pair(m.ops.emails, run.emails),
      `${run.status} ${run.closure ?? ''}`.trim(),
    ]);
  }
  printTable(['path', 'same steps', 'step invocations', 'API calls', 'GetItem', 'Query', 'TransactWrite(items)', 'UpdateItem', 'emails', 'execution, closure'], checks);
  for (const name of notRun) console.log(`"${name}" is not run locally: its retries wait the library's own 2-8 s intervals (not time-scaled).`);
  const other = [...runs.values()].reduce((s, r) => s + r.ops.other, 0);
  if (other) console.log(`(${other} other DynamoDB calls were seen in the local run and are in its units only)`);
}
