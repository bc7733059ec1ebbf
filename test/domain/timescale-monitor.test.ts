import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import type { Case } from '../../functions/domain/case';
import { defaultPolicy } from '../../functions/domain/policy';
import { defaultDirectory, type Directory } from '../../functions/domain/staff';
import {
  digestMarker,
  dueDeadlines,
  peopleOf,
  planTimescaleMonitor,
  recordReminder,
  REMINDER_WINDOW,
  reminderMarker,
  reminderNoteKey,
  reminderRole,
  type DueDeadline,
} from '../../functions/domain/timescale-monitor';
import { aStoredCase } from '../support/cases';

/*
 * The daily timescale monitor's decisions (functions/domain/timescale-monitor.ts), as tables: which
 * days it runs on, which deadlines are due within 2 working days or overdue, and who is told.
 */

const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
const directory = defaultDirectory(defaultPolicy);
/** The end of a London day in winter (GMT) and in summer (BST). */
const endGmt = (date: string) => `${date}T23:59:59.999Z`;
const endBst = (date: string) => `${date}T22:59:59.999Z`;

/** An open complaint: its acknowledgement due `ack` (or done), and, with `stage`, in that stage with that owner and deadline. */
function aCase(reference: string, o: { ack?: string | 'done'; stage?: { number: number; owner: string | null; deadline: string } } = {}): Case {
  const c = aStoredCase();
  const ack = o.ack ?? 'done';
  const out: Case = { ...c, reference, acknowledgeBy: ack === 'done' ? c.acknowledgeBy : ack };
  if (ack === 'done') Object.assign(out, { acknowledgedAt: '2026-03-03T09:00:00.000Z', acknowledgedVia: 'email' });
  if (o.stage) {
    const { number, owner, deadline } = o.stage;
    Object.assign(out, {
      stage: number,
      owner,
      nextDeadline: deadline,
      stages: [{ number, owner, owners: owner ? [owner] : [], startedAt: c.receivedAt, deadline, extendedBy: 0 }],
    });
  } else out.nextDeadline = out.acknowledgeBy;
  return out;
}

const stage1 = (deadline: string, owner: string | null = 'operations-head') => ({ stage: { number: 1, owner, deadline } });
const plan = (cases: Case[], now: string, options: { calendar?: WorkingDayCalendar; directory?: Directory } = {}) =>
  planTimescaleMonitor({ cases, now: new Date(now), calendar: options.calendar ?? calendar, directory: options.directory ?? directory });
const brief = (d: DueDeadline) => [d.reference, d.what, d.workingDaysLeft, d.overdue];

describe('the days it runs on', () => {
  const due = [aCase('CC-2026-00001', { ack: endGmt('2026-12-29') }), aCase('CC-2026-00002', stage1(endGmt('2026-11-20')))];
  const closure = WorkingDayCalendar.fromPolicy({ ...defaultPolicy, closureDays: ['2026-12-24'] });

  it.each([
    ['a Saturday', '2026-12-05T07:00:00Z', calendar, '2026-12-05'],
    ['a Sunday', '2026-12-06T07:00:00Z', calendar, '2026-12-06'],
    ['Christmas Day (a bank holiday)', '2026-12-25T07:00:00Z', calendar, '2026-12-25'],
    ["the substitute bank holiday for Boxing Day, a Monday", '2026-12-28T07:00:00Z', calendar, '2026-12-28'],
    ['the summer bank holiday, in BST', '2026-08-31T06:00:00Z', calendar, '2026-08-31'],
    ["a closure day of the service's policy", '2026-12-24T07:00:00Z', closure, '2026-12-24'],
  ])('does nothing on %s', (_what, now, cal, today) => {
    expect(plan(due, now, { calendar: cal })).toEqual({ today, workingDay: false, digest: null, reminders: [] });
  });

  it('runs on the day before a closure day, and on that day with the default policy', () => {
    expect(plan(due, '2026-12-23T07:00:00Z', { calendar: closure }).workingDay).toBe(true);
    expect(plan(due, '2026-12-24T07:00:00Z').workingDay).toBe(true);
  });

  it('takes the London date of the run, not the UTC one (06:00 UTC in summer is 07:00 in London)', () => {
    expect(plan([], '2026-08-28T23:30:00Z').today).toBe('2026-08-29');
    expect(plan([], '2026-08-28T23:30:00Z').workingDay).toBe(false);
  });

  it('sends no digest when nothing is due or overdue', () => {
    expect(plan([aCase('CC-2026-00001', stage1(endGmt('2026-12-10')))], '2026-11-30T07:00:00Z')).toEqual({ today: '2026-11-30', workingDay: true, digest: null, reminders: [] });
  });
});

