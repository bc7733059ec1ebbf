import { describe, expect, it } from 'vitest';
import {
  answerPage,
  firstUnanswered,
  FORM_PAGES,
  incidentDateOf,
  isFormPage,
  isQuestionPage,
  keptLength,
  nextPage,
  pageOfField,
  pagesFor,
  previousPage,
  problemsOfAll,
  QUESTION_PAGES,
  toSubmissionBody,
  type Answers,
} from '../../functions/domain/form-journey';
import { defaultPolicy as policy } from '../../functions/domain/policy';
import { parseSubmission } from '../../functions/domain/submission';

const today = '2026-11-30';
const complaint: Answers = {
  kind: 'complaint',
  urgent: 'no',
  summary: 'Fire engine blocked my driveway',
  details: 'For two hours\non Monday.',
  preferredContact: 'email',
  email: 'ann@example.com',
};

const answer = (page: Parameters<typeof answerPage>[0], form: Record<string, string>, before: Answers = {}) => answerPage(page, form, before, policy, today);
const problems = (page: Parameters<typeof answerPage>[0], form: Record<string, string>, before: Answers = {}) =>
  answer(page, form, before).errors.map((e) => `${e.name}:${e.problem}@${e.field}${e.values ? `:${JSON.stringify(e.values)}` : ''}`);

describe('the pages of the form', () => {
  it('asks a complaint whether it is urgent, and a compliment not', () => {
    expect(pagesFor({ kind: 'complaint' })).toEqual(['type', 'urgent', 'what-happened', 'when-and-where', 'service', 'contact', 'support']);
    expect(pagesFor({ kind: 'compliment' })).toEqual(['type', 'what-happened', 'when-and-where', 'service', 'contact', 'support']);
    expect(pagesFor({})).toEqual([...QUESTION_PAGES]);
  });

  it('goes from each page to the next, and from the last to the check page', () => {
    expect(nextPage('type', { kind: 'complaint' })).toBe('urgent');
    expect(nextPage('type', { kind: 'compliment' })).toBe('what-happened');
    expect(nextPage('urgent', { kind: 'complaint' })).toBe('what-happened');
    expect(nextPage('contact', {})).toBe('support');
    expect(nextPage('support', {})).toBe('check');
  });

  it('goes back to the page before, none before the first, and from the check page to the last question', () => {
    expect(previousPage('type', {})).toBeUndefined();
    expect(previousPage('what-happened', { kind: 'compliment' })).toBe('type');
    expect(previousPage('what-happened', { kind: 'complaint' })).toBe('urgent');
    expect(previousPage('check', {})).toBe('support');
    expect(previousPage('confirmation', {})).toBe('support');
    expect(previousPage('urgent', { kind: 'compliment' })).toBeUndefined();
  });

  it('finds the first page not answered yet, skipping pages this person is not asked', () => {
    expect(firstUnanswered([], {})).toBe('type');
    expect(firstUnanswered(['type'], { kind: 'compliment' })).toBe('what-happened');
    expect(firstUnanswered(['type'], { kind: 'complaint' })).toBe('urgent');
    expect(firstUnanswered([...QUESTION_PAGES], { kind: 'complaint' })).toBeUndefined();
    expect(firstUnanswered(['type', 'what-happened', 'when-and-where', 'service', 'contact', 'support'], { kind: 'compliment' })).toBeUndefined();
  });

  it('knows its pages by name', () => {
    expect(FORM_PAGES).toEqual([...QUESTION_PAGES, 'check', 'confirmation']);
    expect(isFormPage('check')).toBe(true);
    expect(isFormPage('confirmation')).toBe(true);
    expect(isFormPage('nope')).toBe(false);
    expect(isQuestionPage('support')).toBe(true);
    expect(isQuestionPage('check')).toBe(false);
  });

  it('names the page that asks each field of the submission', () => {
    expect(pageOfField('kind')).toBe('type');
    expect(pageOfField('urgent')).toBe('urgent');
    expect(pageOfField('summary')).toBe('what-happened');
    expect(pageOfField('incidentDate')).toBe('when-and-where');
    expect(pageOfField('function')).toBe('service');
    expect(pageOfField('email')).toBe('contact');
    expect(pageOfField('accessibilityNeeds')).toBe('support');
    expect(pageOfField('nothing')).toBeUndefined();
  });
});

