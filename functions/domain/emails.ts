import type { Case, Decision } from './case';
import { ConfigurationError, InvalidStateError } from './errors';
import { isEmailAddress, UnsafeHeaderError, type EmailMessage } from './mail';
import type { Policy } from './policy';
import { fill, PLACEHOLDER, text, type Messages } from './texts';

/**
 * How every email the procedure sends (DESIGN.md §2) is made: pure functions of the case, the
 * policy, the texts of the policy's language and what else the message needs. The messages
 * themselves are written, by concept, in customer-letters.ts, staff-notices.ts,
 * consultation-emails.ts, information-review-emails.ts, timescale-emails.ts and
 * reports/monthly-email.ts, each through `customerEmail`, `staffEmail` or `caseStaffEmail` here.
 * Nothing here reads the clock: dates come in as ISO strings.
 *
 * Every word is in the `emails` section of the locale (web/locales/<language>.json, the same file
 * the pages read), with `{name}` where a value goes; the caller reads the file and passes its
 * `Messages`. A missing text, or a `{name}` the email has no value for, throws ConfigurationError
 * naming the key: no email goes out with a key or a placeholder in it. Dates are still written by
 * `dateInWords`/`dateTimeInWords`, in en-GB whatever the language.
 *
 * Safe by construction (DESIGN.md §5):
 * - each message is written once as a list of blocks and rendered twice: plain text (verbatim) and
 *   HTML, where every value goes through the `html` tagged template, which escapes it. There is no
 *   way to put unescaped text into the HTML from outside this file.
 * - subjects are the locale's text plus the case reference (and a stage number), built by
 *   `subjectFrom` (or the `subject` tag), which refuses any value that is not a well-formed reference
 *   or a whole number, and any line break or control character in the result. Nothing a member of
 *   the public typed ever reaches a header.
 *
 * Customer-facing messages return `null` when the customer gave no email address: the caller turns
 * that into a task (letter or phone). Whether the customer *prefers* email is the caller's decision.
 */

/** A member of staff, as the message needs them. */
export interface Person {
  name: string;
  email: string;
}

// ---------------------------------------------------------------------------------------------
// HTML: escape by default

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

const TRUSTED = Symbol('trusted html');

/** Markup that came out of the `html` tag: only this file's own literals and escaped values. */
export class Html {
  readonly #markup: string;
  constructor(token: typeof TRUSTED, markup: string) {
    if (token !== TRUSTED) throw new TypeError('Build Html with the html`...` tag');
    this.#markup = markup;
  }
  toString(): string {
    return this.#markup;
  }
}

export type HtmlValue = Html | string | number | null | undefined | false | readonly HtmlValue[];

function renderValue(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.toString();
  if (Array.isArray(value)) return value.map(renderValue).join('');
  return escapeHtml(String(value));
}

/**
 * Tagged template: the literal parts are markup, every `${value}` is escaped (nested `html`
 * results and arrays of them are kept as they are). Refuses to be called other than as a tag.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  if (!Object.isFrozen(strings) || !Array.isArray(strings.raw)) throw new TypeError('html must be used as a tagged template');
  // Stryker disable next-line StringLiteral: equivalent (a template always has one more string than values); the fallback is for the type checker
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    // Stryker disable next-line StringLiteral: equivalent, as above
    out += renderValue(v) + (strings[i + 1] ?? '');
  });
  return new Html(TRUSTED, out);
}

// ---------------------------------------------------------------------------------------------
// Subjects: fixed text (the locale's) and the reference only

/** What `formatReference` produces: PREFIX-YYYY-NNNNN. */
const REFERENCE = /^[A-Z]{1,8}-\d{4}-\d{5,9}$/;
// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
const HEADER_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Tagged template for subjects: every interpolated value must be a case reference or a whole
 * number (a stage); the result must be one short line with no control character. Throws
 * UnsafeHeaderError otherwise.
 */
export function subject(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  if (!Object.isFrozen(strings) || !Array.isArray(strings.raw)) throw new TypeError('subject must be used as a tagged template');
  values.forEach(checkSubjectValue);
  return checkSubject(strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), ''));
}

function checkSubjectValue(v: string | number): void {
  // Anything else is tested as the very string it turns into.
  const ok = typeof v === 'number' ? Number.isSafeInteger(v) : REFERENCE.test(v);
  if (!ok) throw new UnsafeHeaderError('Only a case reference or a stage number may be put into a subject');
}

