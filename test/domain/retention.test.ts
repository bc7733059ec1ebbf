import { describe, expect, it } from 'vitest';
import { addCalendarDays, londonDate, WorkingDayCalendar } from '../../functions/domain/calendar';
import type { AuditEvent, Case } from '../../functions/domain/case';
import { updateDetails } from '../../functions/domain/case-rules';
import { InvalidStateError } from '../../functions/domain/errors';
import { defaultPolicy } from '../../functions/domain/policy';
import { extensions, lessons, ombudsman, outcomes } from '../../functions/domain/reports/cohort';
import {
  addCalendarMonths,
  anonymiseCase,
  anonymiseEvent,
  isDueForRemoval,
  lastEndedStartDate,
  personalDataRemovalDate,
  removePersonalData,
  retentionCutoff,
  retentionStart,
} from '../../functions/domain/retention';
import { aClosedComplaint, aComplaintAtStageOne, anAnonymisedComplaint, aNewCompliment, STAGE_2_STARTED } from '../support/case-mothers';
import { ruleContext, staff } from '../support/cases';

/*
 * The retention rule (DESIGN.md §2 "Personal data"): when a case's personal data is due for removal
 * (12 calendar months, the default policy's, after the later of closure and the Ombudsman's last
 * recording, counted in London dates), and what removing it leaves.
 */

const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
const policy = { personalDataRetentionMonths: 12 };
const NOW = new Date('2027-06-01T03:00:00Z');

/** A closed complaint with every free text and contact detail filled in, as staff and the person wrote them. */
function aFullClosedComplaint(overrides: Partial<Case> = {}): Case {
  const c = aClosedComplaint();
  return {
    ...c,
    stages: [{ ...c.stages[0]!, extendedBy: 2, extensions: [{ at: '2026-03-04T09:00:00.000Z', by: 'operations-head', workingDays: 2, reason: 'Waiting for Mrs Example’s CCTV' }] }],
    draftFindings: [
      { sharedAt: '2026-03-05T09:00:00.000Z', sharedBy: 'operations-head', stage: 1, findings: 'We found Ann’s drive was blocked', comments: { receivedOn: '2026-03-06', text: 'Ann says: it was two hours', recordedAt: '2026-03-06T09:00:00.000Z', recordedBy: 'admin-manager' } },
    ],
    referralRequested: { at: '2026-03-07T09:00:00.000Z', by: 'operations-head', reason: 'Ann wants the CRO' },
    outcome: { stage: 1, decision: 'upheld', response: 'Dear Ann, we are sorry', remedy: 'A letter of apology to 1 High Street', lessonsLearned: 'Crews check for driveways before parking', decidedAt: STAGE_2_STARTED, decidedBy: 'operations-head' },
    ombudsman: { enquiryReceivedOn: '2026-04-01', ombudsmanReference: 'LGO-26-001', findings: 'Ms Example was caused injustice', recommendations: 'Pay Ms Example £100', recordedAt: '2026-05-01T09:00:00.000Z', recordedBy: 'cro' },
    trackingLink: { hash: 'a'.repeat(64), issuedAt: '2026-03-02T10:01:00.000Z' },
    category: 'driving',
    function: 'operations',
    ...overrides,
  };
}