describe('each page checks its answers as the API would', () => {
  it('complaint or compliment is required', () => {
    expect(problems('type', {})).toEqual(['kind:required@kind']);
    expect(problems('type', { kind: 'grumble' })).toEqual(['kind:required@kind']);
    expect(problems('type', { kind: 'compliment' })).toEqual([]);
    expect(problems('type', { kind: 'complaint' })).toEqual([]);
  });

  it('a compliment forgets an urgent answer given as a complaint', () => {
    expect(answer('type', { kind: 'compliment' }, { kind: 'complaint', urgent: 'yes' }).answers).toEqual({ kind: 'compliment' });
    expect(answer('type', { kind: 'complaint' }, { kind: 'complaint', urgent: 'yes' }).answers).toEqual({ kind: 'complaint', urgent: 'yes' });
  });

  it('urgent is yes or no', () => {
    expect(problems('urgent', {})).toEqual(['urgent:required@urgent']);
    expect(problems('urgent', { urgent: 'maybe' })).toEqual(['urgent:required@urgent']);
    expect(problems('urgent', { urgent: 'yes' })).toEqual([]);
    expect(problems('urgent', { urgent: 'no' })).toEqual([]);
  });

  it('what happened: both texts required, within the API limits, the summary on one line', () => {
    expect(problems('what-happened', {})).toEqual(['summary:required@summary', 'details:required@details']);
    expect(problems('what-happened', { summary: '   ', details: '\n\n' })).toEqual(['summary:required@summary', 'details:required@details']);
    expect(problems('what-happened', { summary: 'x'.repeat(201), details: 'y'.repeat(10_001) })).toEqual([
      'summary:tooLong@summary:{"max":200}',
      'details:tooLong@details:{"max":10000}',
    ]);
    expect(problems('what-happened', { summary: 'x'.repeat(200), details: 'y'.repeat(10_000) })).toEqual([]);
    expect(problems('what-happened', { summary: 'two\nlines', details: 'bad \u0007 bell' })).toEqual(['summary:invalid@summary', 'details:invalid@details']);
  });

  it('when and where: an optional date that must be whole, real, not in the future', () => {
    expect(problems('when-and-where', {})).toEqual([]);
    expect(problems('when-and-where', { incidentDay: ' ', incidentMonth: '', incidentYear: '' })).toEqual([]);
    expect(problems('when-and-where', { incidentDay: '3', incidentMonth: '11', incidentYear: '2026' })).toEqual([]);
    expect(problems('when-and-where', { incidentDay: '30', incidentMonth: '11', incidentYear: '2026' })).toEqual([]);
    expect(problems('when-and-where', { incidentDay: '3' })).toEqual(['incidentDate:incomplete@incidentMonth']);
    expect(problems('when-and-where', { incidentDay: '3', incidentMonth: '11' })).toEqual(['incidentDate:incomplete@incidentYear']);
    expect(problems('when-and-where', { incidentMonth: '11', incidentYear: '2026' })).toEqual(['incidentDate:incomplete@incidentDay']);
    expect(problems('when-and-where', { incidentDay: '31', incidentMonth: '2', incidentYear: '2026' })).toEqual(['incidentDate:invalid@incidentDay']);
    expect(problems('when-and-where', { incidentDay: 'x', incidentMonth: '2', incidentYear: '2026' })).toEqual(['incidentDate:invalid@incidentDay']);
    expect(problems('when-and-where', { incidentDay: '1', incidentMonth: '2', incidentYear: '26' })).toEqual(['incidentDate:invalid@incidentDay']);
    expect(problems('when-and-where', { incidentDay: '1x', incidentMonth: '2', incidentYear: '2026' })).toEqual(['incidentDate:invalid@incidentDay']);
    expect(problems('when-and-where', { incidentDay: '1', incidentMonth: '+2', incidentYear: '2026' })).toEqual(['incidentDate:invalid@incidentDay']);
    expect(problems('when-and-where', { incidentDay: '1', incidentMonth: '2', incidentYear: '02026' })).toEqual(['incidentDate:invalid@incidentDay']);
    expect(problems('when-and-where', { incidentDay: ' 03 ', incidentMonth: ' 2', incidentYear: ' 2026 ' })).toEqual([]);
    expect(problems('when-and-where', { incidentDay: '1', incidentMonth: '12', incidentYear: '2026' })).toEqual(['incidentDate:future@incidentDay']);
    expect(problems('when-and-where', { incidentDay: '31', incidentMonth: '12', incidentYear: '1899' })).toEqual(['incidentDate:tooOld@incidentDay']);
    expect(problems('when-and-where', { incidentDay: '1', incidentMonth: '1', incidentYear: '1900' })).toEqual([]);
    expect(problems('when-and-where', { location: 'x'.repeat(501) })).toEqual(['location:tooLong@location:{"max":500}']);
    expect(problems('when-and-where', { location: 'a\nb' })).toEqual(['location:invalid@location']);
    expect(problems('when-and-where', { location: 'x'.repeat(500) })).toEqual([]);
  });

  it('the date is built from its three parts, padded', () => {
    expect(incidentDateOf({ incidentDay: '3', incidentMonth: '1', incidentYear: '2026' })).toBe('2026-01-03');
    expect(incidentDateOf({ incidentDay: '03', incidentMonth: '01', incidentYear: ' 2026' })).toBe('2026-01-03');
    expect(incidentDateOf({ incidentDay: ' 13 ', incidentMonth: '12', incidentYear: '2026' })).toBe('2026-12-13');
    expect(incidentDateOf({ incidentDay: '3', incidentMonth: '1' })).toBeUndefined();
    expect(incidentDateOf({ incidentMonth: '1', incidentYear: '2026' })).toBeUndefined();
    expect(incidentDateOf({ incidentDay: '3', incidentYear: '2026' })).toBeUndefined();
  });

  it('which part of the service: optional, one of the policy functions or "I do not know"', () => {
    expect(problems('service', {})).toEqual([]);
    expect(problems('service', { function: 'unknown' })).toEqual([]);
    expect(problems('service', { function: 'operations' })).toEqual([]);
    expect(problems('service', { function: 'catering' })).toEqual(['function:invalid@function']);
    expect(problems('service', { function: ' ' })).toEqual([]);
  });

  it('contact: a complaint needs a way to reply and its details; a compliment may need none', () => {
    const c = { kind: 'complaint' };
    expect(problems('contact', {}, c)).toEqual(['preferredContact:required@preferredContact']);
    expect(problems('contact', { preferredContact: 'none' }, c)).toEqual(['preferredContact:required@preferredContact']);
    expect(problems('contact', { preferredContact: 'pigeon' }, { kind: 'compliment' })).toEqual(['preferredContact:requiredCompliment@preferredContact']);
    expect(problems('contact', { preferredContact: 'none' }, { kind: 'compliment' })).toEqual([]);
    expect(problems('contact', { preferredContact: 'email' }, c)).toEqual(['email:required@email']);
    expect(problems('contact', { preferredContact: 'email', email: 'not an address' }, c)).toEqual(['email:invalid@email']);
    expect(problems('contact', { preferredContact: 'email', email: `${'a'.repeat(250)}@b.co` }, c)).toEqual(['email:tooLong@email:{"max":254}']);
    expect(problems('contact', { preferredContact: 'email', email: 'ann@example.com' }, c)).toEqual([]);
    expect(problems('contact', { preferredContact: 'phone' }, c)).toEqual(['phone:required@phone']);
    expect(problems('contact', { preferredContact: 'phone', phone: 'call me' }, c)).toEqual(['phone:invalid@phone']);
    expect(problems('contact', { preferredContact: 'phone', phone: '0'.repeat(31) }, c)).toEqual(['phone:invalid@phone']);
    expect(problems('contact', { preferredContact: 'phone', phone: '01632 960 001' }, c)).toEqual([]);
    expect(problems('contact', { preferredContact: 'letter' }, c)).toEqual(['address:required@address']);
    expect(problems('contact', { preferredContact: 'letter', address: 'x'.repeat(501) }, c)).toEqual(['address:tooLong@address:{"max":500}']);
    expect(problems('contact', { preferredContact: 'letter', address: '1 High Street\nLuton LU1 1AA' }, c)).toEqual([]);
    expect(problems('contact', { preferredContact: 'letter', address: '1 High St', name: 'x'.repeat(201) }, c)).toEqual(['name:tooLong@name:{"max":200}']);
    expect(problems('contact', { preferredContact: 'letter', address: '1 High St', name: 'Ann\nB' }, c)).toEqual(['name:invalid@name']);
  });

  it('contact keeps only the details of the chosen way to reply', () => {
    const before = { kind: 'complaint', email: 'old@example.com', phone: '01632 960 001', address: '1 High St' };
    expect(answer('contact', { preferredContact: 'phone', phone: '01632 960 002', email: 'x@example.com' }, before).answers).toEqual({
      kind: 'complaint',
      preferredContact: 'phone',
      phone: '01632 960 002',
    });
    expect(answer('contact', { preferredContact: 'letter', address: '2 High St' }, before).answers).toEqual({ kind: 'complaint', preferredContact: 'letter', address: '2 High St' });
    expect(answer('contact', { preferredContact: 'none' }, { ...before, kind: 'compliment' }).answers).toEqual({ kind: 'compliment', preferredContact: 'none' });
  });

  it('support needs: optional, within the limit', () => {
    expect(problems('support', {})).toEqual([]);
    expect(problems('support', { accessibilityNeeds: 'Large print, please' })).toEqual([]);
    expect(problems('support', { accessibilityNeeds: 'x'.repeat(1_001) })).toEqual(['accessibilityNeeds:tooLong@accessibilityNeeds:{"max":1000}']);
    expect(problems('support', { accessibilityNeeds: 'bad \u0000' })).toEqual(['accessibilityNeeds:invalid@accessibilityNeeds']);
  });

  it("reads only the page's own fields, keeps answers as typed even with problems, and forgets a field emptied", () => {
    const { answers } = answer('what-happened', { summary: 'x'.repeat(201), details: 'kept', kind: 'compliment', csrf: 't' }, { kind: 'complaint', location: 'Luton' });
    expect(answers).toStrictEqual({ kind: 'complaint', location: 'Luton', summary: 'x'.repeat(201), details: 'kept' });
    expect(answer('when-and-where', { location: '' }, { location: 'Luton', incidentDay: '1' }).answers).toStrictEqual({});
    expect(answer('what-happened', { summary: 's', details: 'd', website: 'http://spam' }).answers).toStrictEqual({ summary: 's', details: 'd', website: 'http://spam' });
  });

  it('only the contact page drops other ways to reply, and only the type page forgets urgency', () => {
    const before = { kind: 'compliment', urgent: 'yes', preferredContact: 'email', email: 'a@example.com', phone: '01632 960 001' };
    expect(answer('support', { accessibilityNeeds: 'Large print' }, before).answers).toStrictEqual({ ...before, accessibilityNeeds: 'Large print' });
  });
});