function checkSubject(out: string): string {
  if (HEADER_UNSAFE.test(out) || out.length > 200) throw new UnsafeHeaderError('A subject must be one short line');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Dates in words

const DATE_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const CALENDAR_DATE_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

function toDate(iso: string): { date: Date; calendar: boolean } {
  const calendar = CALENDAR_DATE.test(iso);
  const date = new Date(calendar ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(date.getTime()) || (calendar && !date.toISOString().startsWith(iso))) {
    throw new RangeError(`Expected an ISO date or instant, got "${iso}"`);
  }
  return { date, calendar };
}

/**
 * "Tuesday 1 December 2026": a calendar date (YYYY-MM-DD) as it is; an instant (a deadline, say)
 * as the Europe/London day it falls on.
 */
export function dateInWords(iso: string): string {
  const { date, calendar } = toDate(iso);
  const parts = (calendar ? CALENDAR_DATE_PARTS : DATE_PARTS).formatToParts(date);
  // Stryker disable next-line OptionalChaining,StringLiteral: equivalent (these formats always give all four parts); the fallback is for the type checker
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}

/** "Tuesday 1 December 2026 at 14:05" (Europe/London). */
export function dateTimeInWords(iso: string): string {
  const { date, calendar } = toDate(iso);
  return calendar ? dateInWords(iso) : `${dateInWords(iso)} at ${TIME.format(date)}`;
}

// ---------------------------------------------------------------------------------------------
// One message, two renderings

/** A link shows its own target (an address or a URL), so the text and the html say the same. */
export type Inline = string | { link: string } | { strong: string };
export type Block =
  | { p: Inline[] }
  | { heading: string }
  /** Label and value rows; rows without a value are left out. */
  | { facts: Array<[string, string | undefined]> }
  /** Someone's own words (customer or staff free text), line breaks kept. */
  | { quote: string; label: string }
  | { list: Inline[][] }
  /** Lines of a sign-off. */
  | { lines: string[] };

/** Where a link may point: `mailto:` a well-formed address, or an http(s) URL that parses; otherwise nowhere. */
function linkHref(target: string): string | undefined {
  if (isEmailAddress(target)) return `mailto:${target}`;
  const url = URL.canParse(target) ? new URL(target) : undefined;
  return url && (url.protocol === 'https:' || url.protocol === 'http:') ? url.href : undefined;
}

function inlineText(part: Inline): string {
  if (typeof part === 'string') return part;
  if ('strong' in part) return part.strong;
  return part.link;
}

function inlineHtml(part: Inline): Html | string {
  if (typeof part === 'string') return part;
  if ('strong' in part) return html`<strong>${part.strong}</strong>`;
  const href = linkHref(part.link);
  // Only http(s) and mailto links to values that parse as such (linkHref); anything else is shown as text.
  return href ? html`<a href="${href}">${part.link}</a>` : part.link;
}

const lineBreaks = (s: string) => s.split(/\r\n|\r|\n/);

function blockText(b: Block): string {
  if ('p' in b) return b.p.map(inlineText).join('');
  if ('heading' in b) return b.heading;
  if ('facts' in b) return presentFacts(b.facts).map(([k, v]) => `${k}: ${v}`).join('\n');
  if ('quote' in b) return `${b.label}:\n${b.quote}`;
  if ('list' in b) return b.list.map((item) => `- ${item.map(inlineText).join('')}`).join('\n');
  return b.lines.join('\n');
}

const P = 'margin: 0 0 16px 0;';

function blockHtml(b: Block): Html {
  if ('p' in b) return html`<p style="${P}">${b.p.map(inlineHtml)}</p>`;
  if ('heading' in b) return html`<h2 style="font-size: 18px; margin: 24px 0 8px 0;">${b.heading}</h2>`;
  if ('facts' in b) {
    const rows = presentFacts(b.facts).map(
      ([k, v]) => html`<tr><th scope="row" style="text-align: left; vertical-align: top; padding: 2px 16px 2px 0;">${k}</th><td style="padding: 2px 0;">${withBreaks(v)}</td></tr>`,
    );
    return html`<table role="presentation" style="border-collapse: collapse; margin: 0 0 16px 0;">${rows}</table>`;
  }
  if ('quote' in b) {
    return html`<p style="margin: 0 0 4px 0;"><strong>${b.label}</strong></p><blockquote style="margin: 0 0 16px 0; padding: 8px 12px; border-left: 4px solid #b1b4b6; background: #f3f2f1;">${withBreaks(b.quote)}</blockquote>`;
  }
  if ('list' in b) return html`<ul style="${P}">${b.list.map((item) => html`<li>${item.map(inlineHtml)}</li>`)}</ul>`;
  return html`<p style="${P}">${withBreaks(b.lines.join('\n'))}</p>`;
}

function withBreaks(s: string): Html {
  return html`${lineBreaks(s).map((line, i) => (i === 0 ? line : html`<br>${line}`))}`;
}

function presentFacts(rows: Array<[string, string | undefined]>): Array<[string, string]> {
  return rows.filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '');
}