describe('calendar months', () => {
  it.each([
    ['2026-01-15', 12, '2027-01-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-12-31', 2, '2027-02-28'],
    ['2026-11-30', 1, '2026-12-30'],
    ['2026-12-01', 1, '2027-01-01'],
    ['2027-02-28', -12, '2026-02-28'],
    ['2028-02-29', 12, '2029-02-28'],
    ['2026-05-20', 120, '2036-05-20'],
  ])('%s plus %i months is %s', (date, months, expected) => {
    expect(addCalendarMonths(date, months)).toBe(expected);
  });

  it('refuses what is not a date', () => {
    expect(() => addCalendarMonths('2026-02-30', 1)).toThrow(RangeError);
    expect(() => lastEndedStartDate('yesterday', 1)).toThrow('Expected a date YYYY-MM-DD, got "yesterday"');
  });

  it.each([
    ['2027-01-15', 12, '2026-01-15'],
    ['2026-02-28', 1, '2026-01-31'],
    ['2028-02-29', 1, '2028-01-31'],
    ['2028-02-28', 1, '2028-01-28'],
    ['2026-04-30', 1, '2026-03-31'],
    ['2026-03-30', 1, '2026-02-28'],
    ['2027-01-31', 12, '2026-01-31'],
    ['2026-12-31', 1, '2026-11-30'],
    ['2027-01-10', 1, '2026-12-10'],
  ])('on %s the retention of %i months has ended for every date up to %s', (today, months, expected) => {
    expect(lastEndedStartDate(today, months)).toBe(expected);
  });

  it('lastEndedStartDate is exactly the dates whose months have passed, over two years of days', () => {
    for (const months of [1, 2, 12]) {
      for (let today = '2027-01-01'; today < '2029-01-01'; today = addCalendarDays(today, 1)) {
        const last = lastEndedStartDate(today, months);
        expect(addCalendarMonths(last, months) <= today, `${today} ${months}`).toBe(true);
        expect(addCalendarMonths(addCalendarDays(last, 1), months) > today, `${today} ${months}`).toBe(true);
      }
    }
  });
});

