import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import type { Case } from '../../functions/domain/case';
import * as rules from '../../functions/domain/case-rules';
import { ConcurrentUpdateError, InvalidStateError, TrackingLinkNotFoundError, ValidationError, WorkflowUnavailableError } from '../../functions/domain/errors';
import { defaultPolicy } from '../../functions/domain/policy';
import { defaultDirectory } from '../../functions/domain/staff';
import {
  commentOnDraftFindings,
  hashTrackingToken,
  isWellFormedTrackingToken,
  openTrackedCase,
  progressOf,
  trackingUrl,
  type CommentDeps,
} from '../../functions/domain/tracking';
import { aClosedComplaint, aComplaintAtStageOne, aComplaintAtStageTwo, aNewComplaint, STAGE_2_STARTED } from '../support/case-mothers';
import { ruleContext, staff } from '../support/cases';
import { memoryPorts, type MemoryCases, type MemoryDirectory, type MemoryState, type MemoryTrackingLinks, type MemoryWorkflow } from '../support/memory-ports';
import { enGB } from '../support/texts';

/**
 * The private tracking link (DESIGN.md §1, §5): a token only its holder knows, kept as its hash,
 * opening one case while it is that case's current, unrevoked link; and the customer's comments on
 * draft findings, sent from the page it opens.
 */

const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
const REF = 'CC-2026-00001';
const TOKEN = 'dGhlIHRyYWNraW5nIHBhZ2Ugb2Ygb25lIGNhc2UsIDM';
const OTHER = 'YW5vdGhlciB0b2tlbiBmb3IgYW5vdGhlciBsaW5r-_E';
const ISSUED = '2026-03-02T10:05:00.000Z';

let cases: MemoryCases;
let directory: MemoryDirectory;
let state: MemoryState;
let workflow: MemoryWorkflow;
let trackingLinks: MemoryTrackingLinks;
let clock: Date;
let d: CommentDeps;

beforeEach(() => {
  const ports = memoryPorts();
  ({ cases, directory, state, workflow, trackingLinks } = ports);
  clock = new Date('2026-03-06T09:00:00Z');
  d = { policy: defaultPolicy, texts: enGB, calendar, ...ports, now: () => clock };
});

/** Stores `c` carrying the link of `token` (its hash recorded too), as the acknowledgement leaves it. */
async function linked(c: Case, token = TOKEN, link: Partial<NonNullable<Case['trackingLink']>> = {}): Promise<Case> {
  const hash = hashTrackingToken(token);
  await trackingLinks.put(hash, c.reference, ISSUED);
  return cases.put({ ...c, trackingLink: { hash, issuedAt: ISSUED, ...link } });
}

/** What the page's handler gets for every refusal: one error, one message, whatever the reason. */
async function refused(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TrackingLinkNotFoundError);
  expect(error).toMatchObject({ name: 'TrackingLinkNotFoundError', message: 'No such page' });
}

describe('the token', () => {
  it.each([
    ['32 random bytes in base64url', randomBytes(32).toString('base64url'), true],
    ['every base64url character', TOKEN, true],
    ['with - and _', OTHER, true],
    ['one character short', TOKEN.slice(1), false],
    ['one character too many', `${TOKEN}A`, false],
    ['a leading space', ` ${TOKEN.slice(1)}`, false],
    ['a trailing line break', `${TOKEN.slice(1)}\n`, false],
    ['a space before it', ` ${TOKEN}`, false],
    ['a line break after it', `${TOKEN}\n`, false],
    ['base64 +', `+${TOKEN.slice(1)}`, false],
    ['base64 /', `${TOKEN.slice(1)}/`, false],
    ['padding', `${TOKEN.slice(1)}=`, false],
    ['a dot', `${TOKEN.slice(0, 20)}.${TOKEN.slice(21)}`, false],
    ['empty', '', false],
  ])('is well formed or not: %s', (_what, token, ok) => {
    expect(isWellFormedTrackingToken(token)).toBe(ok);
  });

  it.each([undefined, null, 43, ['x'.repeat(43)]])('is not a token unless it is a string: %s', (value) => {
    expect(isWellFormedTrackingToken(value)).toBe(false);
  });

  it('is kept as its SHA-256 hash in lower-case hex', () => {
    expect(hashTrackingToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashTrackingToken(TOKEN)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashTrackingToken(TOKEN)).not.toBe(hashTrackingToken(OTHER));
  });

  it.each([
    ['https://complaints.example', 'https://complaints.example/track/T'],
    ['https://complaints.example/', 'https://complaints.example/track/T'],
    ['https://complaints.example//', 'https://complaints.example/track/T'],
    ['https://fire.example/complaints/', 'https://fire.example/complaints/track/T'],
    ['http://localhost:3000', 'http://localhost:3000/track/T'],
  ])('makes the page address from the public URL %s', (publicUrl, url) => {
    expect(trackingUrl(publicUrl, 'T')).toBe(url);
  });
});

