import { beforeEach, describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import type { Case } from '../../functions/domain/case';
import { ConfigurationError, StoreUnavailableError } from '../../functions/domain/errors';
import { MailerUnavailableError, MailRejectedError } from '../../functions/domain/mail';
import { monitorTimescales, type MonitorDeps } from '../../functions/domain/monitor-timescales';
import { defaultPolicy } from '../../functions/domain/policy';
import { defaultDirectory, type Directory } from '../../functions/domain/staff';
import type { Messages } from '../../functions/domain/texts';
import { aStoredCase } from '../support/cases';
import { MemoryMarkers } from '../support/memory-markers';
import { MemoryCases, MemoryDirectory, MemoryMailer } from '../support/memory-ports';
import { enGB } from '../support/texts';

/*
 * The daily timescale monitor as a use case (functions/domain/monitor-timescales.ts) over in-memory
 * ports that keep the adapters' promises: what is read, what is sent to whom, what the timeline
 * records, and that nothing is sent twice for the same case and day, whatever fails.
 */

const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
const end = (date: string) => `${date}T23:59:59.999Z`;
/** Monday 30 November 2026, 07:00 GMT. */
const MONDAY = new Date('2026-11-30T07:00:00Z');
const TUESDAY = new Date('2026-12-01T07:00:00Z');
const SATURDAY = new Date('2026-12-05T07:00:00Z');
const ADMIN = 'admin-manager@bedsfire.example';
const OPS = 'operations-head@bedsfire.example';
const FLEET = 'fleet-head@bedsfire.example';

function aCase(reference: string, o: { ack?: string; stage?: { owner: string | null; deadline: string } } = {}): Case {
  const c = aStoredCase({ name: 'Alex Customer', email: 'alex@example.com' });
  const out: Case = { ...c, reference };
  if (o.ack) Object.assign(out, { acknowledgeBy: o.ack, nextDeadline: o.ack });
  else Object.assign(out, { acknowledgedAt: '2026-11-02T09:00:00.000Z', acknowledgedVia: 'email' });
  if (o.stage) {
    const { owner, deadline } = o.stage;
    Object.assign(out, { stage: 1, owner, nextDeadline: deadline, stages: [{ number: 1, owner, owners: owner ? [owner] : [], startedAt: c.receivedAt, deadline, extendedBy: 0 }] });
  }
  return out;
}

let cases: MemoryCases;
let mailer: MemoryMailer;
let markers: MemoryMarkers;
let directory: MemoryDirectory;
let clock: Date;

function deps(overrides: Partial<MonitorDeps> = {}): MonitorDeps {
  return { cases, directory, markers, mailer, policy: defaultPolicy, calendar, texts: enGB, now: () => clock, ...overrides };
}

const reminders = async (reference: string) => (await cases.timeline(reference)).filter((e) => e.type === 'reminder-sent');

beforeEach(() => {
  cases = new MemoryCases();
  mailer = new MemoryMailer();
  markers = new MemoryMarkers();
  directory = new MemoryDirectory();
  clock = new Date('2026-11-30T07:00:03Z');
  cases.put(aCase('CC-2026-00001', { stage: { owner: 'operations-head', deadline: end('2026-12-01') } }));
  cases.put(aCase('CC-2026-00002', { stage: { owner: 'operations-head', deadline: end('2026-11-30') } }));
  cases.put(aCase('CC-2026-00003', { stage: { owner: 'fleet-head', deadline: end('2026-12-02') } }));
  cases.put(aCase('CC-2026-00004', { ack: end('2026-11-27') }));
  cases.put(aCase('CC-2026-00005', { stage: { owner: 'prevention-head', deadline: end('2026-12-09') } }));
});

describe('on a working day', () => {
  it('sends the Administration Manager one digest and each owner one reminder, and says what it did', async () => {
    const result = await monitorTimescales(MONDAY, deps());
    expect(result).toEqual({
      day: '2026-11-30',
      workingDay: true,
      openCases: 5,
      overdue: 1,
      dueSoon: 3,
      digest: 'sent',
      reminders: { sent: 2, casesSentBefore: 0, casesInDoubt: 0 },
      timeline: { recorded: 7, notRecorded: 0 },
    });
    expect(mailer.sent.map((m) => [m.to, m.subject])).toEqual([
      [[ADMIN], 'Timescales today: 1 overdue, 3 due within 2 working days'],
      [[OPS], 'Reminder: 2 of your cases due within 2 working days'],
      [[FLEET], 'Reminder: 1 of your cases due within 2 working days'],
    ]);
  });

  it("lists in the digest each deadline with its case, stage, date, working days left and owner, and no customer's details", async () => {
    await monitorTimescales(MONDAY, deps());
    const digest = mailer.for(ADMIN)[0]!;
    expect(digest.text).toContain('The deadlines of open cases on Monday 30 November 2026.');
    expect(digest.text).toContain('Overdue (1)\n\n- CC-2026-00004 (Acknowledgement): was due Friday 27 November 2026 (1 working day overdue). Owner: Administration Manager');
    expect(digest.text).toContain(
      [
        'Due within 2 working days (3)',
        '',
        '- CC-2026-00002 (Stage 1: Functional Head): due Monday 30 November 2026 (due today). Owner: Head of Operations',
        '- CC-2026-00001 (Stage 1: Functional Head): due Tuesday 1 December 2026 (1 working day left). Owner: Head of Operations',
        '- CC-2026-00003 (Stage 1: Functional Head): due Wednesday 2 December 2026 (2 working days left). Owner: Head of Fleet',
      ].join('\n'),
    );
    expect(digest.text).not.toContain('CC-2026-00005');
    for (const m of mailer.sent) {
      expect(`${m.text}${m.html}`).not.toMatch(/Alex Customer|alex@example\.com/);
    }
    expect(digest.html).toContain('<strong>CC-2026-00004</strong> (Acknowledgement): was due Friday 27 November 2026');
  });

  it("lists in each owner's reminder their own cases due within the window, soonest first", async () => {
    await monitorTimescales(MONDAY, deps());
    const ops = mailer.for(OPS)[0]!;
    expect(ops.text).toContain('Hello Head of Operations,');
    expect(ops.text).toContain(
      [
        'These cases you own are due within 2 working days:',
        '',
        '- CC-2026-00002 (Stage 1: Functional Head): due Monday 30 November 2026 (due today)',
        '- CC-2026-00001 (Stage 1: Functional Head): due Tuesday 1 December 2026 (1 working day left)',
      ].join('\n'),
    );
    expect(ops.text).toContain('extend the deadline with your reason');
  });

  it("records each reminder on the case's timeline: who was told, as what, of which deadline", async () => {
    await monitorTimescales(MONDAY, deps());
    expect((await reminders('CC-2026-00001')).map((e) => [e.data.to, e.data.as, e.data.workingDaysLeft, e.at, e.actor])).toEqual([
      ['admin-manager', 'administration-manager', 1, clock.toISOString(), { type: 'system' }],
      ['operations-head', 'stage-owner', 1, clock.toISOString(), { type: 'system' }],
    ]);
    expect((await reminders('CC-2026-00004')).map((e) => [e.data.to, e.data.what, e.data.workingDaysLeft])).toEqual([['admin-manager', 'acknowledgement', -1]]);
    expect(await reminders('CC-2026-00005')).toEqual([]);
  });

  it("reminds Legal & Governance of a review due within the window, and records it as theirs", async () => {
    const c = aCase('CC-2026-00006');
    cases.put({ ...c, stage: null, owner: null, informationReview: { request: 'foi', referredAt: '2026-11-02T10:00:00.000Z', referredBy: 'admin-manager', fromStage: 1, deadline: end('2026-12-01') } });
    await monitorTimescales(MONDAY, deps());
    const team = defaultDirectory(defaultPolicy).legalGovernance!;
    const told = mailer.for(team.email);
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain(`Hello ${team.name},`);
    expect(told[0]!.text).toContain('- CC-2026-00006 (Information-request review): due Tuesday 1 December 2026 (1 working day left)');
    expect((await reminders('CC-2026-00006')).map((e) => [e.data.to, e.data.as, e.data.what])).toEqual([
      ['admin-manager', 'administration-manager', 'information-review'],
      [team.id, 'legal-governance', 'information-review'],
    ]);
  });

  it('records on the cases as listed, reading none again when none changed meanwhile', async () => {
    let reads = 0;
    const get = cases.get.bind(cases);
    cases.get = async (reference) => {
      reads++;
      return get(reference);
    };
    const result = await monitorTimescales(MONDAY, deps());
    expect(result.timeline).toEqual({ recorded: 7, notRecorded: 0 });
    expect(reads).toBe(0);
  });

  it('says how many working days a deadline is overdue', async () => {
    cases.put(aCase('CC-2026-00006', { ack: end('2026-11-25') }));
    await monitorTimescales(MONDAY, deps());
    expect(mailer.for(ADMIN)[0]!.text).toContain('- CC-2026-00006 (Acknowledgement): was due Wednesday 25 November 2026 (3 working days overdue). Owner: Administration Manager');
  });

  it('marks every send as sent', async () => {
    await monitorTimescales(MONDAY, deps());
    expect([...markers.marks.entries()].sort()).toEqual(
      [
        'timescale-monitor/2026-11-30/digest',
        'timescale-monitor/2026-11-30/CC-2026-00001#operations-head',
        'timescale-monitor/2026-11-30/CC-2026-00002#operations-head',
        'timescale-monitor/2026-11-30/CC-2026-00003#fleet-head',
      ]
        .map((id) => [id, { state: 'sent', at: clock.toISOString() }])
        .sort(),
    );
  });

  it('sends no digest when nothing is due or overdue, and no reminder', async () => {
    cases = new MemoryCases();
    cases.put(aCase('CC-2026-00005', { stage: { owner: 'prevention-head', deadline: end('2026-12-09') } }));
    const result = await monitorTimescales(MONDAY, deps());
    expect(result).toMatchObject({ workingDay: true, openCases: 1, digest: 'none', overdue: 0, dueSoon: 0, reminders: { sent: 0 } });
    expect(mailer.sent).toEqual([]);
  });

  it('writes to the people the stored directory names', async () => {
    const stored: Directory = { ...defaultDirectory(defaultPolicy), administrationManager: { id: 'pat', name: 'Pat Admin', email: 'pat@bedsfire.example' }, version: 3 };
    directory = new MemoryDirectory(stored);
    await monitorTimescales(MONDAY, deps());
    expect(mailer.sent[0]!.to).toEqual(['pat@bedsfire.example']);
    expect(mailer.sent[0]!.text).toContain('Hello Pat Admin,');
    expect((await reminders('CC-2026-00004'))[0]!.data.to).toBe('pat');
  });
});

describe('on a day that is not a working day', () => {
  it('reads nothing and sends nothing', async () => {
    const unreadable = { listOpen: async () => Promise.reject(new Error('should not be read')), note: cases.note.bind(cases) };
    const result = await monitorTimescales(SATURDAY, deps({ cases: unreadable }));
    expect(result).toEqual({
      day: '2026-12-05',
      workingDay: false,
      openCases: 0,
      overdue: 0,
      dueSoon: 0,
      digest: 'none',
      reminders: { sent: 0, casesSentBefore: 0, casesInDoubt: 0 },
      timeline: { recorded: 0, notRecorded: 0 },
    });
    expect(mailer.sent).toEqual([]);
  });
});

describe('nothing twice for the same case and day', () => {
  it('a second run the same day sends nothing and records nothing', async () => {
    await monitorTimescales(MONDAY, deps());
    const sent = mailer.sent.length;
    const result = await monitorTimescales(new Date('2026-11-30T07:05:00Z'), deps());
    expect(mailer.sent).toHaveLength(sent);
    expect(result).toMatchObject({ digest: 'sent-before', reminders: { sent: 0, casesSentBefore: 3, casesInDoubt: 0 }, timeline: { recorded: 0, notRecorded: 0 } });
    expect(await reminders('CC-2026-00001')).toHaveLength(2);
  });

  it('the next working day is another day: it sends again', async () => {
    await monitorTimescales(MONDAY, deps());
    clock = new Date('2026-12-01T07:00:02Z');
    const result = await monitorTimescales(TUESDAY, deps());
    expect(result.digest).toBe('sent');
    expect(mailer.for(ADMIN)).toHaveLength(2);
    // Monday's deadline has passed: it is overdue now, for the digest only.
    expect(mailer.for(ADMIN)[1]!.subject).toBe('Timescales today: 2 overdue, 2 due within 2 working days');
    expect(mailer.for(OPS)[1]!.subject).toBe('Reminder: 1 of your cases due within 2 working days');
  });

  it('a new case due the same day gets its own reminder on a second run, and nothing else is sent again', async () => {
    await monitorTimescales(MONDAY, deps());
    cases.put(aCase('CC-2026-00009', { stage: { owner: 'operations-head', deadline: end('2026-12-01') } }));
    const result = await monitorTimescales(MONDAY, deps());
    expect(result.reminders).toEqual({ sent: 1, casesSentBefore: 3, casesInDoubt: 0 });
    expect(result.digest).toBe('sent-before');
    const last = mailer.sent.at(-1)!;
    expect(last.to).toEqual([OPS]);
    expect(last.text).toContain('CC-2026-00009');
    expect(last.text).not.toContain('CC-2026-00001');
  });

  it('a digest the mail service refused is given back: the others still go, the run fails, and its retry sends only the digest', async () => {
    mailer.failOnce(new MailerUnavailableError('SES throttled'));
    await expect(monitorTimescales(MONDAY, deps())).rejects.toThrow(MailerUnavailableError);
    expect(mailer.sent.map((m) => m.to[0])).toEqual([OPS, FLEET]);
    expect(markers.marks.has('timescale-monitor/2026-11-30/digest')).toBe(false);
    expect(await reminders('CC-2026-00004')).toEqual([]);
    const retry = await monitorTimescales(MONDAY, deps());
    expect(retry).toMatchObject({ digest: 'sent', reminders: { sent: 0, casesSentBefore: 3 } });
    expect(mailer.sent.map((m) => m.to[0])).toEqual([OPS, FLEET, ADMIN]);
    expect(await reminders('CC-2026-00004')).toHaveLength(1);
  });

  it('a reminder refused for good (rejected) is given back too, so a retry may send it', async () => {
    const send = mailer.send.bind(mailer);
    let refused = false;
    mailer.send = async (m) => {
      if (!refused && m.to[0] === FLEET) {
        refused = true;
        throw new MailRejectedError('Address not verified');
      }
      return send(m);
    };
    await expect(monitorTimescales(MONDAY, deps())).rejects.toThrow(MailRejectedError);
    expect(markers.marks.has('timescale-monitor/2026-11-30/CC-2026-00003#fleet-head')).toBe(false);
    await monitorTimescales(MONDAY, deps());
    expect(mailer.for(FLEET)).toHaveLength(1);
    expect(mailer.for(OPS)).toHaveLength(1);
  });

  it('a send that ended without knowing (not the mail service saying no) is never sent again: in doubt', async () => {
    const send = mailer.send.bind(mailer);
    let crashed = false;
    mailer.send = async (m) => {
      if (!crashed && m.to[0] === OPS) {
        crashed = true;
        throw new Error('socket hang up');
      }
      return send(m);
    };
    await expect(monitorTimescales(MONDAY, deps())).rejects.toThrow('socket hang up');
    expect(markers.marks.get('timescale-monitor/2026-11-30/CC-2026-00001#operations-head')!.state).toBe('sending');
    const retry = await monitorTimescales(MONDAY, deps());
    expect(retry.reminders).toEqual({ sent: 0, casesSentBefore: 1, casesInDoubt: 2 });
    expect(mailer.for(OPS)).toEqual([]);
  });

  it('a digest left in doubt by an earlier run is not sent again', async () => {
    await markers.claim({ job: 'timescale-monitor', day: '2026-11-30', key: 'digest' }, '2026-11-30T07:00:00Z');
    const result = await monitorTimescales(MONDAY, deps());
    expect(result.digest).toBe('in-doubt');
    expect(mailer.for(ADMIN)).toEqual([]);
  });

  it('a message that cannot be written (a text missing from the locale) gives its claim back and fails the run', async () => {
    const { timescaleDigest: _, ...emails } = enGB.emails as Record<string, Messages>;
    const texts: Messages = { ...enGB, emails };
    await expect(monitorTimescales(MONDAY, deps({ texts }))).rejects.toThrow(new ConfigurationError('The locale has no text at emails.timescaleDigest.subject'));
    expect(markers.marks.has('timescale-monitor/2026-11-30/digest')).toBe(false);
    expect(mailer.for(OPS)).toHaveLength(1);
  });

  it('a store that cannot be reached fails the run before anything is sent', async () => {
    markers.failNextClaim(new StoreUnavailableError('DynamoDB down'));
    await expect(monitorTimescales(MONDAY, deps())).rejects.toThrow(StoreUnavailableError);
    expect(mailer.sent).toEqual([]);
  });
});

describe('the timeline', () => {
  it("notes each reminder on the version it read, after that version's event: the case and its version are left as they were", async () => {
    const before = await cases.listAll();
    const result = await monitorTimescales(MONDAY, deps());
    expect(result.timeline).toEqual({ recorded: 7, notRecorded: 0 });
    expect(await cases.listAll()).toEqual(before);
    expect((await cases.timeline('CC-2026-00001')).map((e) => [e.type, e.version])).toEqual([
      ['received', 1],
      ['reminder-sent', 1],
      ['reminder-sent', 1],
    ]);
  });

  it('notes on a case changed since it was listed the version it read, before the change, which stands', async () => {
    const listOpen = cases.listOpen.bind(cases);
    cases.listOpen = async () => {
      const listed = await listOpen();
      // Someone changes a case while the run is under way.
      const c = (await cases.get('CC-2026-00001'))!;
      await cases.save({ ...c, summary: 'Changed', version: 2 }, { reference: c.reference, at: clock.toISOString(), type: 'details-updated', actor: { type: 'system' }, version: 2, data: {} }, 1);
      return listed;
    };
    const result = await monitorTimescales(MONDAY, deps());
    expect(result.timeline).toEqual({ recorded: 7, notRecorded: 0 });
    expect(await cases.get('CC-2026-00001')).toMatchObject({ summary: 'Changed', version: 2 });
    expect((await cases.timeline('CC-2026-00001')).map((e) => [e.type, e.version])).toEqual([
      ['received', 1],
      ['reminder-sent', 1],
      ['reminder-sent', 1],
      ['details-updated', 2],
    ]);
  });

  it("notes both of a case's deadlines in the digest, and the stage's in its owner's reminder", async () => {
    cases.put(aCase('CC-2026-00006', { ack: end('2026-11-27'), stage: { owner: 'operations-head', deadline: end('2026-12-01') } }));
    await monitorTimescales(MONDAY, deps());
    expect((await reminders('CC-2026-00006')).map((e) => [e.data.to, e.data.what])).toEqual([
      ['admin-manager', 'acknowledgement'],
      ['admin-manager', 'stage'],
      ['operations-head', 'stage'],
    ]);
  });

  it('notes a reminder sent again the same day (its send marker lost) once', async () => {
    await monitorTimescales(MONDAY, deps());
    markers = new MemoryMarkers();
    const again = await monitorTimescales(MONDAY, deps());
    expect(again).toMatchObject({ digest: 'sent', reminders: { sent: 2 }, timeline: { recorded: 7, notRecorded: 0 } });
    expect(await reminders('CC-2026-00001')).toHaveLength(2);
    expect(await reminders('CC-2026-00004')).toHaveLength(1);
  });

  it('counts a reminder it could not note (the store failed) and still succeeds: the email went', async () => {
    const note = cases.note.bind(cases);
    let failures = 0;
    cases.note = async (event, key) => {
      if (event.reference === 'CC-2026-00004' || event.reference === 'CC-2026-00003') {
        failures++;
        throw event.reference === 'CC-2026-00004' ? new StoreUnavailableError('down') : new Error('anything else');
      }
      return note(event, key);
    };
    const result = await monitorTimescales(MONDAY, deps());
    // Each is tried once: nothing is read again, nothing retried.
    expect(failures).toBe(3);
    expect(result.timeline).toEqual({ recorded: 4, notRecorded: 3 });
    expect(result.digest).toBe('sent');
    expect(result.reminders.sent).toBe(2);
    expect(await reminders('CC-2026-00004')).toEqual([]);
  });
});