describe('when personal data is due for removal', () => {
  const closedAt = (at: string, overrides: Partial<Case> = {}) => aClosedComplaint({ closedAt: at, ...overrides });

  it.each<[string, Case, Date, boolean]>([
    ['not closed', aComplaintAtStageOne(), new Date('2030-01-01T12:00:00Z'), false],
    ['closed 11 months and 30 days ago', closedAt('2026-03-10T12:00:00.000Z'), new Date('2027-03-09T12:00:00Z'), false],
    ['closed 12 months ago, on the day', closedAt('2026-03-10T12:00:00.000Z'), new Date('2027-03-10T00:00:00Z'), true],
    ['closed 12 months and a day ago', closedAt('2026-03-10T12:00:00.000Z'), new Date('2027-03-11T12:00:00Z'), true],
    // Closed at 00:30 BST on 26 October 2025 (23:30 UTC the day before): its London date is the 26th,
    // and in GMT the 26th of October 2026 starts at 00:00 UTC.
    ['closed after midnight BST, a moment before the London date 12 months on (GMT)', closedAt('2025-10-25T23:30:00.000Z'), new Date('2026-10-25T23:59:59.999Z'), false],
    ['closed after midnight BST, from the London date 12 months on (GMT)', closedAt('2025-10-25T23:30:00.000Z'), new Date('2026-10-26T00:00:00.000Z'), true],
    // Closed in GMT, due on the day the clocks go forward: London's 29 March 2026 starts at 00:00 UTC.
    ['closed in GMT, a moment before the day the clocks go forward 12 months on', closedAt('2025-03-29T23:30:00.000Z'), new Date('2026-03-28T23:59:59.999Z'), false],
    ['closed in GMT, on the day the clocks go forward 12 months on', closedAt('2025-03-29T23:30:00.000Z'), new Date('2026-03-29T00:00:00.000Z'), true],
    // Due in BST: London's 16 June 2027 starts at 23:00 UTC on the 15th.
    ['due in BST, a moment before London midnight', closedAt('2026-06-16T10:00:00.000Z'), new Date('2027-06-15T22:59:59.999Z'), false],
    ['due in BST, at London midnight (23:00 UTC)', closedAt('2026-06-16T10:00:00.000Z'), new Date('2027-06-15T23:00:00.000Z'), true],
    [
      'an Ombudsman enquiry recorded without findings (still open)',
      closedAt('2025-01-10T12:00:00.000Z', { ombudsman: { enquiryReceivedOn: '2025-02-01', ombudsmanReference: 'LGO-1', recordedAt: '2025-02-02T09:00:00.000Z', recordedBy: 'cro' } }),
      new Date('2030-01-01T12:00:00Z'),
      false,
    ],
    [
      'Ombudsman findings recorded later than the closure: counted from them (not yet)',
      closedAt('2025-01-10T12:00:00.000Z', { ombudsman: { enquiryReceivedOn: '2025-02-01', ombudsmanReference: 'LGO-1', findings: 'No fault', recordedAt: '2025-09-01T09:00:00.000Z', recordedBy: 'cro' } }),
      new Date('2026-08-31T12:00:00Z'),
      false,
    ],
    [
      'Ombudsman findings recorded later than the closure: counted from them (due)',
      closedAt('2025-01-10T12:00:00.000Z', { ombudsman: { enquiryReceivedOn: '2025-02-01', ombudsmanReference: 'LGO-1', findings: 'No fault', recordedAt: '2025-09-01T09:00:00.000Z', recordedBy: 'cro' } }),
      new Date('2026-09-01T12:00:00Z'),
      true,
    ],
    [
      'Ombudsman findings recorded before the closure: counted from the closure',
      closedAt('2025-09-01T12:00:00.000Z', { ombudsman: { enquiryReceivedOn: '2025-02-01', ombudsmanReference: 'LGO-1', findings: 'No fault', recordedAt: '2025-03-01T09:00:00.000Z', recordedBy: 'cro' } }),
      new Date('2026-08-31T12:00:00Z'),
      false,
    ],
    ['already anonymised', closedAt('2025-01-10T12:00:00.000Z', { anonymisedAt: '2026-01-10T03:00:00.000Z' }), new Date('2030-01-01T12:00:00Z'), false],
    ['a compliment closed 12 months ago', aNewCompliment({ status: 'closed', closedAt: '2026-03-02T10:01:00.000Z', closure: 'compliment-recorded' }), new Date('2027-03-02T12:00:00Z'), true],
    ['closed but without a closing time (never written so)', aClosedComplaint({ closedAt: undefined }), new Date('2030-01-01T12:00:00Z'), false],
    ['open with a closing time (reopened; never written so)', aComplaintAtStageOne('operations-head', { closedAt: '2025-01-10T12:00:00.000Z' }), new Date('2030-01-01T12:00:00Z'), false],
  ])('%s: due %s', (_what, c, now, expected) => {
    expect(isDueForRemoval(c, policy, calendar, now)).toBe(expected);
  });

  it('follows the policy’s number of months', () => {
    const c = closedAt('2026-03-10T12:00:00.000Z');
    expect(personalDataRemovalDate(c, { personalDataRetentionMonths: 1 }, calendar)).toBe('2026-04-10');
    expect(personalDataRemovalDate(c, { personalDataRetentionMonths: 24 }, calendar)).toBe('2028-03-10');
    expect(isDueForRemoval(c, { personalDataRetentionMonths: 1 }, calendar, new Date('2026-04-10T12:00:00Z'))).toBe(true);
  });

  it('starts the retention period at the later of closure and the Ombudsman’s last recording, not before the case ends', () => {
    expect(retentionStart(aComplaintAtStageOne())).toBeUndefined();
    expect(retentionStart(closedAt('2026-03-10T12:00:00.000Z'))).toBe('2026-03-10T12:00:00.000Z');
    const ombudsman = { enquiryReceivedOn: '2026-03-11', ombudsmanReference: 'LGO-1', findings: 'x', recordedBy: 'cro' };
    expect(retentionStart(closedAt('2026-03-10T12:00:00.000Z', { ombudsman: { ...ombudsman, recordedAt: '2026-03-10T12:00:00.001Z' } }))).toBe('2026-03-10T12:00:00.001Z');
    expect(retentionStart(closedAt('2026-03-10T12:00:00.000Z', { ombudsman: { ...ombudsman, recordedAt: '2026-03-10T12:00:00.000Z' } }))).toBe('2026-03-10T12:00:00.000Z');
    expect(retentionStart(closedAt('2026-03-10T12:00:00.000Z', { ombudsman: { ...ombudsman, recordedAt: '2026-03-10T11:59:59.999Z' } }))).toBe('2026-03-10T12:00:00.000Z');
    expect(personalDataRemovalDate(aComplaintAtStageOne(), policy, calendar)).toBeUndefined();
  });
});

