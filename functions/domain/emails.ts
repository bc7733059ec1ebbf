import { currentStage, type Case, type Decision } from './case';
import { InvalidStateError } from './errors';
import { isEmailAddress, UnsafeHeaderError, type EmailMessage } from './mail';
import type { Policy } from './policy';

/**
 * Every email the procedure sends (DESIGN.md §2), as pure functions of the case, the policy and what
 * else the message needs. Nothing here reads the clock: dates come in as ISO strings.
 *
 * Safe by construction (DESIGN.md §5):
 * - each message is written once as a list of blocks and rendered twice: plain text (verbatim) and
 *   HTML, where every value goes through the `html` tagged template, which escapes it. There is no
 *   way to put unescaped text into the HTML from outside this file.
 * - subjects are fixed text plus the case reference, built by the `subject` tag, which refuses any
 *   interpolated value that is not a well-formed reference and any line break or control character.
 *   Nothing a member of the public typed ever reaches a header.
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
// Subjects: fixed text and the reference only

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
  for (const v of values) {
    // Anything else is tested as the very string it turns into below.
    const ok = typeof v === 'number' ? Number.isSafeInteger(v) : REFERENCE.test(v);
    if (!ok) throw new UnsafeHeaderError('Only a case reference or a stage number may be put into a subject');
  }
  const out = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
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
type Inline = string | { link: string } | { strong: string };
type Block =
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

function render(to: string, subjectLine: string, blocks: Block[], replyTo?: string): EmailMessage {
  const text = `${blocks.map(blockText).join('\n\n')}\n`;
  const body = html`<!DOCTYPE html>
<html lang="en-GB">
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
// Pieces every message shares

function referenceOf(c: Case): string {
  if (!REFERENCE.test(c.reference)) throw new UnsafeHeaderError('The case reference is not well formed');
  return c.reference;
}

function functionName(c: Case, policy: Policy): string | undefined {
  return policy.functions.find((f) => f.id === c.function)?.name;
}

function stageName(policy: Policy, stage: number): string {
  return policy.stages[stage - 1]?.name ?? `Stage ${stage}`;
}

function greeting(c: Case): Block {
  return { p: [c.customer.name ? `Dear ${c.customer.name},` : 'Dear Sir or Madam,'] };
}

function howToReachUs(policy: Policy, reference: string): Block[] {
  const o = policy.organisation;
  return [
    { heading: 'How to contact us' },
    {
      p: [
        `If you have any questions, please contact us and quote your reference number `,
        { strong: reference },
        '.',
      ],
    },
    {
      list: [
        [`Telephone: ${o.phone}`],
        ['Email: ', { link: o.email }],
        ['Website: ', { link: o.website }],
      ],
    },
  ];
}

const accessibility: Block = {
  p: [
    'If you need this in another format or language, for example large print, Braille or audio, or any other help to take part, please tell us and we will do our best to help.',
  ],
};

function signOff(c: Case, policy: Policy): Block {
  // British usage: "Yours sincerely" to a named person, "Yours faithfully" to "Sir or Madam".
  return { lines: [c.customer.name ? 'Yours sincerely,' : 'Yours faithfully,', 'Customer Complaints and Compliments', policy.organisation.name] };
}

function customerMessage(c: Case, policy: Policy, subjectLine: string, body: Block[]): EmailMessage | null {
  const to = c.customer.email;
  if (!to) return null;
  const reference = referenceOf(c);
  return render(
    to,
    subjectLine,
    [greeting(c), ...body, accessibility, ...howToReachUs(policy, reference), signOff(c, policy)],
    policy.organisation.email,
  );
}

function staffMessage(person: Person, subjectLine: string, body: Block[], policy: Policy): EmailMessage {
  return render(person.email, subjectLine, [
    { p: [`Hello ${person.name},`] },
    ...body,
    { lines: [`${policy.organisation.name}: complaints and compliments system`, 'This is an automatic message. Open the case in the staff console to see its full record.'] },
  ]);
}

/** The case as staff need to see it: facts, then the person's own words. */
function caseFacts(c: Case, policy: Policy, extra: Array<[string, string | undefined]> = []): Block[] {
  const customer = c.customer;
  return [
    {
      facts: [
        ['Reference', c.reference],
        ['Type', c.kind === 'complaint' ? 'Complaint' : 'Compliment'],
        ['Received', dateTimeInWords(c.receivedAt)],
        ['Function', functionName(c, policy) ?? 'Not yet known'],
        ['Urgent', c.urgent ? 'Yes: potential danger to the public' : undefined],
        ...extra,
        ['Incident date', c.incidentDate ? dateInWords(c.incidentDate) : undefined],
        ['Location', c.location],
        ['Name', customer.name],
        ['Email', customer.email],
        ['Telephone', customer.phone],
        ['Address', customer.address],
        ['Prefers contact by', customer.preferredContact === 'none' ? undefined : customer.preferredContact],
        ['Support needs', customer.accessibilityNeeds],
      ],
    },
    { quote: c.summary, label: 'Summary' },
    { quote: c.details, label: 'Details' },
  ];
}