describe('what the form keeps of an answer', () => {
  it('keeps twice the limit of a text, and 100 characters of anything else', () => {
    expect(keptLength('details')).toBe(20_000);
    expect(keptLength('summary')).toBe(400);
    expect(keptLength('email')).toBe(508);
    for (const field of ['kind', 'urgent', 'incidentDay', 'function', 'preferredContact', 'phone', 'website'] as const) expect(keptLength(field), field).toBe(100);
  });

  it('keeps a text a little too long as typed, with its problem, so it can be cut down on the page', () => {
    const details = 'x'.repeat(10_500);
    const { answers, errors } = answer('what-happened', { summary: 'Blocked drive', details });
    expect(answers.details).toBe(details);
    expect(errors.map((e) => `${e.name}:${e.problem}`)).toEqual(['details:tooLong']);
  });

  it('cuts what is longer than it keeps (a session holds a bounded amount, whatever is posted)', () => {
    const { answers, errors } = answer('what-happened', { summary: 's'.repeat(401), details: 'd'.repeat(60_000) });
    expect(answers.summary).toBe('s'.repeat(400));
    expect(answers.details).toBe('d'.repeat(20_000));
    expect(errors.map((e) => `${e.name}:${e.problem}`)).toEqual(['summary:tooLong', 'details:tooLong']);
    expect(answer('type', { kind: 'k'.repeat(60_000) }).answers.kind).toBe('k'.repeat(100));
    expect(answer('type', { kind: 'k'.repeat(100) }).answers.kind).toBe('k'.repeat(100));
  });

  it('never cuts between the two halves of a character', () => {
    // 399 characters, then a fire engine (two UTF-16 units) across the cut at 400.
    const summary = `${'s'.repeat(399)}🚒🚒`;
    expect(answer('what-happened', { summary, details: 'd' }).answers.summary).toBe('s'.repeat(399));
    // A whole character before the cut stays whole, and the cut keeps all it may.
    expect(answer('what-happened', { summary: `🚒${'s'.repeat(500)}`, details: 'd' }).answers.summary).toBe(`🚒${'s'.repeat(398)}`);
    // Only a cut is tidied: an answer within what is kept stays exactly as typed.
    expect(answer('what-happened', { summary: 'ab\ud83d', details: 'd' }).answers.summary).toBe('ab\ud83d');
    expect(answer('what-happened', { summary: `${'s'.repeat(399)}\ud83d`, details: 'd' }).answers.summary).toBe(`${'s'.repeat(399)}\ud83d`);
  });
});

