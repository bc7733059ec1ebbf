import type * as z from './zod';
import type { Policy } from './policy';
import { functionIdsOf, isRealDate, LIMITS, submissionFields } from './submission';

/**
 * The public form as question pages (the GOV.UK pattern): which pages a person sees, in what order,
 * what each asks, and whether an answer will do. Each answer is checked by the same zod field
 * schemas as POST /api/public/submissions (submission.ts), so a page never accepts what the API
 * would refuse; only the words of the messages differ (they come from the locale, by key). Pure:
 * the answers are kept by the caller between pages.
 */

export const QUESTION_PAGES = ['type', 'urgent', 'what-happened', 'when-and-where', 'service', 'contact', 'support'] as const;
export type QuestionPage = (typeof QUESTION_PAGES)[number];
export type FormPage = QuestionPage | 'check' | 'confirmation';
export const FORM_PAGES: readonly FormPage[] = [...QUESTION_PAGES, 'check', 'confirmation'];

/** What a person typed, as typed, so that a page shows it back exactly. */
export interface Answers {
  kind?: string;
  urgent?: string;
  summary?: string;
  details?: string;
  /** The honeypot: hidden from people; only bots fill it. */
  website?: string;
  incidentDay?: string;
  incidentMonth?: string;
  incidentYear?: string;
  location?: string;
  function?: string;
  name?: string;
  preferredContact?: string;
  email?: string;
  phone?: string;
  address?: string;
  accessibilityNeeds?: string;
}

export type AnswerField = keyof Answers;

/** The form fields each page asks for (the names of its inputs). */
export const PAGE_FIELDS: Readonly<Record<QuestionPage, readonly AnswerField[]>> = {
  type: ['kind'],
  urgent: ['urgent'],
  'what-happened': ['summary', 'details', 'website'],
  'when-and-where': ['incidentDay', 'incidentMonth', 'incidentYear', 'location'],
  service: ['function'],
  contact: ['name', 'preferredContact', 'email', 'phone', 'address'],
  support: ['accessibilityNeeds'],
};

/** The answer of `service` for "I do not know". */
export const UNKNOWN_FUNCTION = 'unknown';
/** The answer of `contact` for a compliment that needs no reply. */
export const NO_REPLY = 'none';

/**
 * One problem with an answer: `field` is the input the error summary links to, `problem` the
 * locale's key under the page's `errors.<name>` (required, tooLong, invalid, ...), `name` the
 * answer it is about, and `values` what the message fills in (`{max}`).
 */
export interface FieldError {
  name: string;
  field: string;
  problem: string;
  values?: Record<string, string | number>;
}

export const isQuestionPage = (page: string): page is QuestionPage => (QUESTION_PAGES as readonly string[]).includes(page);
export const isFormPage = (page: string): page is FormPage => (FORM_PAGES as readonly string[]).includes(page);

/** The question pages this person sees, in order: only a complaint is asked whether it is urgent. */
export function pagesFor(answers: Answers): QuestionPage[] {
  return QUESTION_PAGES.filter((p) => p !== 'urgent' || answers.kind !== 'compliment');
}

/** The page after `page`; after the last question, the check-answers page. */
export function nextPage(page: QuestionPage, answers: Answers): FormPage {
  const pages = pagesFor(answers);
  return pages[pages.indexOf(page) + 1] ?? 'check';
}

/** The page before `page` (for the Back link); none before the first. */
export function previousPage(page: FormPage, answers: Answers): QuestionPage | undefined {
  const pages = pagesFor(answers);
  if (page === 'check' || page === 'confirmation') return pages.at(-1);
  // The first page (index 0) and a page not asked (-1) have none: pages[-1] and pages[-2] are undefined.
  return pages[pages.indexOf(page) - 1];
}

/** The first page of the journey not answered yet: where someone jumping ahead is sent back to. */
export function firstUnanswered(answered: readonly string[], answers: Answers): QuestionPage | undefined {
  return pagesFor(answers).find((p) => !answered.includes(p));
}

type Fields = ReturnType<typeof submissionFields>;