const DECISION_WORDS: Record<Decision, string> = {
  upheld: 'upheld',
  'partly-upheld': 'partly upheld',
  'not-upheld': 'not upheld',
};

function ombudsmanContact(policy: Policy): Block {
  const o = policy.ombudsman;
  const items: Inline[][] = [];
  if (o.phone) items.push([`Telephone: ${o.phone}`]);
  if (o.email) items.push(['Email: ', { link: o.email }]);
  if (o.website) items.push(['Website: ', { link: o.website }]);
  return { list: items };
}

// ---------------------------------------------------------------------------------------------
// To the customer

/**
 * Step 2: the acknowledgement, with the reference and what happens next; with `trackingUrl`, the
 * private link to the case's progress page (only ever in this email: the case keeps its hash).
 */
export function acknowledgement(c: Case, policy: Policy, input: { stageOneDeadline: string; trackingUrl?: string }): EmailMessage | null {
  const ref = referenceOf(c);
  const fn = functionName(c, policy);
  return customerMessage(c, policy, subject`We have received your complaint: reference ${ref}`, [
    {
      p: [
        `Thank you for contacting ${policy.organisation.name}. We received your complaint on ${dateInWords(c.receivedOn)}. Your reference number is `,
        { strong: ref },
        '. Please quote it whenever you contact us about your complaint.',
      ],
    },
    { quote: c.summary, label: 'Your complaint' },
    { heading: 'What happens next' },
    {
      p: [
        fn
          ? `We have passed your complaint to the Functional Head responsible for ${fn}, who will look into it.`
          : 'We will pass your complaint to the Functional Head responsible, who will look into it.',
        ' The investigating officer may contact you to discuss it.',
      ],
    },
    {
      p: [
        'We aim to reply to you by ',
        { strong: dateInWords(input.stageOneDeadline) },
        '. If we cannot do so, we will let you know and explain why.',
      ],
    },
    { p: ['Before we come to a decision, we may send you our draft findings so that you can comment on them.'] },
    ...(input.trackingUrl
      ? [
          {
            p: [
              'You can see where your complaint stands, and read and answer our draft findings, at: ',
              { link: input.trackingUrl },
              ". Keep this link private: anyone who has it can see your complaint's progress.",
            ],
          },
        ]
      : []),
    {
      p: [
        'If something has gone wrong, we will say sorry, put things right as far as we can, and learn from the experience to improve our service.',
      ],
    },
  ]);
}

/** Step 2 for a compliment: thank you. */
export function complimentThanks(c: Case, policy: Policy): EmailMessage | null {
  const ref = referenceOf(c);
  const fn = functionName(c, policy);
  return customerMessage(c, policy, subject`Thank you for your compliment: reference ${ref}`, [
    {
      p: [
        `Thank you for taking the time to tell us about your experience of ${policy.organisation.name}. We received your compliment on ${dateInWords(c.receivedOn)} and recorded it with the reference number `,
        { strong: ref },
        '.',
      ],
    },
    {
      p: [
        fn
          ? `We have passed your kind words to the Head of ${fn}, so that the people involved hear them.`
          : 'We will pass your kind words to the people involved.',
        ' We learn from what we do well as well as from our mistakes.',
      ],
    },
  ]);
}

/** Throughout: an owner extended the deadline; tell the customer why and the new date. */
export function extensionNotice(c: Case, policy: Policy, input: { newDeadline: string; reason: string }): EmailMessage | null {
  const ref = referenceOf(c);
  return customerMessage(c, policy, subject`Your complaint ${ref}: we need more time`, [
    {
      p: [
        'We are sorry, but we need more time to finish looking into your complaint (reference ',
        { strong: ref },
        `), which we received on ${dateInWords(c.receivedOn)}.`,
      ],
    },
    { quote: input.reason, label: 'Why we need more time' },
    {
      p: ['We now aim to reply to you by ', { strong: dateInWords(input.newDeadline) }, '. If we cannot do so, we will let you know and explain why.'],
    },
  ]);
}

