import { beforeEach, describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import type { Case } from '../../functions/domain/case';
import { defaultPolicy } from '../../functions/domain/policy';
import { defaultDirectory } from '../../functions/domain/staff';
import { acknowledge, closingLetter, prepareStage, type WorkflowDeps } from '../../functions/domain/workflow-steps';
import { aStoredCase } from '../support/cases';
import { memoryPorts, type MemoryCases, type MemoryMailer, type MemoryState } from '../support/memory-ports';
import { enGB } from '../support/texts';

/**
 * The workflow of a decided consultation comment (service order section 2): its first step tells
 * the Consultation and Partnership Officer the decision, once; an entered comment then runs as any
 * case, one kept out ends with no acknowledgement, no closing letter and no task.
 */

const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
const REF = 'CC-2026-00001';
let cases: MemoryCases;
let mailer: MemoryMailer;
let state: MemoryState;
let d: WorkflowDeps;

beforeEach(() => {
  const ports = memoryPorts();
  ({ cases, mailer, state } = ports);
  d = { policy: defaultPolicy, texts: enGB, calendar, ...ports, now: () => new Date('2026-03-05T14:05:00Z') };
});

const decidedAt = '2026-03-05T14:00:00.000Z';
function given(entered: boolean | undefined, overrides: Partial<Case> = {}): Case {
  const decision = entered === undefined ? {} : { decision: { entered, reason: 'Because', decidedAt, decidedBy: 'admin-manager' } };
  const closed: Partial<Case> = entered === false ? { status: 'closed', closure: 'not-entered', closedAt: decidedAt, nextDeadline: null } : {};
  return cases.put({
    ...aStoredCase({}, new Date('2026-03-02T10:00:00Z')),
    channel: 'consultation',
    recordedBy: 'consultation-officer',
    consultation: { consultationType: 'Service Improvement Plan', ...decision },
    ...closed,
    ...overrides,
  });
}
const officerSubjects = () => mailer.sent.filter((m) => m.to.some((t) => t.startsWith('consultation-officer@'))).map((m) => m.subject);

describe('the decision, told to the officer by the workflow', () => {
  it('an entered comment: the officer is told, and the customer acknowledged as any complaint', async () => {
    given(true);
    expect(await acknowledge(REF, d)).toEqual({ kind: 'complaint', via: 'email' });
    expect(officerSubjects()).toEqual([`Consultation comment ${REF}: it enters the complaints and compliments procedure`]);
    expect(mailer.sent.map((m) => m.to[0])).toEqual([expect.stringMatching(/^consultation-officer@/), 'ann@example.com']);
    expect((await cases.get(REF))!.acknowledgedVia).toBe('email');
  });

  it('a comment kept out: the officer is told; nothing is acknowledged, no closing letter and no task', async () => {
    given(false);
    expect(await acknowledge(REF, d)).toEqual({ kind: 'complaint', via: 'not-entered' });
    expect(await prepareStage(REF, d)).toMatchObject({ closed: true });
    expect(await closingLetter(REF, d)).toEqual({ sent: false });
    expect(officerSubjects()).toEqual([`Consultation comment ${REF}: it does not enter the complaints and compliments procedure`]);
    expect(mailer.sent).toHaveLength(1);
    const c = (await cases.get(REF))!;
    expect(c.tasks ?? []).toEqual([]);
    expect(c.acknowledgedAt).toBeUndefined();
    expect((await state.get(REF)).letters['consultation-decision']).toMatchObject({ state: 'sent' });
  });

  it('hands a decision email whose sending was cut short to the Administration Manager, never sending it twice', async () => {
    given(true);
    await state.claimLetter(REF, 'consultation-decision', '2026-03-05T14:01:00.000Z');
    await acknowledge(REF, d);
    expect(officerSubjects()).toEqual([]);
    expect((await cases.get(REF))!.tasks).toEqual([
      expect.objectContaining({ type: 'email-failed', note: 'The decision email to the Consultation and Partnership Officer may not have gone out (its sending was cut short): check, and send it by hand if not' }),
    ]);
  });

  it('tells the officer once however often the step runs', async () => {
    given(false);
    await acknowledge(REF, d);
    await acknowledge(REF, d);
    expect(officerSubjects()).toHaveLength(1);
  });

  it('tells nobody of a comment still awaiting the decision, nor of a case from elsewhere', async () => {
    given(undefined);
    await acknowledge(REF, d);
    expect(officerSubjects()).toEqual([]);
    cases.put({ ...aStoredCase({}, new Date('2026-03-02T10:00:00Z')), reference: 'CC-2026-00002' });
    await acknowledge('CC-2026-00002', d);
    expect(officerSubjects()).toEqual([]);
  });

  it.each<[string, string | undefined, string]>([
    ['the officer the directory names', 'pat.officer@bedsfire.example', 'pat.officer@bedsfire.example'],
    ['the role address, when the directory was saved before the post was in it', undefined, 'consultation-officer@bedsfire.example'],
  ])('sends the decision to %s', async (_who, officerEmail, to) => {
    const ports = memoryPorts({
      ...defaultDirectory({ ...defaultPolicy, organisation: { ...defaultPolicy.organisation, email: 'complaints@bedsfire.example' } }),
      consultationOfficer: officerEmail ? { id: 'pat', name: 'Pat Officer', email: officerEmail } : undefined,
      version: 1,
    });
    ({ cases, mailer } = ports);
    d = { ...d, ...ports };
    given(true);
    await acknowledge(REF, d);
    expect(mailer.sent[0]!.to).toEqual([to]);
  });
});