describe('the cutoff the job reads closed cases up to', () => {
  it.each([
    // 12 months before 1 June 2027 is 1 June 2026; the next London day starts at 23:00 UTC on 1 June (BST).
    [new Date('2027-06-01T02:00:00Z'), '2026-06-01T23:00:00.000Z'],
    // In GMT, the London day after 10 January 2026 starts at midnight UTC.
    [new Date('2027-01-10T03:00:00Z'), '2026-01-11T00:00:00.000Z'],
    // 23:30 UTC on 31 March 2027 is already 1 April in London (BST).
    [new Date('2027-03-31T23:30:00Z'), '2026-04-01T23:00:00.000Z'],
    // The last day of February: every day of February a year earlier has ended.
    [new Date('2027-02-28T03:00:00Z'), '2026-03-01T00:00:00.000Z'],
  ])('at %s every due case was closed before %s', (now, cutoff) => {
    expect(retentionCutoff(now, policy, calendar)).toBe(cutoff);
  });

  it('every case due at a moment was closed before its cutoff, and one closed at the cutoff is not yet due', () => {
    const now = new Date('2027-06-01T02:00:00Z');
    const cutoff = retentionCutoff(now, policy, calendar);
    const justBefore = new Date(Date.parse(cutoff) - 1).toISOString();
    expect(isDueForRemoval(aClosedComplaint({ closedAt: justBefore }), policy, calendar, now)).toBe(true);
    expect(isDueForRemoval(aClosedComplaint({ closedAt: cutoff }), policy, calendar, now)).toBe(false);
    expect(londonDate(new Date(cutoff))).toBe('2026-06-02');
  });
});

