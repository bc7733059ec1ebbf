import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDeadlineArgs, run, USAGE } from '../../functions/cli/deadline';
import { defaultPolicy } from '../../functions/domain/policy';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = join(root, 'node_modules', '.bin', 'tsx');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a child process with a clean policy environment plus `env`. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Result> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!('POLICY' in env)) delete childEnv.POLICY;
  if (!('POLICY_FILE' in env)) delete childEnv.POLICY_FILE;
  return new Promise((resolve) => {
    execFile(tsx, ['functions/cli/deadline.ts', ...args], { cwd: root, env: childEnv }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const SLOW = 30_000; // a child process per test; generous so a busy machine does not fail them

describe.concurrent('deadline CLI (child process)', () => {
  it('prints the deadline of a date as one ISO line and exits 0', async () => {
    // Mon 2 Mar 2026 + 7 working days = Wed 11 Mar, end of day in GMT.
    const r = await cli(['2026-03-02', '7']);
    expect(r).toEqual({ code: 0, stdout: '2026-03-11T23:59:59.999Z\n', stderr: '' });
  }, SLOW);

  it('counts from the London date of a date-time with an offset', async () => {
    // 23:30 GMT on Fri 27 Mar 2026 is still Friday: day 1 is Mon 30 Mar, in BST.
    const r = await cli(['2026-03-27T23:30:00+00:00', '1']);
    expect(r).toEqual({ code: 0, stdout: '2026-03-30T22:59:59.999Z\n', stderr: '' });
  }, SLOW);

  it('reads a date-time with Z as UTC and one without an offset as London time', async () => {
    // 23:30Z on Wed 10 Jun 2026 is 00:30 BST Thursday: day 1 is Fri 12.
    const utc = await cli(['2026-06-10T23:30:00Z', '1']);
    expect(utc.stdout).toBe('2026-06-12T22:59:59.999Z\n');
    // 23:30 London time on Wed 10 Jun is still Wednesday: day 1 is Thu 11.
    const local = await cli(['2026-06-10T23:30', '1']);
    expect(local.stdout).toBe('2026-06-11T22:59:59.999Z\n');
  }, SLOW);

  it.each([
    ['no arguments', [], /missing arguments/],
    ['one argument', ['2026-03-02'], /missing argument: the number of working days/],
    ['a malformed date', ['2026-3-2', '7'], /receipt "2026-3-2" is not a date/],
    ['a date that does not exist', ['2026-02-30', '7'], /"2026-02-30" does not exist/],
    ['zero working days', ['2026-03-02', '0'], /working days must be a whole number from 1 to 250, got "0"/],
    ['non-numeric working days', ['2026-03-02', 'abc'], /working days must be a whole number from 1 to 250, got "abc"/],
    ['an extra argument', ['2026-03-02', '7', 'extra'], /too many arguments: expected 2, got 3/],
  ])('exits 2 with a message on stderr and nothing on stdout for %s', async (_what, args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(message);
    expect(lines[1]).toBe(USAGE);
  }, SLOW);

  it('prints usage to stdout for --help and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(USAGE);
    expect(r.stderr).toBe('');
  }, SLOW);

  it('skips the closure days of the policy given in POLICY', async () => {
    // Mon 2 Mar + 1 is Tue 3 Mar; with 3 and 4 March closed it is Thu 5 Mar.
    const policy = { ...defaultPolicy, closureDays: ['2026-03-03', '2026-03-04'] };
    const r = await cli(['2026-03-02', '1'], { POLICY: JSON.stringify(policy) });
    expect(r).toEqual({ code: 0, stdout: '2026-03-05T23:59:59.999Z\n', stderr: '' });
  }, SLOW);

  describe('with a policy file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deadline-cli-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("uses the nation of the policy in POLICY_FILE (Northern Ireland's St Patrick's Day)", async () => {
      // Mon 16 Mar 2026 + 1: Tue 17 Mar is St Patrick's Day in Northern Ireland, so Wed 18 Mar.
      const file = join(dir, 'policy.json');
      writeFileSync(file, JSON.stringify({ ...defaultPolicy, bankHolidays: 'northern-ireland' }));
      const r = await cli(['2026-03-16', '1'], { POLICY_FILE: file });
      expect(r).toEqual({ code: 0, stdout: '2026-03-18T23:59:59.999Z\n', stderr: '' });
    }, SLOW);
  });

  it('exits 2 naming the field when POLICY is invalid', async () => {
    const r = await cli(['2026-03-02', '7'], { POLICY: JSON.stringify({ ...defaultPolicy, bankHolidays: 'wales' }) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Invalid policy: bankHolidays/);
  }, SLOW);

  it('exits 2 when POLICY is not JSON', async () => {
    const r = await cli(['2026-03-02', '7'], { POLICY: '{not json' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/not valid JSON/);
  }, SLOW);
});

describe('parseDeadlineArgs', () => {
  it.each([
    // A bare date is read as the start of that London date.
    [['2026-03-02', '7'], '2026-03-02T00:00:00.000Z', 7],
    [['2026-06-10', '10'], '2026-06-09T23:00:00.000Z', 10], // London midnight in BST is 23:00Z
    [['2026-03-27T23:30:00+00:00', '1'], '2026-03-27T23:30:00.000Z', 1],
    [['2026-03-27T23:30:00+01:00', '1'], '2026-03-27T22:30:00.000Z', 1],
    [['2026-03-27T23:30:00-0530', '1'], '2026-03-28T05:00:00.000Z', 1],
    [['2026-06-10T23:30:00Z', '1'], '2026-06-10T23:30:00.000Z', 1],
    [['2026-06-10T23:30:00.25Z', '1'], '2026-06-10T23:30:00.250Z', 1],
    [['2026-06-10T23:30', '1'], '2026-06-10T22:30:00.000Z', 1], // London local time, BST
    [['2026-01-14T23:30:00', '1'], '2026-01-14T23:30:00.000Z', 1], // London local time, GMT
    [['2026-03-02', '250'], '2026-03-02T00:00:00.000Z', 250],
  ])('reads %j', (argv, receivedAt, workingDays) => {
    const args = parseDeadlineArgs(argv);
    expect(args.kind).toBe('run');
    if (args.kind !== 'run') return;
    expect(args.receivedAt.toISOString()).toBe(receivedAt);
    expect(args.workingDays).toBe(workingDays);
  });

  it.each([[['--help']], [['-h']], [['2026-03-02', '--help']]])('asks for help with %j', (argv) => {
    expect(parseDeadlineArgs(argv)).toEqual({ kind: 'help' });
  });

  it.each([
    [[], /missing arguments/],
    [['2026-03-02'], /missing argument/],
    [['2026-03-02', '7', '8'], /too many arguments/],
    [['2026-02-30', '7'], /does not exist/],
    [['2025-02-29', '7'], /does not exist/], // 2025 is not a leap year
    [['2026-04-31', '7'], /does not exist/],
    [['2026-02-30T10:00:00Z', '7'], /does not exist/],
    [['2026-03-02T24:00:00Z', '7'], /time .* does not exist/],
    [['2026-03-02T10:60Z', '7'], /time .* does not exist/],
    [['2026-03-02T10:00:00+25:00', '7'], /offset/],
    [['yesterday', '7'], /not a date/],
    [['2026/03/02', '7'], /not a date/],
    [['', '7'], /not a date/],
    [['2026-03-02', '0'], /from 1 to 250/],
    [['2026-03-02', '-1'], /from 1 to 250/],
    [['2026-03-02', '1.5'], /from 1 to 250/],
    [['2026-03-02', '251'], /from 1 to 250/],
    [['2026-03-02', 'abc'], /from 1 to 250/],
    [['2026-03-02', ''], /from 1 to 250/],
  ])('rejects %j', (argv, message) => {
    const args = parseDeadlineArgs(argv);
    expect(args.kind).toBe('error');
    if (args.kind === 'error') expect(args.message).toMatch(message);
  });
});

describe('run', () => {
  it('writes the deadline under the given environment and returns 0', () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = run(['2026-12-24', '1'], { POLICY: JSON.stringify({ ...defaultPolicy, bankHolidays: 'scotland' }) }, {
      stdout: (l) => out.push(l),
      stderr: (l) => err.push(l),
    });
    // Thu 24 Dec 2026: Christmas Fri 25, Boxing Day substitute Mon 28 (also in Scotland): Tue 29.
    expect({ code, out, err }).toEqual({ code: 0, out: ['2026-12-29T23:59:59.999Z'], err: [] });
  });

  it('exits 2 with a message, not a stack trace, for a date past the bank holiday table', () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = run(['2090-01-02', '1'], {}, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual([expect.stringMatching(/^deadline: The bank holidays of .* are known for 2013 to 2075 only, not 2090/)]);
  });
});
