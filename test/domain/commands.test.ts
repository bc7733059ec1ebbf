import type * as z from '../../functions/domain/zod';
import { describe, expect, it } from 'vitest';
import {
  AssignOwner,
  ExtendDeadline,
  ListCasesQuery,
  RecordDraftComments,
  RecordOmbudsman,
  RecordOutcome,
  ReferToCro,
  ShareDraftFindings,
  UpdateDirectory,
  recordCaseSchema,
  updateCaseSchema,
} from '../../functions/domain/commands';
import { defaultPolicy } from '../../functions/domain/policy';
import { defaultDirectory } from '../../functions/domain/staff';
import { toIssues } from '../../functions/domain/validation';
import { aComplaint } from '../support/mothers';

/*
 * The staff API's inputs. The messages are what a caller reads in a 400, so they are stated here
 * exactly; each schema both validates requests and describes the API (OpenAPI).
 */

/** The issues a schema raises, or [] when the input passes. */
function issues(schema: z.ZodMiniType, input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? [] : toIssues(result.error);
}

function parsed<T extends z.ZodMiniType>(schema: T, input: unknown): z.output<T> {
  return schema.parse(input);
}

const VERSION = 'expected the version you read, a whole number';
const STAFF_ID = 'expected a staff id (a-z, 0-9, ., _, -)';

describe('every change carries the version it was based on', () => {
  it.each<[unknown, string | undefined]>([
    [1, undefined],
    [42, undefined],
    [undefined, undefined],
    [0, VERSION],
    [1.5, VERSION],
    ['3', VERSION],
  ])('expectedVersion %o: %s', (expectedVersion, message) => {
    const found = issues(ReferToCro, { reason: 'Still unhappy', expectedVersion });
    expect(found).toEqual(message ? [{ path: 'expectedVersion', message }] : []);
  });

  it('lets the staff directory be saved over version 0, the policy’s default', () => {
    const { version: _v, ...directory } = defaultDirectory(defaultPolicy);
    expect(issues(UpdateDirectory, { expectedVersion: 0, directory })).toEqual([]);
    expect(issues(UpdateDirectory, { directory })).toEqual([]);
    expect(issues(UpdateDirectory, { expectedVersion: -1, directory }).map((i) => i.path)).toEqual(['expectedVersion']);
    expect(issues(UpdateDirectory, { expectedVersion: 'latest', directory })).toEqual([{ path: 'expectedVersion', message: VERSION }]);
  });
});

describe('staff ids', () => {
  it.each(['ann', 'ann.example', 'a_b-c', '0day', 'a'.repeat(64)])('accepts %s', (owner) => {
    expect(parsed(AssignOwner, { owner }).owner).toBe(owner);
  });

  it.each([
    ['capitals', 'Ann'],
    ['a leading dot', '.ann'],
    ['a leading hyphen', '-ann'],
    ['a space', 'ann example'],
    ['an @', 'ann@example.com'],
    ['65 characters', 'a'.repeat(65)],
    ['empty', ''],
    ['text after a newline', 'ann\nbob'],
  ])('refuses an owner with %s', (_why, owner) => {
    expect(issues(AssignOwner, { owner })).toEqual([{ path: 'owner', message: STAFF_ID }]);
  });

  it('refuses an owner that is not text', () => {
    expect(issues(AssignOwner, { owner: 7 })).toEqual([{ path: 'owner', message: 'expected a staff id' }]);
  });

  it('lets the procedure choose when no owner is given, and drops a blank reason', () => {
    expect(parsed(AssignOwner, { reason: '   ' })).toEqual({ reason: undefined });
  });
});

