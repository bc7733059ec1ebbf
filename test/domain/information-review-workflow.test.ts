import { beforeEach, describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import type { Case } from '../../functions/domain/case';
import * as rules from '../../functions/domain/case-rules';
import { InvalidStateError } from '../../functions/domain/errors';
import { decideInformationReview, extendInformationReview, referInformationReview } from '../../functions/domain/information-review';
import { informationReviewExtensionNotice, informationReviewLetter, informationReviewReferral, stageEndedByReview } from '../../functions/domain/information-review-emails';
import { defaultPolicy } from '../../functions/domain/policy';
import { closingLetter, closingLetterFailed, deadlinePassed, extensionNotice, prepareStage, REVIEW_WAIT_SECONDS, type WorkflowDeps } from '../../functions/domain/workflow-steps';
import { defaultDirectory } from '../../functions/domain/staff';
import { aStoredCase, ruleContext, staff } from '../support/cases';
import { aComplaintAtStageTwo, people } from '../support/case-mothers';
import { memoryPorts, type MemoryCases, type MemoryMailer, type MemoryState } from '../support/memory-ports';
import { enGB } from '../support/texts';

/**
 * The workflow of a complaint under Legal & Governance's review: no stage runs and no timer moves it
 * (a review is never escalated to stage 2 or 3); an extension tells the customer why, naming the
 * Information Commissioner; the outcome's closing letter names the Information Commissioner, not the
 * Ombudsman, or becomes the Administration Manager's task when there is no email address.
 */

const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
const REF = 'CC-2026-00001';
const ICO = defaultPolicy.informationCommissioner;
const LGO = defaultPolicy.ombudsman;
let cases: MemoryCases;
let mailer: MemoryMailer;
let state: MemoryState;
let clock: Date;
let d: WorkflowDeps;

beforeEach(() => {
  const ports = memoryPorts();
  ({ cases, mailer, state } = ports);
  clock = new Date('2026-03-05T14:00:00Z');
  d = { policy: defaultPolicy, texts: enGB, calendar, ...ports, now: () => clock };
});

async function changed(rule: (c: Case, ctx: rules.RuleContext) => rules.Change, as = staff.admin): Promise<Case> {
  const c = (await cases.get(REF))!;
  const { case: next, event } = rule(c, ruleContext(as, clock));
  await cases.save(next, event, c.version);
  return next;
}

/** A complaint at stage 1 (its owner told), referred for review on Thursday 5 March. */
async function referred(customer: Partial<Case['customer']> | undefined = undefined): Promise<Case> {
  const c = aStoredCase({}, new Date('2026-03-02T10:00:00Z'));
  cases.put(customer ? { ...c, customer: { ...customer, anonymous: false } as Case['customer'] } : c);
  await prepareStage(REF, d);
  mailer.sent.length = 0;
  return changed((c, ctx) => referInformationReview(c, { request: 'foi' }, ctx));
}

describe('while the review runs', () => {
  it('starts no stage, sets no task, and waits a day at a time however far off the deadline is', async () => {
    const c = await referred();
    const plan = await prepareStage(REF, d);
    expect(plan).toEqual({ closed: false, stage: null, waitSeconds: REVIEW_WAIT_SECONDS, version: c.version });
    expect(REVIEW_WAIT_SECONDS).toBe(86_400);
    const after = (await cases.get(REF))!;
    expect(after).toEqual(c);
    expect(after.tasks ?? []).toEqual([]);
  });

  it('asks Legal & Governance to review it, by when and what they may do, with the case; tells the stage 1 owner their stage is over; each once', async () => {
    const c = await referred();
    await prepareStage(REF, d);
    const directory = defaultDirectory(defaultPolicy);
    expect(mailer.sent.map((m) => m.to)).toEqual([[directory.legalGovernance!.email], [directory.functions[0]!.head.email]]);
    const [toTeam, toOwner] = mailer.sent;
    expect(toTeam!.subject).toBe(`Complaint ${REF} referred to you for review`);
    expect(c.informationReview!.deadline).toBe('2026-04-02T22:59:59.999Z');
    expect(toTeam!.text).toContain(`Hello ${directory.legalGovernance!.name}`);
    expect(toTeam!.text).toContain('how we handled a Freedom of Information request. Please review it by Thursday 2 April 2026 (20 working days)');
    expect(toTeam!.text).toContain('extend the review once, by up to 20 working days (40 in all)');
    expect(toTeam!.text).toContain(ICO.name);
    expect(toTeam!.text).toContain(c.summary);
    expect(toTeam!.text).toContain(c.customer.email!);
    expect(toTeam!.text).toContain('Deadline: Thursday 2 April 2026');
    expect(toTeam!.html).toContain(`referred complaint <strong>${REF}</strong> to you`);
    expect(toOwner!.subject).toBe(`Complaint ${REF} has gone to Legal & Governance`);
    expect(toOwner!.text).toContain(`Hello ${directory.functions[0]!.head.name}`);
    expect(toOwner!.text).toContain('Stage 1: Functional Head, which you owned, has ended.');
    expect(toOwner!.text).toContain('You do not need to do anything more on it');
    expect(toOwner!.html).toContain(`Complaint <strong>${REF}</strong> has been referred`);
    // Each day's wait prepares again: nobody is told twice.
    clock = new Date('2026-03-06T14:00:00Z');
    await prepareStage(REF, d);
    expect(mailer.sent).toHaveLength(2);
  });

  it('tells the owner of the stage the referral ended (stage 2\'s, not stage 1\'s), and keeps which letters went', async () => {
    cases.put(aComplaintAtStageTwo('fleet-head', { reference: REF }));
    await changed((c, ctx) => referInformationReview(c, { request: 'eir' }, ctx));
    await prepareStage(REF, d);
    const directory = defaultDirectory(defaultPolicy);
    const fleetHead = directory.functions.find((f) => f.id === 'fleet')!.head;
    expect(mailer.sent.map((m) => m.to[0])).toEqual([directory.legalGovernance!.email, fleetHead.email]);
    expect(mailer.sent[1]!.text).toContain('Stage 2: another Functional Head, which you owned, has ended.');
    expect(Object.keys((await state.get(REF)).letters).sort()).toEqual(['review#referral', 'review#stage-ended#2']);
  });

  it('tells only Legal & Governance of a complaint referred before any stage began', async () => {
    cases.put(aStoredCase({}, new Date('2026-03-02T10:00:00Z')));
    await changed((c, ctx) => referInformationReview(c, { request: 'foi' }, ctx));
    await prepareStage(REF, d);
    expect(mailer.sent.map((m) => m.subject)).toEqual([`Complaint ${REF} referred to you for review`]);
  });

  it.each([
    ['review#referral', 'The referral to Legal & Governance'],
    ['review#stage-ended#1', 'The notice to the owner of stage 1 that it ended'],
  ])('gives the Administration Manager a task for %s when its sending was cut short, naming it, and sends it no more', async (letter, what) => {
    await referred();
    await state.claimLetter(REF, letter, clock.toISOString());
    await prepareStage(REF, d);
    expect(mailer.sent).toHaveLength(1);
    expect(((await cases.get(REF))!.tasks ?? []).map((t) => [t.type, t.note])).toEqual([
      ['email-failed', `${what} may not have gone out (its sending was cut short): check, and send it by hand if not`],
    ]);
  });

  it('writes to the address the directory gives the team, with the Administration Manager\'s note escaped; a stage without an owner tells nobody else', async () => {
    const directory = defaultDirectory(defaultPolicy);
    await d.directory.save({ ...directory, legalGovernance: { id: 'legal-team', name: 'Legal Team', email: 'legal@fire.example' }, version: 1 }, { at: clock.toISOString(), type: 'directory-updated', actor: { type: 'staff', id: 'admin-manager' }, version: 1, data: {} }, 0);
    const c = aStoredCase({}, new Date('2026-03-02T10:00:00Z'));
    cases.put({ ...c, owner: null, stages: [{ number: 1, owner: null, owners: [], startedAt: c.receivedAt, deadline: '2026-03-16T23:59:59.999Z', extendedBy: 0 }], stage: 1 });
    await changed((x, ctx) => referInformationReview(x, { request: 'subject-access', note: 'Asked for <b>all</b> records' }, ctx));
    await prepareStage(REF, d);
    expect(mailer.sent.map((m) => m.to)).toEqual([['legal@fire.example']]);
    expect(mailer.sent[0]!.text).toContain('a subject access request');
    expect(mailer.sent[0]!.text).toContain('Asked for <b>all</b> records');
    expect(mailer.sent[0]!.html).toContain('Asked for &lt;b&gt;all&lt;/b&gt; records');
  });

  it('is never escalated by the timer, even long after its deadline', async () => {
    const c = await referred();
    clock = new Date('2026-06-01T09:00:00Z');
    expect(await deadlinePassed(REF, c.version, d)).toEqual({ escalated: false });
    expect(await cases.get(REF)).toEqual(c);
    expect((await cases.timeline(REF)).map((e) => e.type)).not.toContain('stage-escalated');
    expect(mailer.sent).toEqual([]);
  });

  it('a complaint at a stage is still escalated by its timer (the review changes only reviews)', async () => {
    cases.put(aStoredCase({}, new Date('2026-03-02T10:00:00Z')));
    const plan = await prepareStage(REF, d);
    clock = new Date('2026-03-17T09:00:00Z');
    expect(await deadlinePassed(REF, plan.version, d)).toEqual({ escalated: true });
  });
});

describe('the extension, told to the customer', () => {
  it('names the reason, the new date and the Information Commissioner, not the Ombudsman', async () => {
    await referred();
    await changed((c, ctx) => extendInformationReview(c, { workingDays: 5, reason: 'We are asking the <third party> first' }, ctx), people.legal);
    expect(await extensionNotice(REF, d)).toEqual({ told: true });
    const [m] = mailer.sent;
    expect(m).toMatchObject({ to: ['ann@example.com'], subject: `Your complaint ${REF}: the review needs more time` });
    expect(m!.text).toContain('We are asking the <third party> first');
    expect(m!.html).toContain('We are asking the &lt;third party&gt; first');
    expect(m!.html).toContain(`(reference <strong>${REF}</strong>)`);
    expect(m!.text).toContain('13 April 2026');
    expect(m!.text).toContain(ICO.name);
    expect(m!.text).toContain(ICO.phone!);
    expect(m!.text).not.toContain(LGO.name);
    expect(await extensionNotice(REF, d)).toEqual({ told: true });
    expect(mailer.sent).toHaveLength(1);
  });

  it('gives the Administration Manager the task when the customer has no email address', async () => {
    await referred({ name: 'Ann Example', phone: '01234 567890', preferredContact: 'phone' });
    await changed((c, ctx) => extendInformationReview(c, { workingDays: 5, reason: 'Third party' }, ctx), people.legal);
    expect(await extensionNotice(REF, d)).toEqual({ told: false });
    expect((await cases.get(REF))!.tasks).toEqual([expect.objectContaining({ type: 'email-failed', note: 'Tell the customer about the extension by letter or phone' })]);
  });
});

describe("the review's closing letter", () => {
  it.each<['upheld' | 'partly-upheld' | 'not-upheld', string]>([
    ['upheld', 'We agree with your complaint'],
    ['partly-upheld', 'We agree with part of your complaint'],
    ['not-upheld', 'We have explained the reasons for our decision above'],
  ])('%s: the decision, the response, and the Information Commissioner with its contact details', async (decision, words) => {
    await referred();
    await changed((c, ctx) => decideInformationReview(c, { decision, response: 'We answered your FOI request <late>.' }, ctx), people.legal);
    expect(await closingLetter(REF, d)).toEqual({ sent: true });
    const [m] = mailer.sent;
    expect(m).toMatchObject({ to: ['ann@example.com'], subject: `The review of your complaint ${REF}` });
    expect(m!.text).toContain('Freedom of Information request');
    expect(m!.text).toContain(words);
    expect(m!.html).toContain('We answered your FOI request &lt;late&gt;.');
    expect(m!.html).toContain(`(reference <strong>${REF}</strong>)`);
    expect(m!.html).toContain(`your complaint is <strong>${decision.replace('-', ' ')}</strong>.`);
    expect(m!.text).toContain(`contact the ${ICO.name}`);
    for (const detail of [ICO.phone!, ICO.website!]) expect(m!.text).toContain(detail);
    expect(m!.text).not.toContain(LGO.name);
    expect((await state.get(REF)).letters.closing).toMatchObject({ state: 'sent' });
  });

  it('is the Administration Manager\'s to post when the customer gave no email address', async () => {
    await referred({ name: 'Ann Example', address: '1 High Street', preferredContact: 'letter' });
    await changed((c, ctx) => decideInformationReview(c, { decision: 'upheld', response: 'Sorry' }, ctx), people.legal);
    expect(await closingLetter(REF, d)).toEqual({ sent: false });
    expect((await cases.get(REF))!.tasks).toEqual([expect.objectContaining({ type: 'email-failed', note: 'Send the closing letter by post or phone' })]);
    expect(mailer.sent.map((m) => m.to[0])).toEqual([expect.stringMatching(/^admin-manager@/)]);
  });

  it('after the letter went out, a failure of what followed gives no task', async () => {
    await referred();
    await changed((c, ctx) => decideInformationReview(c, { decision: 'upheld', response: 'Sorry' }, ctx), people.legal);
    await closingLetter(REF, d);
    expect(await closingLetterFailed(REF, d)).toEqual({ sent: true });
  });

  it('the letters refuse a case with no review to write about', () => {
    const c = aStoredCase();
    const notUnder = `${REF} is not under an information-request review`;
    expect(() => informationReviewLetter(c, defaultPolicy, enGB)).toThrow(new InvalidStateError(`${REF} has no review outcome to write to the customer about`));
    expect(() => informationReviewExtensionNotice(c, defaultPolicy, enGB, { newDeadline: '2026-04-09', reason: 'x' })).toThrow(new InvalidStateError(notUnder));
    const team = defaultDirectory(defaultPolicy).legalGovernance!;
    expect(() => informationReviewReferral(c, defaultPolicy, enGB, team)).toThrow(new InvalidStateError(notUnder));
    expect(() => stageEndedByReview(c, defaultPolicy, enGB, { owner: team, stage: 1 })).toThrow(new InvalidStateError(notUnder));
  });

  it.each<['foi' | 'eir' | 'subject-access', string]>([
    ['foi', 'Freedom of Information request'],
    ['eir', 'Environmental Information Regulations request'],
    ['subject-access', 'request for your personal data (subject access request)'],
  ])('names the kind of request: %s', (request, words) => {
    const c: Case = {
      ...aStoredCase(),
      status: 'closed',
      informationReview: { request, referredAt: '', referredBy: 'admin-manager', fromStage: 1, deadline: '2026-04-02T22:59:59.999Z', outcome: { decision: 'upheld', response: 'Sorry', decidedAt: '', decidedBy: 'legal-governance' } },
    };
    expect(informationReviewLetter(c, defaultPolicy, enGB)!.text).toContain(`how we handled your ${words} (reference`);
    expect(informationReviewLetter({ ...c, customer: { preferredContact: 'none', anonymous: true } }, defaultPolicy, enGB)).toBeNull();
  });
});