/** Closure: the decision, the response, any apology or remedy, and how to take it further. */
export function closingLetter(c: Case, policy: Policy): EmailMessage | null {
  const ref = referenceOf(c);
  const outcome = c.outcome;
  if (!outcome) throw new InvalidStateError(`${c.reference} has no outcome to write to the customer about`);
  const agreed = outcome.decision !== 'not-upheld';
  const laterStage = outcome.stage < policy.stages.length;
  const blocks: Block[] = [
    {
      p: [
        `We have finished looking into your complaint (reference `,
        { strong: ref },
        `), which we received on ${dateInWords(c.receivedOn)}. Our decision: your complaint is `,
        { strong: DECISION_WORDS[outcome.decision] },
        '.',
      ],
    },
    { quote: outcome.response, label: 'Our response' },
  ];
  if (agreed) {
    blocks.push({
      p: [
        outcome.decision === 'upheld'
          ? 'We agree with your complaint, and we are sorry.'
          : 'We agree with part of your complaint, and we are sorry for what went wrong.',
        ' We will learn from what happened to improve our service.',
      ],
    });
    if (outcome.remedy) blocks.push({ quote: outcome.remedy, label: 'What we will do to put things right' });
  } else {
    blocks.push({
      p: ['We have explained the reasons for our decision above. We hope this helps you understand matters better, even if some of your concerns remain.'],
    });
  }
  blocks.push({ heading: 'If you are not satisfied' });
  blocks.push({
    p: [
      outcome.decision === 'upheld' ? 'If you remain unhappy' : 'If you disagree with our decision or remain unhappy',
      laterStage
        ? ', please tell us why, quoting your reference number, and ask us to look at your complaint again. It will be passed to someone who has not been involved so far.'
        : ', you have been through every stage of our complaints procedure.',
    ],
  });
  blocks.push({
    p: [
      laterStage ? 'If you are still not satisfied after that, you can ' : 'You can now ',
      `take your complaint to the ${policy.ombudsman.name}, which is independent and free to use:`,
    ],
  });
  blocks.push(ombudsmanContact(policy));
  return customerMessage(c, policy, subject`Our response to your complaint ${ref}`, blocks);
}

/** Step 11: every stage has run and the complaint is not resolved: the customer may go to the Ombudsman. */
export function ombudsmanLetter(c: Case, policy: Policy): EmailMessage | null {
  const ref = referenceOf(c);
  return customerMessage(c, policy, subject`Your complaint ${ref}: how to contact the Ombudsman`, [
    {
      p: [
        'We are sorry that we have not been able to resolve your complaint (reference ',
        { strong: ref },
        `), which we received on ${dateInWords(c.receivedOn)}. It has now been through every stage of our complaints procedure.`,
      ],
    },
    {
      p: [
        `If you remain unhappy, it is now your right to take your complaint to the ${policy.ombudsman.name}. The Ombudsman is independent of us and free to use. Please give them your reference number `,
        { strong: ref },
        '.',
      ],
    },
    ombudsmanContact(policy),
    { p: ['If the Ombudsman contacts us, we will work with them and tell you what happens.'] },
  ]);
}

// ---------------------------------------------------------------------------------------------
// To staff

/** A compliment for a function goes to its Head. */
export function complimentNotice(c: Case, policy: Policy, head: Person): EmailMessage {
  const ref = referenceOf(c);
  return staffMessage(
    head,
    subject`Compliment received: ${ref}`,
    [
      { p: [`${policy.organisation.name} has received a compliment about your function. Please pass it on to the people involved.`] },
      ...caseFacts(c, policy),
    ],
    policy,
  );
}

/** An urgent submission (potential danger to the public): the Duty Officer, at once. */
export function urgentNotice(c: Case, policy: Policy, dutyOfficer: Person): EmailMessage {
  const ref = referenceOf(c);
  return staffMessage(
    dutyOfficer,
    subject`URGENT: possible danger to the public, ${ref}`,
    [
      {
        p: [
          { strong: 'Act now.' },
          ` A submission marked urgent was received on ${dateTimeInWords(c.receivedAt)}: the person says it is a potential danger to the public.`,
        ],
      },
      {
        list: [
          ['Read the details below and take the action needed to keep the public safe.'],
          ['Contact the person if you need to, using the details they gave.'],
          [`Record what you did on ${ref} in the staff console.`],
        ],
      },
      ...caseFacts(c, policy),
    ],
    policy,
  );
}

/** Stages 1 to 3: the new owner of a stage. */
export function stageOwnerNotice(c: Case, policy: Policy, input: { stage: number; owner: Person; deadline: string }): EmailMessage {
  const ref = referenceOf(c);
  const stage = input.stage;
  return staffMessage(
    input.owner,
    subject`You own stage ${stage} of complaint ${ref}`,
    [
      {
        p: [
          `You now own stage ${stage} of complaint `,
          { strong: ref },
          ` (${stageName(policy, stage)}). Please resolve it by `,
          { strong: dateInWords(input.deadline) },
          '.',
        ],
      },
      {
        list: [
          ['Contact the customer to discuss the complaint and ask how they would prefer to be contacted.'],
          ['Before you decide, you may share draft findings with the customer for comment.'],
          ['Record the outcome (upheld, partly upheld or not upheld), any apology or remedy, and the lessons learned.'],
          ['If you need more time, extend the deadline with a written reason: the customer will be told why.'],
          ['If further action is needed that you cannot take, say so, and the complaint will be passed on.'],
        ],
      },
      ...caseFacts(c, policy, [['Stage', stageName(policy, stage)], ['Deadline', dateInWords(input.deadline)]]),
    ],
    policy,
  );
}