describe('what is due within 2 working days, and what is overdue', () => {
  // Monday 30 November 2026, 07:00 GMT.
  const now = '2026-11-30T07:00:00Z';
  it.each([
    ['due today', endGmt('2026-11-30'), 0, false],
    ['due tomorrow', endGmt('2026-12-01'), 1, false],
    ['due in 2 working days', endGmt('2026-12-02'), 2, false],
    ['due at the end of last Friday (1 working day overdue: today)', endGmt('2026-11-27'), -1, true],
    ['due last Wednesday', endGmt('2026-11-25'), -3, true],
  ])('a stage %s', (_what, deadline, left, overdue) => {
    const c = aCase('CC-2026-00007', stage1(deadline));
    expect(dueDeadlines(c, new Date(now), calendar, '2026-12-02')).toEqual([
      { reference: 'CC-2026-00007', what: 'stage', stage: 1, owner: 'operations-head', deadline, workingDaysLeft: left, overdue },
    ]);
  });

  it('counts a deadline at the very instant of the run as due today, not overdue', () => {
    const deadline = endGmt('2026-11-30');
    const [d] = dueDeadlines(aCase('CC-2026-00007', stage1(deadline)), new Date(deadline), calendar, '2026-12-02');
    expect(d).toMatchObject({ workingDaysLeft: 0, overdue: false });
    const [late] = dueDeadlines(aCase('CC-2026-00007', stage1(deadline)), new Date(Date.parse(deadline) + 1), calendar, '2026-12-02');
    expect(late).toMatchObject({ workingDaysLeft: -1, overdue: true });
  });

  it('leaves out a deadline 3 working days away', () => {
    expect(dueDeadlines(aCase('CC-2026-00007', stage1(endGmt('2026-12-03'))), new Date(now), calendar, '2026-12-02')).toEqual([]);
    expect(plan([aCase('CC-2026-00007', stage1(endGmt('2026-12-03')))], now).digest).toBeNull();
  });

  it('counts working days across the Christmas bank holidays: 2 working days from Wednesday 23 December is Tuesday 29th', () => {
    const p = plan(
      [
        aCase('CC-2026-00001', stage1(endGmt('2026-12-29'))),
        aCase('CC-2026-00002', stage1(endGmt('2026-12-30'))),
        aCase('CC-2026-00003', stage1(endGmt('2026-12-24'))),
      ],
      '2026-12-23T07:00:00Z',
    );
    expect(p.digest!.dueSoon.map(brief)).toEqual([
      ['CC-2026-00003', 'stage', 1, false],
      ['CC-2026-00001', 'stage', 2, false],
    ]);
  });

  it('on the Monday after the October clock change: a deadline at the end of Friday (in BST) is overdue, Tuesday (in GMT) is tomorrow', () => {
    const p = plan(
      [
        aCase('CC-2026-00001', stage1(endBst('2026-10-23'))),
        aCase('CC-2026-00002', stage1(endGmt('2026-10-26'))),
        aCase('CC-2026-00003', stage1(endGmt('2026-10-27'))),
      ],
      '2026-10-26T07:00:00Z',
    );
    expect(p.digest!.overdue.map(brief)).toEqual([['CC-2026-00001', 'stage', -1, true]]);
    expect(p.digest!.dueSoon.map(brief)).toEqual([
      ['CC-2026-00002', 'stage', 0, false],
      ['CC-2026-00003', 'stage', 1, false],
    ]);
  });

  it('on a BST morning, a deadline at the end of that London day is due today, not overdue', () => {
    const [d] = dueDeadlines(aCase('CC-2026-00001', stage1(endBst('2026-10-23'))), new Date('2026-10-23T06:00:00Z'), calendar, '2026-10-27');
    expect(d).toMatchObject({ workingDaysLeft: 0, overdue: false });
  });

  it('watches the acknowledgement until it is made, and the stage beside it', () => {
    const both = aCase('CC-2026-00001', { ack: endGmt('2026-12-01'), ...stage1(endGmt('2026-12-02')) });
    expect(dueDeadlines(both, new Date(now), calendar, '2026-12-02').map(brief)).toEqual([
      ['CC-2026-00001', 'acknowledgement', 1, false],
      ['CC-2026-00001', 'stage', 2, false],
    ]);
    const ackOnly = aCase('CC-2026-00002', { ack: endGmt('2026-11-30') });
    expect(dueDeadlines(ackOnly, new Date(now), calendar, '2026-12-02')).toEqual([
      { reference: 'CC-2026-00002', what: 'acknowledgement', stage: null, owner: null, deadline: endGmt('2026-11-30'), workingDaysLeft: 0, overdue: false },
    ]);
    expect(dueDeadlines(aCase('CC-2026-00003', { ack: 'done' }), new Date(now), calendar, '2026-12-02')).toEqual([]);
  });

  it('names the decision on a consultation comment that awaits it, and the acknowledgement once the comment entered the procedure', () => {
    const comment = (decision?: { entered: boolean }) => ({
      ...aCase('CC-2026-00001', { ack: endGmt('2026-12-01') }),
      channel: 'consultation' as const,
      consultation: { consultationType: 'Service Improvement Plan', ...(decision ? { decision: { ...decision, decidedAt: '2026-11-27T10:00:00.000Z', decidedBy: 'admin-manager' } } : {}) },
    });
    expect(dueDeadlines(comment(), new Date(now), calendar, '2026-12-02')).toEqual([
      { reference: 'CC-2026-00001', what: 'consultation-decision', stage: null, owner: null, deadline: endGmt('2026-12-01'), workingDaysLeft: 1, overdue: false },
    ]);
    expect(dueDeadlines(comment({ entered: true }), new Date(now), calendar, '2026-12-02').map(brief)).toEqual([['CC-2026-00001', 'acknowledgement', 1, false]]);
    // In the digest only: the decision is the Administration Manager's.
    const p = plan([comment()], now);
    expect(p.digest!.dueSoon.map(brief)).toEqual([['CC-2026-00001', 'consultation-decision', 1, false]]);
    expect(p.reminders).toEqual([]);
  });

  it("watches an information-request review's deadline: in the Administration Manager's digest, and while it is still to come, in Legal & Governance's reminder", () => {
    const review = (deadline: string, reference = 'CC-2026-00001'): Case => ({
      ...aCase(reference, { ack: 'done' }),
      informationReview: { request: 'foi', referredAt: '2026-11-02T10:00:00.000Z', referredBy: 'admin-manager', fromStage: 1, deadline },
    });
    expect(dueDeadlines(review(endGmt('2026-11-30')), new Date(now), calendar, '2026-12-02')).toEqual([
      { reference: 'CC-2026-00001', what: 'information-review', stage: null, owner: null, deadline: endGmt('2026-11-30'), workingDaysLeft: 0, overdue: false },
    ]);
    expect(dueDeadlines(review(endGmt('2026-12-10')), new Date(now), calendar, '2026-12-02')).toEqual([]);
    const overdue = plan([review(endGmt('2026-11-27'))], now);
    expect(overdue.digest!.overdue.map(brief)).toEqual([['CC-2026-00001', 'information-review', -1, true]]);
    expect(overdue.reminders).toEqual([]);
    const due = plan([review(endGmt('2026-11-27')), review(endGmt('2026-12-01'), 'CC-2026-00002')], now);
    const team = directory.legalGovernance!;
    expect(due.reminders.map((r) => [r.to, r.due.map(brief)])).toEqual([[{ ...team, available: true }, [['CC-2026-00002', 'information-review', 1, false]]]]);
    expect(reminderRole(due.reminders[0]!.due[0]!)).toBe('legal-governance');
  });

  it("reminds the team at the address the directory gives it", () => {
    const other = { ...directory, legalGovernance: { id: 'legal-team', name: 'Legal Team', email: 'legal@fire.example' } };
    const c: Case = { ...aCase('CC-2026-00001', { ack: 'done' }), informationReview: { request: 'eir', referredAt: '2026-11-02T10:00:00.000Z', referredBy: 'admin-manager', fromStage: 1, deadline: endGmt('2026-12-01') } };
    const p = plan([c], now, { directory: other });
    expect(p.reminders.map((r) => r.to)).toEqual([{ id: 'legal-team', name: 'Legal Team', email: 'legal@fire.example', available: true }]);
  });

  it('ignores closed cases', () => {
    const closed: Case = { ...aCase('CC-2026-00001', stage1(endGmt('2026-11-30'))), status: 'closed' };
    expect(dueDeadlines(closed, new Date(now), calendar, '2026-12-02')).toEqual([]);
  });

  it('is a window of 2 working days', () => {
    expect(REMINDER_WINDOW).toBe(2);
  });
});