describe('openTrackedCase: only the current, unrevoked link opens the case', () => {
  it('opens the case its token was issued for, with its timeline, its letters and who the Duty Officer is', async () => {
    const c = await linked(aComplaintAtStageOne());
    await state.settleLetter(REF, 'ack', { state: 'sent', at: ISSUED });
    const tracked = await openTrackedCase(TOKEN, d);
    expect(tracked).toEqual({
      case: c,
      timeline: await cases.timeline(REF),
      letters: { ack: { state: 'sent', at: ISSUED } },
      dutyOfficer: 'duty-officer',
    });
    expect(tracked.timeline.map((e) => e.type)).toEqual(['received']);
  });

  it('names the Duty Officer of the directory as the Administration Manager saved it', async () => {
    await linked(aComplaintAtStageOne());
    directory.stored = { ...defaultDirectory(defaultPolicy), dutyOfficer: { id: 'dee.duty', name: 'Dee Duty', email: 'dee@fire.example' }, version: 2 };
    expect((await openTrackedCase(TOKEN, d)).dutyOfficer).toBe('dee.duty');
  });

  it.each([
    ['a malformed token', async () => `${TOKEN}=`],
    ['a token too short', async () => TOKEN.slice(0, 42)],
    ['a well-formed token never issued', async () => OTHER],
    ['an altered token', async () => `${TOKEN.slice(0, 42)}${TOKEN.at(-1) === 'A' ? 'B' : 'A'}`],
    [
      'a revoked link',
      async () => {
        const c = (await cases.get(REF))!;
        cases.put({ ...c, trackingLink: { ...c.trackingLink!, revokedAt: '2026-03-04T09:00:00.000Z' } });
        return TOKEN;
      },
    ],
    [
      'a link the case no longer carries (replaced by a later one)',
      async () => {
        await trackingLinks.put(hashTrackingToken(OTHER), REF, ISSUED);
        return OTHER;
      },
    ],
    [
      'a link recorded for a case that carries none',
      async () => {
        await trackingLinks.put(hashTrackingToken(OTHER), 'CC-2026-00002', ISSUED);
        cases.put({ ...aNewComplaint(), reference: 'CC-2026-00002' });
        return OTHER;
      },
    ],
    [
      'a link whose case is not stored',
      async () => {
        await trackingLinks.put(hashTrackingToken(OTHER), 'CC-2026-09999', ISSUED);
        return OTHER;
      },
    ],
  ])('refuses %s with the same answer as any other', async (_what, arrange) => {
    await linked(aComplaintAtStageOne());
    await refused(openTrackedCase(await arrange(), d));
  });

  it('does not look for a case when the hash is unknown', async () => {
    let reads = 0;
    const counting = { ...d, cases: { get: async (ref: string) => (reads++, cases.get(ref)), timeline: (ref: string) => cases.timeline(ref) } };
    await linked(aComplaintAtStageOne());
    await refused(openTrackedCase(OTHER, counting));
    expect(reads).toBe(0);
    await openTrackedCase(TOKEN, counting);
    expect(reads).toBe(1);
  });

  it('does not look a malformed token up', async () => {
    let lookups = 0;
    const counting = { ...d, trackingLinks: { referenceOf: async () => (lookups++, REF) } };
    await linked(aComplaintAtStageOne());
    await refused(openTrackedCase(`${TOKEN.slice(0, 42)}+`, counting));
    expect(lookups).toBe(0);
    await refused(openTrackedCase(OTHER, counting));
    expect(lookups).toBe(1);
  });
});