export type AdminTask = 'acknowledge-by-letter' | 'acknowledge-by-phone' | 'acknowledgement-email-failed' | 'assign-owner';

const TASKS: Record<AdminTask, { what: (ref: string) => string; subject: (ref: string) => string }> = {
  'acknowledge-by-letter': {
    what: (ref) => `Send the acknowledgement of ${ref}, with its reference number, by letter to the address below.`,
    subject: (ref) => subject`Task: acknowledge ${ref} by letter`,
  },
  'acknowledge-by-phone': {
    what: (ref) => `Telephone the customer to acknowledge ${ref} and give them its reference number, then record that you did.`,
    subject: (ref) => subject`Task: acknowledge ${ref} by telephone`,
  },
  'acknowledgement-email-failed': {
    what: (ref) => `The acknowledgement email for ${ref} could not be sent. Acknowledge it another way (letter or telephone), and check the email address.`,
    subject: (ref) => subject`Task: the acknowledgement email for ${ref} failed`,
  },
  'assign-owner': {
    what: (ref) => `${ref} needs an owner: pass it to the right Functional Head or Deputy (or the Duty Officer if neither is available).`,
    subject: (ref) => subject`Task: assign an owner to ${ref}`,
  },
};

/** A task for the Administration Manager. */
export function adminTask(c: Case, policy: Policy, admin: Person, input: { task: AdminTask; due: string }): EmailMessage {
  const ref = referenceOf(c);
  const task = TASKS[input.task];
  return staffMessage(
    admin,
    task.subject(ref),
    [{ p: [task.what(ref)] }, { p: ['Due by ', { strong: dateInWords(input.due) }, '.'] }, ...caseFacts(c, policy)],
    policy,
  );
}

/** The case moved on to the next stage. */
export function escalationNotice(
  c: Case,
  policy: Policy,
  admin: Person,
  input: { fromStage: number; toStage: number; why: 'deadline' | 'further-action'; deadline: string },
): EmailMessage {
  const ref = referenceOf(c);
  const because =
    input.why === 'deadline'
      ? `stage ${input.fromStage} was not resolved by its deadline`
      : `the owner of stage ${input.fromStage} said further action is needed`;
  return staffMessage(
    admin,
    subject`Complaint ${ref} has moved to stage ${input.toStage}`,
    [
      {
        p: [
          `Complaint `,
          { strong: ref },
          ` has moved from stage ${input.fromStage} to stage ${input.toStage} (${stageName(policy, input.toStage)}) because ${because}. The new deadline is `,
          { strong: dateInWords(input.deadline) },
          '.',
        ],
      },
      { p: ['Please make sure the new stage has an owner and monitor the timescale.'] },
      ...caseFacts(c, policy),
    ],
    policy,
  );
}

function stageFacts(c: Case, policy: Policy, deadline: string): Array<[string, string | undefined]> {
  const stage = currentStage(c);
  return [
    ['Stage', stage ? stageName(policy, stage.number) : 'Acknowledgement'],
    ['Owner', c.owner ?? undefined],
    ['Deadline', dateInWords(deadline)],
  ];
}

/** Step 6: a deadline is near. */
export function deadlineWarning(c: Case, policy: Policy, admin: Person, input: { deadline: string }): EmailMessage {
  const ref = referenceOf(c);
  return staffMessage(
    admin,
    subject`Deadline approaching for ${ref}`,
    [
      { p: [`The deadline for `, { strong: ref }, ' is ', { strong: dateInWords(input.deadline) }, '. Please check it is on track.'] },
      ...caseFacts(c, policy, stageFacts(c, policy, input.deadline)),
    ],
    policy,
  );
}

/** Step 6: a deadline was missed. */
export function deadlineMissed(c: Case, policy: Policy, admin: Person, input: { deadline: string }): EmailMessage {
  const ref = referenceOf(c);
  return staffMessage(
    admin,
    subject`Deadline missed for ${ref}`,
    [
      {
        p: [
          `The deadline for `,
          { strong: ref },
          ' was ',
          { strong: dateInWords(input.deadline) },
          ' and it has passed. Please follow it up; if the customer has not been told, tell them why and when they can expect a reply.',
        ],
      },
      ...caseFacts(c, policy, stageFacts(c, policy, input.deadline)),
    ],
    policy,
  );
}