describe('who is told', () => {
  const now = '2026-11-30T07:00:00Z';
  const cases = [
    aCase('CC-2026-00001', stage1(endGmt('2026-12-02'), 'operations-head')),
    aCase('CC-2026-00002', stage1(endGmt('2026-11-30'), 'operations-head')),
    aCase('CC-2026-00003', stage1(endGmt('2026-12-01'), 'fleet-head')),
    aCase('CC-2026-00004', stage1(endGmt('2026-12-01'), null)),
    aCase('CC-2026-00005', stage1(endGmt('2026-11-27'), 'prevention-head')),
    aCase('CC-2026-00006', { ack: endGmt('2026-12-01') }),
    aCase('CC-2026-00007', stage1(endGmt('2026-12-01'), 'someone-who-left')),
    aCase('CC-2026-00008', stage1(endGmt('2026-12-10'), 'operations-head')),
  ];

  it("gives the Administration Manager one digest: what is overdue, then what is due, each soonest first", () => {
    const p = plan(cases, now);
    expect(p.digest!.to).toEqual({ id: 'admin-manager', name: 'Administration Manager', email: 'admin-manager@bedsfire.example', available: true });
    expect(p.digest!.overdue.map(brief)).toEqual([['CC-2026-00005', 'stage', -1, true]]);
    expect(p.digest!.dueSoon.map(brief)).toEqual([
      ['CC-2026-00002', 'stage', 0, false],
      ['CC-2026-00003', 'stage', 1, false],
      ['CC-2026-00004', 'stage', 1, false],
      ['CC-2026-00006', 'acknowledgement', 1, false],
      ['CC-2026-00007', 'stage', 1, false],
      ['CC-2026-00001', 'stage', 2, false],
    ]);
  });

  it('gives each stage owner one reminder of their own cases due within the window (not the overdue, not the unowned, not the unknown)', () => {
    const p = plan(cases, now);
    expect(p.reminders.map((r) => [r.to.id, r.due.map((d) => d.reference)])).toEqual([
      ['operations-head', ['CC-2026-00002', 'CC-2026-00001']],
      ['fleet-head', ['CC-2026-00003']],
    ]);
    expect(p.reminders[0]!.to).toEqual({ id: 'operations-head', name: 'Head of Operations', email: 'operations-head@bedsfire.example', available: true });
  });

  it('still reminds an owner the directory marks unavailable (they still own the case)', () => {
    const away: Directory = { ...directory, functions: directory.functions.map((f) => (f.id === 'fleet' ? { ...f, head: { ...f.head, available: false } } : f)) };
    const p = plan(cases, now, { directory: away });
    expect(p.reminders.find((r) => r.to.id === 'fleet-head')!.to.available).toBe(false);
  });

  it('reminds the Duty Officer and the Customer Relations Officer of the stages they own', () => {
    const p = plan([aCase('CC-2026-00001', { stage: { number: 3, owner: 'cro', deadline: endGmt('2026-12-01') } }), aCase('CC-2026-00002', stage1(endGmt('2026-12-01'), 'duty-officer'))], now);
    expect(p.reminders.map((r) => r.to.id)).toEqual(['cro', 'duty-officer']);
  });

  it("writes to the Administration Manager the directory names", () => {
    const moved: Directory = { ...directory, administrationManager: { id: 'pat', name: 'Pat Admin', email: 'pat@bedsfire.example' } };
    expect(plan(cases, now, { directory: moved }).digest!.to).toEqual({ id: 'pat', name: 'Pat Admin', email: 'pat@bedsfire.example', available: true });
  });
});