describe('commentOnDraftFindings: the customer answers the draft findings from the page', () => {
  const DRAFT = { sharedAt: '2026-03-05T14:00:00.000Z', sharedBy: 'operations-head', stage: 1, findings: 'The crew parked lawfully.' };
  const withDraft = (overrides: Partial<Case> = {}) => aComplaintAtStageOne('operations-head', { draftFindings: [DRAFT], version: 3, ...overrides });

  it('records the comments as received today, from the public, and tells the waiting workflow', async () => {
    await linked(withDraft());
    await state.update(REF, { taskToken: 'waiting' });
    const progress = await commentOnDraftFindings(TOKEN, { comments: '  They blocked my drive for two hours.\nI have photos. ' }, d);

    const c = (await cases.get(REF))!;
    expect(c.version).toBe(4);
    expect(c.draftFindings).toEqual([
      { ...DRAFT, comments: { receivedOn: '2026-03-06', text: 'They blocked my drive for two hours.\nI have photos.', recordedAt: clock.toISOString(), recordedBy: 'public' } },
    ]);
    const event = (await cases.timeline(REF)).at(-1)!;
    expect(event).toEqual({ reference: REF, at: clock.toISOString(), type: 'draft-comments-recorded', actor: { type: 'public' }, version: 4, data: { draft: 1, receivedOn: '2026-03-06' } });
    expect(workflow.signals).toEqual([{ reference: REF, event: 'draft-comments-recorded' }]);
    expect(progress.draft).toEqual({
      number: 1,
      sharedAt: DRAFT.sharedAt,
      findings: DRAFT.findings,
      comments: { text: 'They blocked my drive for two hours.\nI have photos.', receivedOn: '2026-03-06' },
      canComment: false,
    });
    expect(progress.state).toBe('investigating');
  });

  it('answers the page as it now stands, as a fresh read would', async () => {
    const c = await linked(withDraft());
    const { case: next, event } = rules.extendDeadline(c, { workingDays: 2, reason: 'A witness' }, ruleContext(staff.opsHead, new Date('2026-03-05T15:00:00Z')));
    await cases.save(next, event, c.version);
    const progress = await commentOnDraftFindings(TOKEN, { comments: 'Fine' }, d);
    expect(progress).toEqual(progressOf(await openTrackedCase(TOKEN, d), defaultPolicy, enGB));
    expect(progress.extensions).toEqual([{ stage: 1, from: '2026-03-16T23:59:59.999Z', to: '2026-03-18T23:59:59.999Z', reason: 'A witness', at: '2026-03-05T15:00:00.000Z' }]);
  });

  it('dates the comments by the London calendar (after 23:00 GMT in summer it is already tomorrow)', async () => {
    clock = new Date('2026-03-31T23:30:00Z');
    await linked(withDraft());
    await commentOnDraftFindings(TOKEN, { comments: 'Late at night' }, d);
    expect((await cases.get(REF))!.draftFindings[0]!.comments!.receivedOn).toBe('2026-04-01');
  });

  it('keeps the comments when the workflow cannot be told (it reads the case at its next step)', async () => {
    await linked(withDraft());
    await state.update(REF, { taskToken: 'waiting' });
    workflow.failSignalOnce(new WorkflowUnavailableError('down'));
    const progress = await commentOnDraftFindings(TOKEN, { comments: 'Still here' }, d);
    expect(progress.draft?.comments?.text).toBe('Still here');
    expect((await cases.get(REF))!.version).toBe(4);
  });

  it('answers a link that opens nothing before it looks at the body', async () => {
    await linked(withDraft());
    await refused(commentOnDraftFindings(OTHER, { comments: 'Fine' }, d));
    await refused(commentOnDraftFindings(OTHER, { nonsense: true }, d));
    await refused(commentOnDraftFindings('not a token', { comments: 'Fine' }, d));
    expect((await cases.get(REF))!.version).toBe(3);
  });

  it.each([
    ['no comments', {}, [['comments', 'required']]],
    ['blank comments', { comments: ' \n ' }, [['comments', 'required']]],
    ['comments too long', { comments: 'x'.repeat(10_001) }, [['comments', 'at most 10000 characters']]],
    ['a field the page does not send', { comments: 'Fine', receivedOn: '2026-01-01' }, [['receivedOn', 'unknown field']]],
    ['not an object', 'Fine', [['', 'Invalid input: expected object, received string']]],
  ])('refuses %s, naming the field', async (_what, body, issues) => {
    await linked(withDraft());
    const error = await commentOnDraftFindings(TOKEN, body, d).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => [i.path, i.message])).toEqual(issues);
    expect((await cases.get(REF))!.version).toBe(3);
  });

  it.each([
    ['no draft shared', aComplaintAtStageOne()],
    ['the draft already answered', withDraft({ draftFindings: [{ ...DRAFT, comments: { receivedOn: '2026-03-05', text: 'Done', recordedAt: '2026-03-05T15:00:00.000Z', recordedBy: 'admin-manager' } }] })],
    ['a draft of an earlier stage', aComplaintAtStageTwo('fleet-head', { draftFindings: [DRAFT] })],
    ['a closed complaint', aClosedComplaint({ draftFindings: [DRAFT] })],
    ['a complaint not yet in a stage', aNewComplaint({ draftFindings: [{ ...DRAFT }] })],
  ])('says plainly there is nothing to comment on: %s', async (_what, c) => {
    await linked(c);
    await expect(commentOnDraftFindings(TOKEN, { comments: 'Fine' }, d)).rejects.toThrow(new InvalidStateError('There are no draft findings waiting for your comments'));
    expect(workflow.signals).toEqual([]);
  });

  it('refuses to write over a change made since the page read the case', async () => {
    await linked(withDraft());
    const racing: CommentDeps = {
      ...d,
      cases: {
        timeline: (ref) => cases.timeline(ref),
        save: (...args) => cases.save(...args),
        get: async (ref) => {
          const read = await cases.get(ref);
          // A member of staff changes the case just after the page read it.
          const staffChange = { ...read!, location: 'Luton', version: 4 };
          await cases.save(staffChange, { reference: REF, at: STAGE_2_STARTED, type: 'details-updated', actor: { type: 'staff', id: 'admin-manager' }, version: 4, data: {} }, 3);
          return read;
        },
      },
    };
    await state.update(REF, { taskToken: 'waiting' });
    await expect(commentOnDraftFindings(TOKEN, { comments: 'Fine' }, racing)).rejects.toThrow(ConcurrentUpdateError);
    expect((await cases.get(REF))!.draftFindings[0]!.comments).toBeUndefined();
    expect(workflow.signals).toEqual([]);
  });
});