describe('recording a case that reached staff another way', () => {
  const schema = recordCaseSchema(defaultPolicy);
  const record = (overrides: Record<string, unknown> = {}) => ({ ...aComplaint(), channel: 'phone', receivedAt: '2026-01-05', ...overrides });

  it.each(['phone', 'letter', 'email', 'in-person'])('accepts the channel %s', (channel) => {
    expect(parsed(schema, record({ channel })).channel).toBe(channel);
  });

  it('accepts the channel consultation with its type of consultation', () => {
    expect(parsed(schema, record({ channel: 'consultation', consultationType: ' Service Improvement Plan ' }))).toMatchObject({
      channel: 'consultation',
      consultationType: 'Service Improvement Plan',
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a consultation comment without its type of consultation', { channel: 'consultation' }, 'required for a consultation comment: the consultation it came from (e.g. Service Improvement Plan)'],
    ['a consultation comment with a blank type', { channel: 'consultation', consultationType: '  ' }, 'required for a consultation comment: the consultation it came from (e.g. Service Improvement Plan)'],
    ['a type of consultation on a phone call', { channel: 'phone', consultationType: 'Service Improvement Plan' }, 'only a consultation comment (channel "consultation") has a type of consultation'],
    ['a type of consultation over 200 characters', { channel: 'consultation', consultationType: 'x'.repeat(201) }, 'at most 200 characters'],
  ])('refuses %s', (_what, overrides, message) => {
    const found = issues(schema, record(overrides));
    expect(found.map((i) => i.path)).toEqual(['consultationType']);
    expect(found[0]!.message).toContain(message);
  });

  it.each<[unknown, string]>([
    ['web', 'the web form records its own cases'],
    ['fax', 'an unknown channel'],
    [undefined, 'no channel'],
  ])('refuses the channel %o (%s)', (channel) => {
    expect(issues(schema, record({ channel }))).toEqual([
      { path: 'channel', message: 'expected one of: phone, letter, email, in-person, consultation' },
    ]);
  });

  it.each(['2026-01-05', '2026-01-05T09:30:00Z', '2026-06-10T09:30:00+01:00', '2026-06-10T09:30:00.123Z'])(
    'takes the time of receipt as a date or a date-time with a zone: %s',
    (receivedAt) => {
      expect(parsed(schema, record({ receivedAt })).receivedAt).toBe(receivedAt);
    },
  );

  it.each<[unknown, string]>([
    ['2026-01-05T09:30:00', 'a date-time without a zone'],
    ['2026-02-30', 'a date that does not exist'],
    ['2100-02-29', '29 February in a year that is not a leap year'],
    ['5 January 2026', 'words'],
    [undefined, 'nothing'],
  ])('refuses %o as the time of receipt (%s)', (receivedAt) => {
    expect(issues(schema, record({ receivedAt }))).toEqual([
      { path: 'receivedAt', message: 'expected a date (YYYY-MM-DD) or an ISO date-time' },
    ]);
  });

  it('records who took it when that was someone else, by staff id', () => {
    expect(parsed(schema, record({ receivedBy: 'ann.example' })).receivedBy).toBe('ann.example');
    expect(issues(schema, record({ receivedBy: 'Ann Example' }))).toEqual([{ path: 'receivedBy', message: STAFF_ID }]);
  });

  it('needs a way to reply to a complaint, as the public form does', () => {
    expect(issues(schema, record({ email: undefined, phone: undefined, address: undefined, preferredContact: undefined }))).toEqual([
      { path: 'email', message: 'give at least one way to reply: email, phone or address (only a compliment can be anonymous)' },
    ]);
  });

  it('refuses a field the form does not have', () => {
    expect(issues(schema, record({ website: 'http://spam.example' }))).toEqual([{ path: 'website', message: 'unknown field' }]);
  });
});

describe('correcting a case', () => {
  const schema = updateCaseSchema(defaultPolicy);

  it.each<[string, Record<string, unknown>]>([
    ['nothing at all', {}],
    ['only the version', { expectedVersion: 3 }],
  ])('refuses %s: there is nothing to change', (_why, input) => {
    expect(issues(schema, input)).toEqual([{ path: '', message: 'nothing to change' }]);
  });

  it.each(['name', 'email', 'phone', 'address', 'accessibilityNeeds', 'function', 'incidentDate', 'location'])(
    'clears %s with null',
    (field) => {
      expect(parsed(schema, { expectedVersion: 3, [field]: null })).toEqual({ expectedVersion: 3, [field]: null });
    },
  );

  it.each<[string, unknown, string]>([
    ['summary', null, 'expected text'],
    ['details', '', 'required'],
    ['kind', 'suggestion', 'Invalid option: expected one of "complaint"|"compliment"'],
    ['urgent', 'yes', 'expected true or false'],
    ['phone', 'call me on 01234 567890', 'expected a telephone number (digits, spaces, +, -, brackets)'],
    ['incidentDate', '2100-02-29', 'not a real calendar date'],
    ['function', 'catering', 'expected one of: operations, prevention, protection, fleet, people, finance, control'],
  ])('refuses %s: %o (%s)', (field, value, message) => {
    expect(issues(schema, { [field]: value })).toEqual([{ path: field, message }]);
  });

  it.each(['channel', 'receivedAt', 'reference'])('refuses a change to %s, which is not the customer’s to correct', (field) => {
    expect(issues(schema, { urgent: true, [field]: 'x' })).toEqual([{ path: field, message: 'unknown field' }]);
  });

  it('changes what is given, with the same rules as the form', () => {
    expect(parsed(schema, { urgent: true, summary: '  Crew blocked the drive ', preferredContact: 'phone' })).toEqual({
      urgent: true,
      summary: 'Crew blocked the drive',
      preferredContact: 'phone',
    });
  });
});

describe('recording an outcome', () => {
  it.each(['upheld', 'partly-upheld', 'not-upheld'])('resolves with the decision %s', (decision) => {
    expect(parsed(RecordOutcome, { result: 'resolved', decision, response: 'We are sorry.' })).toEqual({
      result: 'resolved',
      decision,
      response: 'We are sorry.',
    });
  });

  it('keeps the remedy and the lessons learned', () => {
    const outcome = parsed(RecordOutcome, {
      result: 'resolved',
      decision: 'upheld',
      response: 'We are sorry.',
      remedy: 'A written apology',
      lessonsLearned: 'Park elsewhere',
    });
    expect(outcome).toMatchObject({ remedy: 'A written apology', lessonsLearned: 'Park elsewhere' });
  });

  it.each<[Record<string, unknown>, { path: string; message: string }[]]>([
    [{ result: 'resolved', decision: 'maybe', response: 'x' }, [{ path: 'decision', message: 'expected one of: upheld, partly-upheld, not-upheld' }]],
    [{ result: 'resolved', decision: 'upheld' }, [{ path: 'response', message: 'required' }]],
    [{ result: 'resolved', decision: 'upheld', response: 'x', remedy: 'y'.repeat(5_001) }, [{ path: 'remedy', message: 'at most 5000 characters' }]],
    [{ result: 'further-action' }, [{ path: 'reason', message: 'required' }]],
    [{ result: 'further-action', reason: 'More needed', transferTo: 'Someone Else' }, [{ path: 'transferTo', message: STAFF_ID }]],
    [{ result: 'further-action', reason: 'More needed', decision: 'upheld' }, [{ path: 'decision', message: 'unknown field' }]],
    [{ result: 'closed', response: 'x' }, [{ path: 'result', message: 'expected result "resolved" or "further-action"' }]],
    [{ response: 'x' }, [{ path: 'result', message: 'expected result "resolved" or "further-action"' }]],
  ])('refuses %o', (input, expected) => {
    expect(issues(RecordOutcome, input)).toEqual(expected);
  });

  it('asks for further action, naming who takes it on', () => {
    expect(parsed(RecordOutcome, { result: 'further-action', reason: 'More needed', transferTo: 'head.prevention' })).toEqual({
      result: 'further-action',
      reason: 'More needed',
      transferTo: 'head.prevention',
    });
  });
});

describe('extending a deadline', () => {
  const schema = ExtendDeadline(defaultPolicy);
  const max = defaultPolicy.maxExtensionWorkingDays;

  it.each([1, max])('accepts %i working days', (workingDays) => {
    expect(parsed(schema, { workingDays, reason: 'Waiting for a witness' })).toEqual({ workingDays, reason: 'Waiting for a witness' });
  });

  it.each<[unknown, string]>([
    [0, 'expected a whole number of working days'],
    [max + 1, `at most ${max} working days (the policy's limit)`],
    [2.5, 'expected a whole number of working days'],
    ['5', 'expected a whole number of working days'],
  ])('refuses %o working days: %s', (workingDays, message) => {
    expect(issues(schema, { workingDays, reason: 'Waiting for a witness' })).toEqual([{ path: 'workingDays', message }]);
  });

  it('follows the policy’s limit', () => {
    const strict = ExtendDeadline({ ...defaultPolicy, maxExtensionWorkingDays: 3 });
    expect(issues(strict, { workingDays: 4, reason: 'x' })).toEqual([{ path: 'workingDays', message: "at most 3 working days (the policy's limit)" }]);
  });

  it('needs a reason to tell the customer', () => {
    expect(issues(schema, { workingDays: 5, reason: ' ' })).toEqual([{ path: 'reason', message: 'required' }]);
    expect(issues(schema, { workingDays: 5, reason: 'x'.repeat(2_001) })).toEqual([{ path: 'reason', message: 'at most 2000 characters' }]);
  });
});

describe('draft findings, the customer’s comments, the CRO and the Ombudsman', () => {
  it('shares draft findings that say something', () => {
    expect(parsed(ShareDraftFindings, { findings: ' We found the crew at fault. ' })).toEqual({ findings: 'We found the crew at fault.' });
    expect(issues(ShareDraftFindings, { findings: '' })).toEqual([{ path: 'findings', message: 'required' }]);
  });

  const NOT_YYYY_MM_DD = { path: 'receivedOn', message: 'expected a date as YYYY-MM-DD' };
  const NOT_REAL = { path: 'receivedOn', message: 'not a real calendar date' };
  it.each<[unknown, { path: string; message: string }[]]>([
    ['2026-03-02', []],
    ['2024-02-29', []],
    ['2026-02-29', [NOT_REAL]],
    ['2100-02-29', [NOT_REAL]],
    // Text that is not written YYYY-MM-DD is not a real date either, and is told so twice.
    ['02/03/2026', [NOT_YYYY_MM_DD, NOT_REAL]],
    ['received 2026-03-02', [NOT_YYYY_MM_DD, NOT_REAL]],
    ['2026-03-02T10:00:00Z', [NOT_YYYY_MM_DD, NOT_REAL]],
    [20260302, [NOT_YYYY_MM_DD]],
  ])('records the customer’s comments received on %o', (receivedOn, expected) => {
    expect(issues(RecordDraftComments, { comments: 'I disagree.', receivedOn })).toEqual(expected);
  });

  it('refers to the CRO with a reason', () => {
    expect(parsed(ReferToCro, { reason: 'Still unhappy' })).toEqual({ reason: 'Still unhappy' });
    expect(issues(ReferToCro, {})).toEqual([{ path: 'reason', message: 'required' }]);
  });

  it('records an Ombudsman enquiry with its reference, findings and recommendations', () => {
    expect(
      parsed(RecordOmbudsman, { enquiryReceivedOn: '2026-05-01', ombudsmanReference: '25 001 234', findings: 'Fault', recommendations: '' }),
    ).toEqual({ enquiryReceivedOn: '2026-05-01', ombudsmanReference: '25 001 234', findings: 'Fault', recommendations: undefined });
    expect(issues(RecordOmbudsman, { enquiryReceivedOn: '2026-13-01', ombudsmanReference: 'x'.repeat(101) })).toEqual([
      { path: 'enquiryReceivedOn', message: 'not a real calendar date' },
      { path: 'ombudsmanReference', message: 'at most 100 characters' },
    ]);
  });
});

describe('listing cases (query string)', () => {
  const schema = ListCasesQuery(defaultPolicy);

  it('lists 25 at a time unless asked otherwise', () => {
    expect(parsed(schema, {})).toEqual({ limit: 25 });
  });

  it('reads every filter from query-string text', () => {
    expect(
      parsed(schema, {
        kind: 'complaint',
        status: 'open',
        stage: '2',
        owner: 'ann.example',
        function: 'fleet',
        month: '2026-03',
        channel: 'web',
        overdue: 'true',
        dueWithin: '0',
        limit: '100',
        cursor: 'abc',
      }),
    ).toEqual({
      kind: 'complaint',
      status: 'open',
      stage: 2,
      owner: 'ann.example',
      function: 'fleet',
      month: '2026-03',
      channel: 'web',
      overdue: true,
      dueWithin: 0,
      limit: 100,
      cursor: 'abc',
    });
  });

  it.each(['open', 'closed'])('filters by status=%s', (status) => {
    expect(parsed(schema, { status })).toEqual({ status, limit: 25 });
  });

  it.each(['complaint', 'compliment'])('filters by kind=%s', (kind) => {
    expect(parsed(schema, { kind })).toEqual({ kind, limit: 25 });
  });

  it.each([
    ['true', true],
    ['false', false],
  ])('reads overdue=%s as %s', (overdue, expected) => {
    expect(parsed(schema, { overdue }).overdue).toBe(expected);
  });

  it.each<[string, string, string]>([
    ['overdue', 'yes', 'expected true or false'],
    ['stage', '0', 'expected a stage from 1 to 3'],
    ['stage', String(defaultPolicy.stages.length + 1), 'expected a stage from 1 to 3'],
    ['stage', '1.5', 'expected a stage from 1 to 3'],
    ['stage', 'two', 'expected a stage from 1 to 3'],
    ['month', '2026-13', 'expected a month as YYYY-MM'],
    ['month', '2026-00', 'expected a month as YYYY-MM'],
    ['month', '2026-3', 'expected a month as YYYY-MM'],
    ['month', 'x2026-03', 'expected a month as YYYY-MM'],
    ['month', '2026-03x', 'expected a month as YYYY-MM'],
    ['dueWithin', '-1', 'expected a number of working days from 0 to 250'],
    ['dueWithin', '251', 'expected a number of working days from 0 to 250'],
    ['dueWithin', 'soon', 'expected a number of working days from 0 to 250'],
    ['limit', '0', 'expected a number from 1 to 100'],
    ['limit', '101', 'expected a number from 1 to 100'],
    ['limit', '2.5', 'expected a number from 1 to 100'],
    ['limit', 'all', 'expected a number from 1 to 100'],
    ['dueWithin', '1.5', 'expected a number of working days from 0 to 250'],
    ['sort', 'name', 'unknown field'],
  ])('refuses %s=%s: %s', (field, value, message) => {
    expect(issues(schema, { [field]: value })).toEqual([{ path: field, message }]);
  });

  it('accepts the limits exactly', () => {
    const last = defaultPolicy.stages.length;
    expect(parsed(schema, { stage: '1', dueWithin: '250', limit: '1' })).toEqual({ stage: 1, dueWithin: 250, limit: 1 });
    expect(parsed(schema, { stage: String(last) }).stage).toBe(last);
  });

  it.each(['2026-01', '2026-09', '2026-10', '2026-12'])('accepts the month %s', (month) => {
    expect(parsed(schema, { month }).month).toBe(month);
  });

  it('refuses a cursor over 1,000 characters as not one it gave', () => {
    expect(issues(schema, { cursor: 'x'.repeat(1_001) })).toEqual([{ path: 'cursor', message: 'not a cursor this API gave for this query' }]);
    expect(parsed(schema, { cursor: 'x'.repeat(1_000) }).cursor).toHaveLength(1_000);
  });

  it('names the range of a stage from the policy', () => {
    const two = { ...defaultPolicy, stages: defaultPolicy.stages.slice(0, 2) };
    expect(issues(ListCasesQuery(two), { stage: '3' })).toEqual([{ path: 'stage', message: 'expected a stage from 1 to 2' }]);
  });
});
