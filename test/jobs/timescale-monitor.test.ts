import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPolicy } from '../../functions/config/policy-source';
import { schedules } from '../../functions/config/schedules';
import { addCalendarDays, bankHolidays, fromLondonWallClock, WorkingDayCalendar } from '../../functions/domain/calendar';
import type { MonitorResult } from '../../functions/domain/monitor-timescales';
import { defaultDirectory } from '../../functions/domain/staff';
import { call } from '../support/http';
import { mails, type Mail } from '../support/mailbox';
import { aComplaint } from '../support/mothers';
import { post, startTestStack } from '../support/stack';
import { settled } from '../support/workflow';

/*
 * The daily timescale monitor against the local stack: cases made through the public API (the
 * workflow acknowledges them and gives stage 1 to the function's Head), the job run by the local
 * scheduler at a time the test chooses (as EventBridge Scheduler would run it, with that time as
 * when it was due), its emails read from the aws-ses-v2-local mailbox, its reminders from the
 * staff API's timeline. In the `bundles` project it runs the job's deployed bundle.
 */

const policy = readPolicy({});
const calendar = WorkingDayCalendar.fromPolicy(policy);
const directory = defaultDirectory(policy);
const ADMIN = directory.administrationManager.email;
const head = (id: string) => directory.functions.find((f) => f.id === id)!.head;

let stack: Awaited<ReturnType<typeof startTestStack>>;
let adminToken: string;
/** Acknowledged by email, stage 1 with the Head of Operations; the same with Fleet; waiting for a letter (no email), with Operations. */
const refs = { ops: '', fleet: '', letter: '' };
let stageDeadline = '';
/** 07:00 London on the working day before the stage deadline's day: every stage then has 1 working day left. */
let runAt: Date;
/** Each case's version as staff read it before the monitor's run. */
const versionsBefore: Record<string, number> = {};

async function submit(overrides: Record<string, unknown>): Promise<string> {
  const res = await post(`${stack.apiUrl}/api/public/submissions`, aComplaint(overrides));
  expect(res.status).toBe(201);
  await settled(stack, res.json.reference);
  return res.json.reference as string;
}

const getCase = async (reference: string) => (await call(stack.apiUrl, 'GET', `/api/cases/${reference}`, { token: adminToken })).json;
const monitor = (at: Date) => stack.scheduler.fire('DailyTimescaleMonitor', at) as Promise<MonitorResult>;
const monitorMail = (all: Mail[]) => all.filter((m) => /^(Timescales today|Reminder: )/.test(m.subject));

function workingDayBefore(date: string): string {
  let day = addCalendarDays(date, -1);
  while (!calendar.isWorkingDay(day)) day = addCalendarDays(day, -1);
  return day;
}

beforeAll(async () => {
  stack = await startTestStack();
  adminToken = await stack.token('admin-manager');
  refs.ops = await submit({});
  refs.fleet = await submit({ function: 'fleet' });
  refs.letter = await submit({ email: undefined, preferredContact: 'letter' });
  const ops = await getCase(refs.ops);
  stageDeadline = ops.stages[0].deadline;
  runAt = fromLondonWallClock(workingDayBefore(calendar.londonDate(new Date(stageDeadline))), 7);
});
afterAll(async () => stack?.stop());