describe('the people of the directory', () => {
  it('are every Head and Deputy with their availability, and the Duty Officer, CRO, Administration Manager and SSM', () => {
    const people = peopleOf(directory);
    expect(people.size).toBe(directory.functions.length * 2 + 4);
    expect(people.get('operations-deputy')).toEqual({ id: 'operations-deputy', name: 'Deputy Head of Operations', email: 'operations-deputy@bedsfire.example', available: true });
    for (const id of ['duty-officer', 'cro', 'admin-manager', 'ssm']) expect(people.get(id)?.available).toBe(true);
  });
});

describe('what is marked and recorded', () => {
  it('marks the digest once a day, and a reminder per case, day and recipient', () => {
    expect(digestMarker('2026-11-30')).toEqual({ job: 'timescale-monitor', day: '2026-11-30', key: 'digest' });
    expect(reminderMarker('2026-11-30', 'CC-2026-00001', 'fleet-head')).toEqual({ job: 'timescale-monitor', day: '2026-11-30', key: 'CC-2026-00001#fleet-head' });
  });

  it("records a reminder on the case's timeline as the system, with no personal data, as a note on the version it read", () => {
    const c = { ...aCase('CC-2026-00001', stage1(endGmt('2026-12-01'))), version: 4 };
    const due = dueDeadlines(c, new Date('2026-11-30T07:00:00Z'), calendar, '2026-12-02')[0]!;
    const event = recordReminder(c, { to: 'operations-head', as: 'stage-owner', due }, new Date('2026-11-30T07:00:05Z'));
    expect(event).toEqual({
      reference: 'CC-2026-00001',
      at: '2026-11-30T07:00:05.000Z',
      type: 'reminder-sent',
      actor: { type: 'system' },
      version: 4,
      data: { to: 'operations-head', as: 'stage-owner', what: 'stage', stage: 1, deadline: endGmt('2026-12-01'), workingDaysLeft: 1 },
    });
    expect(event.personal).toBeUndefined();
  });

  it("keys a reminder's note by day, recipient and deadline: the digest's two deadlines of one case are two notes", () => {
    const due = (what: 'acknowledgement' | 'stage', stage: number | null) =>
      ({ reference: 'CC-2026-00001', what, stage, owner: null, deadline: endGmt('2026-12-01'), workingDaysLeft: 1, overdue: false }) as const;
    expect(reminderNoteKey('2026-11-30', 'admin-manager', due('acknowledgement', null))).toBe('2026-11-30#admin-manager#acknowledgement');
    expect(reminderNoteKey('2026-11-30', 'operations-head', due('stage', 2))).toBe('2026-11-30#operations-head#stage-2');
  });
});