function render(to: string, subjectLine: string, blocks: Block[], w: Words, replyTo?: string): EmailMessage {
  const text = `${blocks.map(blockText).join('\n\n')}\n`;
  const body = html`<!DOCTYPE html>
<html lang="${w.lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${subjectLine}</title></head>
<body style="margin: 0; padding: 16px; font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c;">
<div style="max-width: 640px;">
${blocks.map(blockHtml)}
</div>
</body>
</html>
`;
  const message: EmailMessage = { to: [to], subject: subjectLine, text, html: body.toString() };
  if (replyTo) message.replyTo = replyTo;
  return message;
}

// ---------------------------------------------------------------------------------------------
// The words: the locale's `emails` texts

/** What fills a `{name}`: a string or a number as text, or an inline part that keeps its markup. */
type Value = string | number | { link: string } | { strong: string };
type Values = Readonly<Record<string, Value | undefined>>;

/** The texts of one language as the messages use them; every key is under `emails.`. */
export interface Words {
  /** The language of the html (the locale's `htmlLang`). */
  readonly lang: string;
  /** A text with every `{name}` filled. */
  say(key: string, values?: Values): string;
  /** A text as inline parts: a value that is `{ strong }` or `{ link }` keeps its markup. */
  parts(key: string, values?: Values): Inline[];
  /** A paragraph of one text. */
  p(key: string, values?: Values): Block;
  /** A subject: the text with only a reference or a stage number filled in (`subjectFrom`). */
  subject(key: string, values: Readonly<Record<string, string | number>>): string;
}

/** Splits a text at its `{name}`s; throws if the message has no value for one, naming the key. */
function split(path: string, template: string, values: Values): Inline[] {
  const out: Inline[] = [];
  let at = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const name = m[1]!;
    const value = values[name];
    if (value === undefined) throw new ConfigurationError(`The text at ${path} has {${name}}, which this email does not fill`);
    if (m.index > at) out.push(template.slice(at, m.index));
    out.push(typeof value === 'number' ? String(value) : value);
    at = m.index + m[0].length;
  }
  if (at < template.length) out.push(template.slice(at));
  return out;
}

function wordsOf(messages: Messages): Words {
  const lookup = (key: string) => {
    const path = `emails.${key}`;
    return { path, template: text(messages, path) };
  };
  const parts = (key: string, values: Values = {}) => {
    const { path, template } = lookup(key);
    return split(path, template, values);
  };
  return {
    lang: text(messages, 'htmlLang'),
    parts,
    say: (key, values = {}) => parts(key, values).map(inlineText).join(''),
    p: (key, values = {}) => ({ p: parts(key, values) }),
    subject: (key, values) => {
      const { path, template } = lookup(key);
      return subjectFrom(path, template, values);
    },
  };
}

/**
 * A subject from a text of the locale (`path` names it in errors): every value must be a case
 * reference or a whole number, every `{name}` of the text filled, and the result one short line
 * with no control character. Throws UnsafeHeaderError (a value or the line) or ConfigurationError
 * (a `{name}` without a value).
 */
export function subjectFrom(path: string, template: string, values: Readonly<Record<string, string | number>>): string {
  Object.values(values).forEach(checkSubjectValue);
  split(path, template, values);
  return checkSubject(fill(template, values));
}

// ---------------------------------------------------------------------------------------------
// Pieces every message shares

function referenceOf(c: Case): string {
  if (!REFERENCE.test(c.reference)) throw new UnsafeHeaderError('The case reference is not well formed');
  return c.reference;
}

/** The name of the case's function in the policy; undefined for a function the policy no longer has. */
export function functionName(c: Case, policy: Policy): string | undefined {
  return policy.functions.find((f) => f.id === c.function)?.name;
}

export function stageName(policy: Policy, w: Words, stage: number): string {
  return policy.stages[stage - 1]?.name ?? w.say('common.stage', { stage });
}

function greeting(c: Case, w: Words): Block {
  return { p: [c.customer.name ? w.say('common.greeting', { name: c.customer.name }) : w.say('common.greetingUnnamed')] };
}