describe('removing the personal data of a case', () => {
  const personal = ['Ann', 'Example', 'ann@example.com', '01234 567890', 'High Street', 'MK40', 'Large print', 'Fire engine blocked', 'parked across', '£100', 'injustice', 'sorry', 'CCTV', 'CRO'];

  it('leaves no name, contact detail or free text anywhere in the case', () => {
    const after = anonymiseCase(aFullClosedComplaint(), NOW);
    const stored = JSON.stringify(after);
    for (const value of personal) expect(stored, value).not.toContain(value);
  });

  it('keeps what reports and learning need: dates, kind, channel, function, category, stages, decisions and lessons', () => {
    const before = aFullClosedComplaint();
    const after = anonymiseCase(before, NOW);
    expect(after).toEqual({
      ...before,
      customer: { preferredContact: 'email', anonymous: false },
      summary: '',
      details: '',
      location: undefined,
      stages: [{ ...before.stages[0]!, extensions: [{ ...before.stages[0]!.extensions![0]!, reason: '' }] }],
      draftFindings: [{ ...before.draftFindings[0]!, findings: '', comments: { ...before.draftFindings[0]!.comments!, text: '' } }],
      referralRequested: { ...before.referralRequested!, reason: '' },
      outcome: { ...before.outcome!, response: '', remedy: '', lessonsLearned: 'Crews check for driveways before parking' },
      ombudsman: { ...before.ombudsman!, findings: '', recommendations: '' },
      trackingLink: { ...before.trackingLink!, revokedAt: NOW.toISOString() },
      anonymisedAt: NOW.toISOString(),
    });
    expect('location' in after).toBe(false);
    // The original is not touched.
    expect(before.customer.name).toBe('Ann Example');
  });

  it('adds nothing a case did not have: no remedy, findings or recommendations, referral, extensions, comments or tracking link', () => {
    const ombudsman = { enquiryReceivedOn: '2026-04-01', ombudsmanReference: 'LGO-1', recordedAt: '2026-04-02T09:00:00.000Z', recordedBy: 'cro' };
    const before = aClosedComplaint({ ombudsman, draftFindings: [{ sharedAt: '2026-03-05T09:00:00.000Z', sharedBy: 'operations-head', stage: 1, findings: 'Draft' }] });
    const after = anonymiseCase(before, NOW);
    expect(after.ombudsman).toEqual(ombudsman);
    expect(after.outcome).toEqual({ ...before.outcome!, response: '' });
    expect(after.draftFindings).toEqual([{ ...before.draftFindings[0]!, findings: '' }]);
    expect(after.stages).toEqual(before.stages);
    expect(Object.keys(after)).not.toEqual(expect.arrayContaining(['referralRequested']));
    expect(Object.keys(after)).not.toEqual(expect.arrayContaining(['trackingLink']));
    expect('remedy' in after.outcome!).toBe(false);
    expect(anonymiseCase(aNewCompliment({ status: 'closed' }), NOW)).not.toHaveProperty('outcome');
  });

  it('keeps a tracking link revoked earlier as it was', () => {
    const link = { hash: 'b'.repeat(64), issuedAt: '2026-03-02T10:01:00.000Z', revokedAt: '2026-03-03T09:00:00.000Z' };
    expect(anonymiseCase(aClosedComplaint({ trackingLink: link }), NOW).trackingLink).toEqual(link);
    const change = removePersonalData(aClosedComplaint({ trackingLink: link }), policy, NOW)!;
    expect(change.event.data.trackingLinkRevoked).toBe(false);
  });

  it('is idempotent: anonymising an anonymised case changes nothing', () => {
    const once = anonymiseCase(aFullClosedComplaint(), NOW);
    const twice = anonymiseCase(once, new Date('2027-07-01T03:00:00Z'));
    expect(twice).toEqual(once);
    expect(removePersonalData(once, policy, new Date('2027-07-01T03:00:00Z'))).toBeUndefined();
  });

  it('counts in the reports as it did before: decision, remedy given, extension with a reason, Ombudsman findings, lessons', () => {
    const before = aFullClosedComplaint();
    const after = anonymiseCase(before, NOW);
    expect(outcomes([after], defaultPolicy)).toEqual(outcomes([before], defaultPolicy));
    expect(outcomes([after], defaultPolicy).withRemedy).toBe(1);
    const withReason = (c: Case) => extensions([c], defaultPolicy).list.filter((e) => e.reason !== null).length;
    expect(withReason(after)).toBe(1);
    expect(withReason(after)).toBe(withReason(before));
    expect(ombudsman([after]).withFindings).toBe(1);
    expect(ombudsman([after]).enquiries).toBe(ombudsman([before]).enquiries);
    expect(lessons([after])).toEqual(lessons([before]));
  });

  it('refuses personal details written again on an anonymised case (nothing would remove them)', () => {
    const anonymised = anAnonymisedComplaint();
    expect(anonymiseCase(aClosedComplaint(), new Date(anonymised.anonymisedAt!))).toEqual({ ...anonymised, version: 3 });
    expect(() => updateDetails(anonymised, { phone: '01234 567890' }, ruleContext(staff.admin, NOW))).toThrow(InvalidStateError);
    expect(() => updateDetails(anonymised, { phone: '01234 567890' }, ruleContext(staff.admin, NOW))).toThrow(/CC-2026-00001's personal data was removed under the retention policy/);
    expect(updateDetails(aClosedComplaint(), { phone: '01234 000111' }, ruleContext(staff.admin, NOW)).case.customer.phone).toBe('01234 000111');
  });

  it('is a change one version on, recorded by the system under the retention policy', () => {
    const before = aFullClosedComplaint({ version: 7 });
    const change = removePersonalData(before, policy, NOW)!;
    expect(change.case).toEqual({ ...anonymiseCase(before, NOW), version: 8 });
    expect(change.event).toEqual({
      reference: before.reference,
      at: NOW.toISOString(),
      type: 'personal-data-removed',
      actor: { type: 'system' },
      version: 8,
      data: { retentionMonths: 12, trackingLinkRevoked: true },
    });
    expect(removePersonalData(aClosedComplaint(), { personalDataRetentionMonths: 24 }, NOW)!.event.data).toEqual({ retentionMonths: 24, trackingLinkRevoked: false });
  });
});

describe('clearing the timeline', () => {
  const event = (overrides: Partial<AuditEvent>): AuditEvent => ({
    reference: 'CC-2026-00001',
    at: '2026-03-03T09:30:00.000Z',
    type: 'details-updated',
    actor: { type: 'staff', id: 'admin-manager' },
    version: 3,
    data: {},
    ...overrides,
  });

  it.each<[string, AuditEvent, AuditEvent['data'] | undefined]>([
    [
      'a details update marked personal keeps only the changes of fields the anonymised case keeps',
      event({
        personal: true,
        data: {
          changes: {
            name: { from: 'Ann Example', to: 'Ann Other' },
            phone: { from: null, to: '01234 567890' },
            function: { from: 'fleet', to: 'operations' },
            urgent: { from: false, to: true },
            kind: { from: 'complaint', to: 'complaint' },
            incidentDate: { from: null, to: '2026-03-01' },
            preferredContact: { from: 'email', to: 'phone' },
            location: { from: null, to: 'High Street' },
            summary: { from: 'a', to: 'b' },
          },
        },
      }),
      {
        changes: {
          function: { from: 'fleet', to: 'operations' },
          urgent: { from: false, to: true },
          kind: { from: 'complaint', to: 'complaint' },
          incidentDate: { from: null, to: '2026-03-01' },
          preferredContact: { from: 'email', to: 'phone' },
        },
      },
    ],
    ['a personal event with no changes to read loses all its data', event({ personal: true, data: { name: 'Ann Example', changes: ['Ann'] } }), {}],
    ['a personal event whose changes are not an object loses them', event({ personal: true, data: { changes: null } }), {}],
    ['an extension keeps its dates and days, not its reason', event({ type: 'deadline-extended', data: { stage: 1, from: 'x', to: 'y', workingDays: 2, reason: 'Ann’s CCTV' } }), { stage: 1, from: 'x', to: 'y', workingDays: 2, reason: '' }],
    ['a referral loses its reason', event({ type: 'referred-to-cro', data: { from: 1, stage: 3, reason: 'As Ann asked' } }), { from: 1, stage: 3, reason: '' }],
    ['an event with nothing personal is kept as it is', event({ type: 'owner-assigned', data: { stage: 1, owner: 'operations-head' } }), undefined],
    ['a reason already removed is not removed again', event({ type: 'deadline-extended', data: { stage: 1, reason: '' } }), undefined],
    ['a reason that is not text is not free text', event({ type: 'task-created', data: { reason: 3 } }), undefined],
    ['a personal event already cleared is not cleared again', event({ personal: true, data: { changes: { urgent: { from: false, to: true } } } }), undefined],
    ['a personal event with nothing left is not cleared again', event({ personal: true, data: {} }), undefined],
  ])('%s', (_what, e, expected) => {
    const cleared = anonymiseEvent(e);
    if (expected === undefined) expect(cleared).toBeUndefined();
    else {
      expect(cleared).toEqual({ ...e, data: expected });
      // Clearing it again changes nothing.
      expect(anonymiseEvent(cleared!)).toBeUndefined();
    }
  });
});