describe('the answers as a submission', () => {
  it('builds the body the API takes, and the API takes it', () => {
    const a: Answers = { ...complaint, incidentDay: '3', incidentMonth: '11', incidentYear: '2026', location: ' Luton ', function: 'operations', name: 'Ann', accessibilityNeeds: 'Large print' };
    const body = toSubmissionBody(a);
    expect(body).toStrictEqual({
      kind: 'complaint',
      summary: complaint.summary,
      details: complaint.details,
      urgent: false,
      name: 'Ann',
      email: 'ann@example.com',
      preferredContact: 'email',
      function: 'operations',
      incidentDate: '2026-11-03',
      location: 'Luton',
      accessibilityNeeds: 'Large print',
    });
    const { submission, isBot } = parseSubmission(body, policy, today);
    expect(isBot).toBe(false);
    expect(submission).toMatchObject({ kind: 'complaint', incidentDate: '2026-11-03', preferredContact: 'email', anonymous: false });
  });

  it('urgent only for a complaint answered yes; "I do not know" and "no reply" send nothing', () => {
    expect(toSubmissionBody({ ...complaint, urgent: 'yes' }).urgent).toBe(true);
    expect(toSubmissionBody({ ...complaint, kind: 'compliment', urgent: 'yes' }).urgent).toBe(false);
    const body = toSubmissionBody({ kind: 'compliment', summary: 's', details: 'd', function: 'unknown', preferredContact: 'none' });
    expect(body).toStrictEqual({ kind: 'compliment', summary: 's', details: 'd', urgent: false });
    expect(parseSubmission(body, policy, today).submission.anonymous).toBe(true);
  });

  it('passes the honeypot on, so that the API treats a bot as a bot', () => {
    expect(parseSubmission(toSubmissionBody({ ...complaint, website: 'http://spam' }), policy, today).isBot).toBe(true);
  });

  it('the check page finds every page with problems, and none when all will do', () => {
    expect(problemsOfAll({ ...complaint, incidentDay: '3' }, policy, today)).toEqual([
      { page: 'when-and-where', errors: [{ name: 'incidentDate', field: 'incidentMonth', problem: 'incomplete' }] },
    ]);
    expect(problemsOfAll(complaint, policy, today)).toEqual([]);
    expect(problemsOfAll({ kind: 'compliment' }, policy, today).map((p) => p.page)).toEqual(['what-happened', 'contact']);
  });
});