describe('the daily timescale monitor on the local stack', () => {
  it('does not fire on its own in tests (the stack is started without the clock)', () => {
    expect(stack.scheduler.running).toBe(false);
    expect(stack.scheduler.nextRuns('DailyTimescaleMonitor', 1, runAt)[0]!.getTime()).toBeGreaterThan(runAt.getTime());
    expect(schedules.DailyTimescaleMonitor.job).toBe('TimescaleMonitor');
  });

  it('on a Saturday sends nothing', async () => {
    let saturday = calendar.londonDate(runAt);
    while (new Date(`${saturday}T12:00:00Z`).getUTCDay() !== 6) saturday = addCalendarDays(saturday, 1);
    const before = monitorMail(await mails(stack.mailboxUrl)).length;
    const result = await monitor(fromLondonWallClock(saturday, 7));
    expect(result).toMatchObject({ day: saturday, workingDay: false, openCases: 0, digest: 'none' });
    expect(monitorMail(await mails(stack.mailboxUrl))).toHaveLength(before);
  });

  it('on a bank holiday sends nothing', async () => {
    const year = Number(calendar.londonDate(runAt).slice(0, 4));
    const holiday = [...bankHolidays(policy.bankHolidays, year)].find((d) => new Date(`${d}T12:00:00Z`).getUTCDay() >= 1 && new Date(`${d}T12:00:00Z`).getUTCDay() <= 5)!;
    const before = monitorMail(await mails(stack.mailboxUrl)).length;
    const result = await monitor(fromLondonWallClock(holiday, 7));
    expect(result).toMatchObject({ day: holiday, workingDay: false, digest: 'none' });
    expect(monitorMail(await mails(stack.mailboxUrl))).toHaveLength(before);
  });

  it("on a working day, the Administration Manager's digest and each owner's reminder reach their mailboxes", async () => {
    for (const [name, reference] of Object.entries(refs)) versionsBefore[name] = (await getCase(reference)).version;
    const result = await monitor(runAt);
    expect(result).toMatchObject({ workingDay: true, digest: 'sent', overdue: 1, dueSoon: 3, reminders: { sent: 2, casesSentBefore: 0, casesInDoubt: 0 } });
    expect(result.openCases).toBeGreaterThanOrEqual(3);
    const sent = monitorMail(await mails(stack.mailboxUrl));
    expect(sent.map((m) => [m.to, m.subject]).sort()).toEqual(
      [
        [[ADMIN], 'Timescales today: 1 overdue, 3 due within 2 working days'],
        [[head('operations').email], 'Reminder: 2 of your cases due within 2 working days'],
        [[head('fleet').email], 'Reminder: 1 of your cases due within 2 working days'],
      ].sort(),
    );
    const digest = sent.find((m) => m.to.includes(ADMIN))!;
    // The letter's acknowledgement is overdue (7 working days, before the stage's 10); every stage has a day left.
    expect(digest.text).toMatch(new RegExp(`Overdue \\(1\\)\\n\\n- ${refs.letter} \\(Acknowledgement\\): was due .* \\(2 working days overdue\\)\\. Owner: Administration Manager`));
    for (const reference of Object.values(refs)) expect(digest.text).toMatch(new RegExp(`- ${reference} \\(Stage 1: Functional Head\\): due .* \\(1 working day left\\)`));
    expect(`${digest.text}${digest.html}`).not.toMatch(/Ann Example|ann@example\.com/);
    const ops = sent.find((m) => m.to.includes(head('operations').email))!;
    expect(ops.text).toContain(refs.ops);
    expect(ops.text).toContain(refs.letter);
    expect(ops.text).not.toContain(refs.fleet);
  });

  it("records each reminder on the case's timeline, read through the staff API", async () => {
    const c = await getCase(refs.ops);
    const reminders = c.timeline.filter((e: { type: string }) => e.type === 'reminder-sent');
    expect(reminders.map((e: { data: Record<string, unknown>; actor: unknown }) => [e.data.to, e.data.as, e.data.what, e.data.workingDaysLeft, e.actor])).toEqual([
      [directory.administrationManager.id, 'administration-manager', 'stage', 1, { type: 'system' }],
      [head('operations').id, 'stage-owner', 'stage', 1, { type: 'system' }],
    ]);
    expect(reminders[0].data.deadline).toBe(stageDeadline);
  });

  it('leaves the cases as staff read them before the run: a change made with the version read then succeeds, and the reminders stay', async () => {
    // Nothing changed for the workflow either: it is still waiting on the version it armed.
    for (const [name, reference] of Object.entries(refs)) expect((await settled(stack, reference)).version).toBe(versionsBefore[name]);
    const changed = await call(stack.apiUrl, 'PATCH', `/api/cases/${refs.ops}`, { token: adminToken, body: { expectedVersion: versionsBefore.ops, location: 'Kempston' } });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ location: 'Kempston', version: versionsBefore.ops! + 1 });
    // The reminders annotate the version they were sent on, before the change.
    expect(changed.json.timeline.slice(-3).map((e: { type: string; version: number }) => [e.type, e.version])).toEqual([
      ['reminder-sent', versionsBefore.ops],
      ['reminder-sent', versionsBefore.ops],
      ['details-updated', versionsBefore.ops! + 1],
    ]);
  });

  it("refuses an event that is not the scheduler's (no time it was due), sending nothing", async () => {
    const { handler } = (await import('../../functions/jobs/timescale-monitor')) as { handler: (event: unknown, context: unknown) => Promise<unknown> };
    const before = monitorMail(await mails(stack.mailboxUrl)).length;
    await expect(handler({ schedule: 'DailyTimescaleMonitor' }, {})).rejects.toThrow(/scheduledTime/);
    await expect(handler({ schedule: 'DailyTimescaleMonitor', scheduledTime: 'tomorrow' }, {})).rejects.toThrow(/scheduledTime/);
    expect(monitorMail(await mails(stack.mailboxUrl))).toHaveLength(before);
  });

  it('a second run the same day sends nothing again', async () => {
    const before = monitorMail(await mails(stack.mailboxUrl)).length;
    const result = await monitor(new Date(runAt.getTime() + 10 * 60_000));
    expect(result).toMatchObject({ digest: 'sent-before', reminders: { sent: 0, casesSentBefore: 3, casesInDoubt: 0 }, timeline: { recorded: 0, notRecorded: 0 } });
    expect(monitorMail(await mails(stack.mailboxUrl))).toHaveLength(before);
    const c = await getCase(refs.fleet);
    expect(c.timeline.filter((e: { type: string }) => e.type === 'reminder-sent')).toHaveLength(2);
  });
});