/** The locale's problem key for what a field schema said: the schema's words are for programs. */
export function problemOf(message: string): string {
  if (message === 'required') return 'required';
  if (message.startsWith('at most')) return 'tooLong';
  return 'invalid';
}

/** The problem of one answer (its input has the answer's name), if any; `max` is the limit a too-long answer is told. */
function check(schema: z.ZodMiniType, value: unknown, name: string, max?: number): FieldError | undefined {
  const result = schema.safeParse(value);
  if (result.success) return undefined;
  const problem = problemOf(result.error.issues[0]!.message);
  return problem === 'tooLong' ? { name, field: name, problem, values: { max: max! } } : { name, field: name, problem };
}

/** Form values trimmed, and blank ones left out (a blank optional answer is no answer). */
function given(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

function dateProblem(day: string | undefined, month: string | undefined, year: string | undefined, today: string): string | undefined {
  const parts = [day, month, year].map(given);
  if (parts.every((p) => p === undefined)) return undefined;
  if (parts.some((p) => p === undefined)) return 'incomplete';
  // Anything but digits (or a year not of four) makes a date no calendar has.
  const iso = incidentDateOf({ incidentDay: day, incidentMonth: month, incidentYear: year })!;
  if (parts[2]!.length !== 4 || !isRealDate(iso)) return 'invalid';
  if (iso < '1900-01-01') return 'tooOld';
  if (iso > today) return 'future';
  return undefined;
}

/** The date of the date input as YYYY-MM-DD, when all three parts are given. */
export function incidentDateOf(a: Pick<Answers, 'incidentDay' | 'incidentMonth' | 'incidentYear'>): string | undefined {
  const [d, m, y] = [given(a.incidentDay), given(a.incidentMonth), given(a.incidentYear)];
  if (!d || !m || !y) return undefined;
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** The checks of one page's answers. `today` is the Europe/London date (an incident cannot be in the future). */
function problems(page: QuestionPage, a: Answers, f: Fields, today: string): FieldError[] {
  const out: Array<FieldError | undefined> = [];
  switch (page) {
    case 'type':
      if (a.kind !== 'complaint' && a.kind !== 'compliment') out.push({ name: 'kind', field: 'kind', problem: 'required' });
      break;
    case 'urgent':
      if (a.urgent !== 'yes' && a.urgent !== 'no') out.push({ name: 'urgent', field: 'urgent', problem: 'required' });
      break;
    case 'what-happened':
      out.push(check(f.summary, a.summary ?? '', 'summary', LIMITS.summary));
      out.push(check(f.details, a.details ?? '', 'details', LIMITS.details));
      break;
    case 'when-and-where': {
      const problem = dateProblem(a.incidentDay, a.incidentMonth, a.incidentYear, today);
      if (problem) {
        // The summary links to the first part of the date that needs changing.
        const first = !given(a.incidentDay) || problem !== 'incomplete' ? 'incidentDay' : !given(a.incidentMonth) ? 'incidentMonth' : 'incidentYear';
        out.push({ name: 'incidentDate', field: first, problem });
      }
      out.push(check(f.location, given(a.location), 'location', LIMITS.location));
      break;
    }
    case 'service':
      if (a.function !== UNKNOWN_FUNCTION) out.push(check(f.function, given(a.function), 'function'));
      break;
    case 'contact': {
      out.push(check(f.name, given(a.name), 'name', LIMITS.name));
      const choices: ReadonlyArray<string | undefined> = a.kind === 'compliment' ? ['email', 'phone', 'letter', NO_REPLY] : ['email', 'phone', 'letter'];
      if (!choices.includes(a.preferredContact)) {
        out.push({ name: 'preferredContact', field: 'preferredContact', problem: a.kind === 'compliment' ? 'requiredCompliment' : 'required' });
        break;
      }
      // Only the chosen way's field is checked (and kept: see answerPage).
      const chosen = { email: 'email', phone: 'phone', letter: 'address' }[a.preferredContact as 'email' | 'phone' | 'letter'] as 'email' | 'phone' | 'address' | undefined;
      if (chosen) {
        const value = given(a[chosen]);
        // A telephone number is never too long, only malformed: it has no limit to tell.
        const max = chosen === 'phone' ? undefined : LIMITS[chosen];
        out.push(value === undefined ? { name: chosen, field: chosen, problem: 'required' } : check(f[chosen], value, chosen, max));
      }
      break;
    }
    case 'support':
      out.push(check(f.accessibilityNeeds, given(a.accessibilityNeeds), 'accessibilityNeeds', LIMITS.accessibilityNeeds));
      break;
  }
  return out.filter((e): e is FieldError => e !== undefined);
}

const fieldsCache = new WeakMap<Policy, Fields>();
function fieldsFor(policy: Policy): Fields {
  let f = fieldsCache.get(policy);
  // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent, building the schemas again on every call only costs time
  if (!f) fieldsCache.set(policy, (f = submissionFields(functionIdsOf(policy))));
  return f;
}

/**
 * Takes a page's form values: only the page's own fields are read (anything else in the form is
 * ignored), and the answers are kept as typed even when they have problems, so the page shows them
 * back. On the contact page, only the chosen way to reply is kept: details given for another way
 * and then changed are not sent.
 */
export function answerPage(page: QuestionPage, form: Readonly<Record<string, string>>, before: Answers, policy: Policy, today: string): { answers: Answers; errors: FieldError[] } {
  const answers: Answers = { ...before };
  for (const field of PAGE_FIELDS[page]) {
    const value = form[field];
    if (value === undefined || value === '') delete answers[field];
    else answers[field] = kept(field, value);
  }
  if (page === 'contact') {
    const keep = { email: 'email', phone: 'phone', letter: 'address' }[answers.preferredContact as 'email' | 'phone' | 'letter'];
    for (const way of ['email', 'phone', 'address'] as const) if (way !== keep) delete answers[way];
  }
  if (page === 'type' && answers.kind === 'compliment') delete answers.urgent;
  return { answers, errors: problems(page, answers, fieldsFor(policy), today) };
}

/**
 * The most of an answer the form keeps, in characters: twice a text's limit, so that a text pasted a
 * little too long is shown back with its problem and can be cut down there; a short line for the
 * rest (a choice, a part of a date, a telephone number), which no longer one could answer. Without
 * it a session kept whatever was posted, and seven pages of 60 KB made it too large to store (503).
 */
export const keptLength = (field: AnswerField): number => (Object.hasOwn(LIMITS, field) ? LIMITS[field as keyof typeof LIMITS] * 2 : 100);

/** `value` cut to what the form keeps of `field` (never in the middle of a surrogate pair). */
function kept(field: AnswerField, value: string): string {
  const max = keptLength(field);
  if (value.length <= max) return value;
  const cut = value.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** Every page's problems, for the check-answers page: none means the answers can be sent. */
export function problemsOfAll(answers: Answers, policy: Policy, today: string): Array<{ page: QuestionPage; errors: FieldError[] }> {
  return pagesFor(answers)
    .map((page) => ({ page, errors: problems(page, answers, fieldsFor(policy), today) }))
    .filter((p) => p.errors.length > 0);
}

/** The answers as the body of POST /api/public/submissions (receiveSubmission validates it again). */
export function toSubmissionBody(a: Answers): Record<string, unknown> {
  const body: Record<string, unknown> = {
    kind: a.kind,
    summary: a.summary,
    details: a.details,
    urgent: a.kind === 'complaint' && a.urgent === 'yes',
  };
  const optional: Record<string, string | undefined> = {
    name: given(a.name),
    email: given(a.email),
    phone: given(a.phone),
    address: given(a.address),
    preferredContact: a.preferredContact === NO_REPLY ? undefined : given(a.preferredContact),
    function: a.function === UNKNOWN_FUNCTION ? undefined : given(a.function),
    incidentDate: incidentDateOf(a),
    location: given(a.location),
    accessibilityNeeds: given(a.accessibilityNeeds),
    website: a.website,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) body[k] = v;
  return body;
}

/** The page that asks for a field of the submission (to send someone back from the check page). */
export function pageOfField(field: string): QuestionPage | undefined {
  if (field === 'incidentDate') return 'when-and-where';
  return QUESTION_PAGES.find((p) => (PAGE_FIELDS[p] as readonly string[]).includes(field));
}
