import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../functions/domain/policy';
import { defaultDirectory } from '../../functions/domain/staff';
import { cleanUp, dataDir, runScript, start, stop, type Started } from '../support/local-process';
import { mails } from '../support/mailbox';
import { aComplaint, aCompliment } from '../support/mothers';
import { freePort } from '../support/ports';
import { bearer, get, post } from '../support/stack';

/** `npm run -s report -- ...` as a user runs it, beside an `npm start` of the same settings. */

afterAll(cleanUp);

const report = (args: string[], env: Record<string, string>) => runScript('local/report.ts', args, env);
const londonMonth = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' }).format(new Date());
const SSM = defaultDirectory(defaultPolicy).strategicSupportManager.email;

let stack: Started;
let env: Record<string, string>;

beforeAll(async () => {
  const DATA_DIR = dataDir();
  stack = await start({ DATA_DIR });
  env = { ...Object.fromEntries(Object.entries(stack.ports).map(([k, v]) => [k, String(v)])), DATA_DIR };
}, 120_000);
afterAll(async () => {
  if (stack) await stop(stack);
});

describe('npm run report', { timeout: 120_000 }, () => {
  it('makes, stores and emails the month as the schedule does; --format prints a rendering and stores nothing', async () => {
    const api = `http://127.0.0.1:${stack.ports.PORT}`;
    for (const body of [aComplaint(), aComplaint({ function: 'prevention' }), aCompliment()]) {
      expect((await post(`${api}/api/public/submissions`, body)).status).toBe(201);
    }
    const month = londonMonth();
    const made = await report(['--month', month], env);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(`The report for ${month} is made and stored. Complaints received: 2. Compliments received: 1.`);
    expect(made.stdout).toContain(`${api}/staff/reports/${month}`);
    const subject = `the monthly report for ${Number(month.slice(5))}/${month.slice(0, 4)}`;
    const mailbox = `http://127.0.0.1:${stack.ports.SES_PORT}`;
    const sent = (await mails(mailbox)).filter((m) => m.subject.includes(subject));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toEqual([SSM]);
    expect(sent[0]!.text).toContain('Complaints received: 2\n');

    const token = (await runScript('local/token.ts', ['ssm'], env)).stdout.trim();
    const stored = await get(`${api}/api/reports/${month}`, bearer(token));
    expect(stored.status).toBe(200);

    const json = await report(['--month', month, '--format', 'json'], env);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ month, received: { complaints: 2, compliments: 1 }, open: { total: expect.any(Number) } });
    const csv = await report(['--month', month, '--format=csv'], env);
    expect(csv.code).toBe(0);
    expect(csv.stdout.startsWith('\uFEFF')).toBe(true);
    expect(csv.stdout).toContain('\r\n');
    const html = await report(['--month', month, '--format', 'html'], env);
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/);
    // Printing renders only: no second email, and the stored month is the one made before.
    expect((await mails(mailbox)).filter((m) => m.subject.includes(subject))).toHaveLength(1);
    expect((await get(`${api}/api/reports/${month}`, bearer(token))).json.generatedAt).toBe(stored.json.generatedAt);
    expect(JSON.parse(json.stdout).generatedAt > stored.json.generatedAt).toBe(true);

    const year = await report(['--year', '2026-27', '--publishable'], env);
    expect(year.code).toBe(0);
    expect(JSON.parse(year.stdout)).toMatchObject({ year: '2026-27', publishable: true });
  });

  it('refuses bad arguments with the usage, exit 2, and a month still to come naming the current one', async () => {
    const bad = await report(['--month', '2026-13'], env);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('--month must be a month as YYYY-MM, got "2026-13"');
    expect(bad.stderr).toContain('usage: npm run -s report -- --month YYYY-MM');
    const future = await report(['--month', '2999-01'], env);
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/^month: cannot be after the current month \(\d{4}-\d{2}\)\n$/);
  });

  it('says how to start the stack when none answers, exit 1', async () => {
    const res = await report(['--month', '2026-11'], { PORT: String(await freePort()), DATA_DIR: dataDir() });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^No local stack answers at http:\/\/127\.0\.0\.1:\d+: start it with `npm start`/);
  });
});