function howToReachUs(policy: Policy, w: Words, reference: string): Block[] {
  const o = policy.organisation;
  return [
    { heading: w.say('common.contactHeading') },
    w.p('common.contactIntro', { reference: { strong: reference } }),
    {
      list: [
        w.parts('common.telephone', { phone: o.phone }),
        w.parts('common.email', { email: { link: o.email } }),
        w.parts('common.website', { website: { link: o.website } }),
      ],
    },
  ];
}

function signOff(c: Case, policy: Policy, w: Words): Block {
  // British usage: "Yours sincerely" to a named person, "Yours faithfully" to "Sir or Madam".
  return { lines: [w.say(c.customer.name ? 'common.signOff' : 'common.signOffUnnamed', { organisation: policy.organisation.name })] };
}

function customerMessage(c: Case, policy: Policy, w: Words, subjectLine: string, body: Block[]): EmailMessage | null {
  const to = c.customer.email;
  if (!to) return null;
  const reference = referenceOf(c);
  return render(
    to,
    subjectLine,
    [greeting(c, w), ...body, w.p('common.accessibility'), ...howToReachUs(policy, w, reference), signOff(c, policy, w)],
    w,
    policy.organisation.email,
  );
}

/**
 * A message to the customer written by another module of messages (information-review-emails.ts):
 * greeting, support, how to reach us and sign-off are this file's, so the same escaping holds. Null
 * when the customer gave no email address.
 */
export function customerEmail(c: Case, policy: Policy, texts: Messages, build: (w: Words, reference: string) => { subject: string; blocks: Block[] }): EmailMessage | null {
  const w = wordsOf(texts);
  const { subject: subjectLine, blocks } = build(w, referenceOf(c));
  return customerMessage(c, policy, w, subjectLine, blocks);
}

/**
 * A message to a member of staff written by another module of messages (timescale-emails.ts):
 * `build` gets the texts as Words and returns the subject and the blocks; the greeting, the footer
 * and both renderings are this file's, so the same escaping holds.
 */
export function staffEmail(person: Person, policy: Policy, texts: Messages, build: (w: Words) => { subject: string; blocks: Block[] }): EmailMessage {
  const w = wordsOf(texts);
  const { subject: subjectLine, blocks } = build(w);
  return staffMessage(person, subjectLine, blocks, policy, w);
}

/** A message to a member of staff about a case: `build` gets the words and the case's reference (checked to be well formed). */
export function caseStaffEmail(c: Case, person: Person, policy: Policy, texts: Messages, build: (w: Words, reference: string) => { subject: string; blocks: Block[] }): EmailMessage {
  const reference = referenceOf(c);
  return staffEmail(person, policy, texts, (w) => build(w, reference));
}

function staffMessage(person: Person, subjectLine: string, body: Block[], policy: Policy, w: Words): EmailMessage {
  return render(
    person.email,
    subjectLine,
    [w.p('staff.greeting', { name: person.name }), ...body, { lines: [w.say('staff.footer', { organisation: policy.organisation.name })] }],
    w,
  );
}

/** The case as staff need to see it: facts, then the person's own words. */
export function caseFacts(c: Case, policy: Policy, w: Words, extra: Array<[string, string | undefined]> = []): Block[] {
  const customer = c.customer;
  const label = (key: string) => w.say(`facts.${key}`);
  return [
    {
      facts: [
        [label('reference'), c.reference],
        [label('type'), label(c.kind === 'complaint' ? 'complaint' : 'compliment')],
        [label('received'), dateTimeInWords(c.receivedAt)],
        [label('function'), functionName(c, policy) ?? label('functionUnknown')],
        [label('urgent'), c.urgent ? label('urgentYes') : undefined],
        ...extra,
        [label('incidentDate'), c.incidentDate ? dateInWords(c.incidentDate) : undefined],
        [label('location'), c.location],
        [label('name'), customer.name],
        [label('email'), customer.email],
        [label('telephone'), customer.phone],
        [label('address'), customer.address],
        [label('preferredContact'), customer.preferredContact && customer.preferredContact !== 'none' ? label(`contactBy.${customer.preferredContact}`) : undefined],
        [label('accessibilityNeeds'), customer.accessibilityNeeds],
      ],
    },
    { quote: c.summary, label: label('summary') },
    { quote: c.details, label: label('details') },
  ];
}

/** How to reach a body the customer may go to next (the Ombudsman, the Information Commissioner), from the policy. */
export function contactList(o: Policy['ombudsman'], w: Words): Block {
  const items: Inline[][] = [];
  if (o.phone) items.push(w.parts('common.telephone', { phone: o.phone }));
  if (o.email) items.push(w.parts('common.email', { email: { link: o.email } }));
  if (o.website) items.push(w.parts('common.website', { website: { link: o.website } }));
  return { list: items };
}
