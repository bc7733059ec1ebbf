import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMessages } from '../../functions/config/locale-source';
import { newCase, type Case, type Decision } from '../../functions/domain/case';
import { consultationDecisionNotice } from '../../functions/domain/consultation-emails';
import { informationReviewExtensionNotice, informationReviewLetter, informationReviewReferral, stageEndedByReview } from '../../functions/domain/information-review-emails';
import * as emails from '../../functions/domain/emails';
import * as letters from '../../functions/domain/customer-letters';
import * as notices from '../../functions/domain/staff-notices';
import { ConfigurationError } from '../../functions/domain/errors';
import { UnsafeHeaderError, type EmailMessage } from '../../functions/domain/mail';
import { defaultPolicy, type Policy } from '../../functions/domain/policy';
import { parseSubmission } from '../../functions/domain/submission';
import { text, type Messages } from '../../functions/domain/texts';
import { deadlineReminder, timescaleDigest } from '../../functions/domain/timescale-emails';
import type { DueDeadline } from '../../functions/domain/timescale-monitor';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import { collateMonth } from '../../functions/domain/reports/monthly';
import { monthlyReportEmail } from '../../functions/domain/reports/monthly-email';
import { aComplaint, aCompliment } from '../support/mothers';
import { enGB, LOCALES } from '../support/texts';

/*
 * The emails' words come from the `emails` section of the locale (web/locales/<language>.json):
 * every text there is used, every `{name}` in it filled, a missing one fails naming its key, and
 * another language is another file, read by its name.
 */

const REF = 'CC-2026-00042';
const DEADLINE = '2026-06-15T22:59:59.999Z';
const staff = { name: 'Pat Staff', email: 'pat@bedsfire.example' };
const noOmbudsmanContact: Policy = { ...defaultPolicy, ombudsman: { name: defaultPolicy.ombudsman.name } };

function aCase(overrides: Record<string, unknown> = {}, kind: Case['kind'] = 'complaint'): Case {
  const body = kind === 'complaint' ? aComplaint(overrides) : aCompliment({ email: 'bob@example.com', ...overrides });
  const { submission } = parseSubmission(body, defaultPolicy, '2026-06-01');
  return newCase(submission, { reference: REF, receivedAt: new Date('2026-06-01T09:00:00Z'), receivedOn: '2026-06-01', acknowledgeBy: new Date(DEADLINE), channel: 'web' });
}

function atStage(c: Case, number: number): Case {
  const stage = { number, owner: 'operations-head', owners: ['operations-head'], startedAt: c.receivedAt, deadline: DEADLINE, extendedBy: 0 };
  return { ...c, stage: number, owner: 'operations-head', nextDeadline: DEADLINE, stages: [stage] };
}

function closed(c: Case, stage: number, decision: Decision, remedy?: string): Case {
  return { ...c, status: 'closed', closure: 'resolved', outcome: { stage, decision, response: 'Our answer.', remedy, decidedAt: '2026-06-12T10:00:00Z', decidedBy: 'operations-head' } };
}

/** Every email in every shape it takes (each branch that picks a different text), with `texts`. */
function everyEmail(texts: Messages): Array<[string, () => EmailMessage | null]> {
  const complaints: Array<[string, Case]> = [
    ['named, with a function', aCase()],
    ['unnamed, no function, contact by phone', aCase({ name: undefined, function: undefined, preferredContact: 'phone' })],
    ['urgent, contact by letter', aCase({ urgent: true, preferredContact: 'letter' })],
  ];
  const out: Array<[string, () => EmailMessage | null]> = [];
  for (const [what, c] of complaints) {
    const p = defaultPolicy;
    out.push(
      [`acknowledgement (${what})`, () => letters.acknowledgement(c, p, texts, { stageOneDeadline: DEADLINE })],
      [`acknowledgement with its link (${what})`, () => letters.acknowledgement(c, p, texts, { stageOneDeadline: DEADLINE, trackingUrl: 'https://complaints.example/track/abc' })],
      [`extension notice (${what})`, () => letters.extensionNotice(c, p, texts, { newDeadline: DEADLINE, reason: 'A witness is away.' })],
      [`Ombudsman letter (${what})`, () => letters.ombudsmanLetter(c, p, texts)],
      [`urgent notice (${what})`, () => notices.urgentNotice(c, p, texts, staff)],
    );
    for (const stage of [1, 2, 3, 4]) {
      out.push([`stage ${stage} owner notice (${what})`, () => notices.stageOwnerNotice(c, p, texts, { stage, owner: staff, deadline: DEADLINE })]);
    }
    for (const task of notices.ADMIN_TASKS) {
      out.push([`task ${task} (${what})`, () => notices.adminTask(c, p, texts, staff, { task, due: DEADLINE })]);
    }
    for (const why of ['deadline', 'further-action'] as const) {
      out.push([`escalation for ${why} (${what})`, () => notices.escalationNotice(c, p, texts, staff, { fromStage: 3, toStage: 4, why, deadline: DEADLINE })]);
    }
    for (const stage of [1, 3]) {
      for (const decision of ['upheld', 'partly-upheld', 'not-upheld'] as const) {
        for (const remedy of ['Our remedy.', undefined]) {
          out.push([`closing letter, stage ${stage}, ${decision}, remedy ${remedy !== undefined} (${what})`, () => letters.closingLetter(closed(c, stage, decision, remedy), p, texts)]);
        }
      }
    }
    out.push([`closing letter without the Ombudsman's telephone (${what})`, () => letters.closingLetter(closed(c, 1, 'upheld'), noOmbudsmanContact, texts)]);
  }
  for (const [what, c] of [
    ['named, with a function', aCase({ name: 'Bob Example', function: 'operations' }, 'compliment')],
    ['unnamed, no function', aCase({}, 'compliment')],
  ] as const) {
    out.push(
      [`compliment thanks (${what})`, () => letters.complimentThanks(c, defaultPolicy, texts)],
      [`compliment notice (${what})`, () => notices.complimentNotice(c, defaultPolicy, texts, staff)],
    );
  }
  out.push(...timescaleEmails());
  out.push(...monthlyReportEmails());
  out.push(...consultationEmails());
  out.push(...informationReviewEmails());
  return out;

  /** The letters of an information-request review (functions/domain/information-review-emails.ts), for every kind of request and decision, and the staff's notices of the referral. */
  function informationReviewEmails(): Array<[string, () => EmailMessage | null]> {
    const reviewed = (request: 'foi' | 'eir' | 'subject-access', decision: 'upheld' | 'partly-upheld' | 'not-upheld'): Case => ({
      ...aCase({}, 'complaint'),
      informationReview: { request, referredAt: '2026-06-03T10:00:00Z', referredBy: 'admin-manager', fromStage: 1, deadline: '2026-07-01T22:59:59.999Z', outcome: { decision, response: 'We looked again', decidedAt: '2026-06-20T10:00:00Z', decidedBy: 'legal-governance' } },
    });
    return [
      ['review extended (FOI)', () => informationReviewExtensionNotice(reviewed('foi', 'upheld'), defaultPolicy, texts, { newDeadline: '2026-07-08T22:59:59.999Z', reason: 'A third party' })],
      ['review upheld (EIR)', () => informationReviewLetter(reviewed('eir', 'upheld'), defaultPolicy, texts)],
      ['review partly upheld (subject access)', () => informationReviewLetter(reviewed('subject-access', 'partly-upheld'), defaultPolicy, texts)],
      ['review not upheld (FOI)', () => informationReviewLetter(reviewed('foi', 'not-upheld'), defaultPolicy, texts)],
      ...(['foi', 'eir', 'subject-access'] as const).map((request): [string, () => EmailMessage] => [`referral to Legal & Governance (${request})`, () => informationReviewReferral(reviewed(request, 'upheld'), defaultPolicy, texts, staff)]),
      ['referral to Legal & Governance, with a note', () => informationReviewReferral({ ...reviewed('foi', 'upheld'), informationReview: { ...reviewed('foi', 'upheld').informationReview!, note: 'Asked twice' } }, defaultPolicy, texts, staff)],
      ['stage ended by the referral', () => stageEndedByReview(reviewed('eir', 'upheld'), defaultPolicy, texts, { owner: staff, stage: 1 })],
    ];
  }

  /** The Consultation and Partnership Officer's notice of the decision (functions/domain/consultation-emails.ts), in every shape. */
  function consultationEmails(): Array<[string, () => EmailMessage | null]> {
    const decided = (entered: boolean, kind: Case['kind'], reason?: string): Case => ({
      ...aCase({}, kind),
      channel: 'consultation',
      consultation: { consultationType: 'Service Improvement Plan', decision: { entered, ...(reason ? { reason } : {}), decidedAt: '2026-06-03T10:00:00Z', decidedBy: 'admin-manager' } },
    });
    return [
      ['consultation comment entered as a complaint, with a reason', () => consultationDecisionNotice(decided(true, 'complaint', 'About response times'), defaultPolicy, texts, staff)],
      ['consultation comment entered as a compliment', () => consultationDecisionNotice(decided(true, 'compliment'), defaultPolicy, texts, staff)],
      ['consultation comment not entered', () => consultationDecisionNotice(decided(false, 'complaint', 'Not about a service'), defaultPolicy, texts, staff)],
    ];
  }

  /** The timescale monitor's digest and reminders (functions/domain/timescale-emails.ts), in every shape. */
  function timescaleEmails(): Array<[string, () => EmailMessage | null]> {
    const person = (id: string, available = true) => ({ id, name: `Name of ${id}`, email: `${id}@bedsfire.example`, available });
    const people = new Map([person('operations-head'), person('fleet-head', false), person('admin-manager')].map((p) => [p.id, p]));
    const due = (overrides: Partial<DueDeadline>): DueDeadline => ({ reference: REF, what: 'stage', stage: 1, owner: 'operations-head', deadline: DEADLINE, workingDaysLeft: 1, overdue: false, ...overrides });
    const items = [
      due({ what: 'acknowledgement', stage: null, owner: null, workingDaysLeft: 0 }),
      due({ what: 'consultation-decision', stage: null, owner: null, workingDaysLeft: 1 }),
      due({ what: 'information-review', stage: null, owner: null, workingDaysLeft: 2 }),
      due({ workingDaysLeft: 2, owner: 'fleet-head' }),
      due({ owner: null }),
      due({ owner: 'someone-gone' }),
    ];
    const overdue = [due({ workingDaysLeft: -1, overdue: true }), due({ workingDaysLeft: -3, overdue: true, stage: 2 })];
    const digest = { to: person('admin-manager'), overdue, dueSoon: items };
    return [
      ['timescale digest', () => timescaleDigest(digest, defaultPolicy, texts, { today: '2026-06-12', people })],
      ['timescale digest with nothing overdue', () => timescaleDigest({ ...digest, overdue: [] }, defaultPolicy, texts, { today: '2026-06-12', people })],
      ['deadline reminder', () => deadlineReminder({ to: person('operations-head'), due: [due({ workingDaysLeft: 0 }), due({}), due({ workingDaysLeft: 2 })] }, defaultPolicy, texts)],
    ];
  }

  /** The Strategic Support Manager's monthly report (functions/domain/reports/monthly-email.ts): with and without a link and percentages. */
  function monthlyReportEmails(): Array<[string, () => EmailMessage | null]> {
    const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
    const empty = collateMonth({ month: '2026-05', now: new Date('2026-06-01T05:00:00Z'), cases: [], open: [], earlier: [], policy: defaultPolicy, calendar });
    const full = { ...empty, acknowledgements: { ...empty.acknowledgements, percentOnTime: 90 }, closed: { ...empty.closed, total: 4, withinDeadline: 3, percentWithinDeadline: 75 } };
    return [
      ['monthly report with its link', () => monthlyReportEmail(full, defaultPolicy, texts, { to: staff, publicUrl: 'https://complaints.example' })],
      ['monthly report without a link, nothing due', () => monthlyReportEmail(empty, defaultPolicy, texts, { to: staff })],
    ];
  }
}

/** The dotted path of every text under `emails`. */
function emailPaths(messages: Messages, prefix = 'emails'): string[] {
  const at = prefix.split('.').reduce<Messages | string>((m, k) => (m as Messages)[k]!, messages);
  if (typeof at === 'string') return [prefix];
  return Object.keys(at).flatMap((k) => emailPaths(messages, `${prefix}.${k}`));
}

/** A copy of `messages` with the text at `path` replaced (`undefined`: removed). */
function withText(messages: Messages, path: string, value: string | undefined): Messages {
  const [head, ...rest] = path.split('.');
  const copy: Record<string, string | Messages> = { ...messages };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head!];
    else copy[head!] = value;
  } else {
    copy[head!] = withText(messages[head!] as Messages, rest.join('.'), value);
  }
  return copy;
}

const PATHS = emailPaths(enGB);

describe('the emails section of en-GB', () => {
  it('has the texts of every email', () => {
    expect(PATHS.length).toBeGreaterThan(100);
    expect(PATHS).toContain('emails.acknowledgement.subject');
    expect(PATHS).toContain('emails.adminTask.assign-owner.what');
  });

  it.each(everyEmail(enGB))('%s: fills every {placeholder}, in the subject, the text and the html', (_what, build) => {
    const m = build()!;
    expect(m).not.toBeNull();
    for (const part of [m.subject, m.text, m.html]) {
      expect(part).not.toMatch(/[{}]/);
      expect(part).not.toContain('undefined');
      expect(part).not.toContain('emails.');
    }
  });

  it('uses every text of the section in some email (a text no email reads is a text no one translates for nothing)', () => {
    // Each text marked with its own path: the marks that come out are the texts that were used.
    const marked = PATHS.reduce((m, path) => withText(m, path, `${text(enGB, path)}[${path}]`), enGB);
    const rendered = everyEmail(marked)
      .map(([, build]) => build()!)
      .map((m) => `${m.subject}\n${m.text}`)
      .join('\n');
    expect(PATHS.filter((path) => !rendered.includes(`[${path}]`))).toEqual([]);
  });
});

describe('every locale in web/locales', () => {
  // A new language is a new file: this checks it as soon as it is there, without a change here.
  const languages = readdirSync(LOCALES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length));
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it.each(languages)('%s has every email text of en-GB, each with the same {placeholders}', (language) => {
    const texts = readMessages(LOCALES, language);
    for (const path of PATHS) expect(placeholders(text(texts, path)), path).toEqual(placeholders(text(enGB, path)));
    expect(emailPaths(texts).sort()).toEqual([...PATHS].sort());
  });
});

describe('a locale without an email text', () => {
  it.each(PATHS)('fails naming %s, never sending a message without it', (path) => {
    const texts = withText(enGB, path, undefined);
    const failures: unknown[] = [];
    for (const [, build] of everyEmail(texts)) {
      try {
        const m = build();
        expect(`${m?.subject}${m?.text}${m?.html}`).not.toContain('undefined');
      } catch (error) {
        failures.push(error);
      }
    }
    expect(failures.length).toBeGreaterThan(0);
    for (const error of failures) expect(error).toEqual(new ConfigurationError(`The locale has no text at ${path}`));
  });

  it('fails naming htmlLang when the locale has no language for the html', () => {
    const { htmlLang: _, ...texts } = enGB;
    expect(() => letters.ombudsmanLetter(aCase(), defaultPolicy, texts)).toThrow(new ConfigurationError('The locale has no text at htmlLang'));
  });

  it('fails naming the key when a text is an object, not a string', () => {
    const texts = withText(withText(enGB, 'emails.ombudsmanLetter.workWith', undefined), 'emails.ombudsmanLetter.workWith.x', 'y');
    expect(() => letters.ombudsmanLetter(aCase(), defaultPolicy, texts)).toThrow(new ConfigurationError('The locale has no text at emails.ombudsmanLetter.workWith'));
  });
});

describe('a locale text with a {placeholder} the email does not fill', () => {
  it('fails naming the key and the placeholder, in the body', () => {
    const texts = withText(enGB, 'emails.ombudsmanLetter.workWith', 'Ask {ombudsmen}.');
    expect(() => letters.ombudsmanLetter(aCase(), defaultPolicy, texts)).toThrow(
      new ConfigurationError('The text at emails.ombudsmanLetter.workWith has {ombudsmen}, which this email does not fill'),
    );
  });

  it('fails naming the key and the placeholder, in the subject', () => {
    const texts = withText(enGB, 'emails.adminTask.assign-owner.subject', 'Give {ref} an owner');
    expect(() => notices.adminTask(aCase(), defaultPolicy, texts, staff, { task: 'assign-owner', due: DEADLINE })).toThrow(
      new ConfigurationError('The text at emails.adminTask.assign-owner.subject has {ref}, which this email does not fill'),
    );
  });

  it('leaves a value that looks like a placeholder as it is: values are not read as texts', () => {
    const m = letters.acknowledgement(aCase({ name: '{reference}', summary: 'A {deadline}' }), defaultPolicy, enGB, { stageOneDeadline: DEADLINE })!;
    expect(m.text).toContain('Dear {reference},');
    expect(m.text).toContain('A {deadline}');
  });
});

describe('subjects from the locale', () => {
  it('refuse a locale text that would break the header', () => {
    for (const bad of ['Give an owner\nBcc: x@example.com {reference}', `${'x'.repeat(190)} {reference}`]) {
      const texts = withText(enGB, 'emails.adminTask.assign-owner.subject', bad);
      expect(() => notices.adminTask(aCase(), defaultPolicy, texts, staff, { task: 'assign-owner', due: DEADLINE })).toThrow(
        new UnsafeHeaderError('A subject must be one short line'),
      );
    }
  });

  it('take only a reference or a whole number as a value', () => {
    expect(emails.subjectFrom('k', 'Case {reference} at stage {stage}', { reference: REF, stage: 2 })).toBe(`Case ${REF} at stage 2`);
    expect(() => emails.subjectFrom('k', 'About {name}', { name: 'Ann' })).toThrow(
      new UnsafeHeaderError('Only a case reference or a stage number may be put into a subject'),
    );
    expect(() => emails.subjectFrom('k', 'Stage {stage}', { stage: 1.5 })).toThrow(UnsafeHeaderError);
  });
});

describe('another language', () => {
  let folder = '';
  afterAll(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('is read by its name from the locales folder, and the emails speak it', () => {
    folder = mkdtempSync(join(tmpdir(), 'locales-'));
    const fake = withText(
      withText(withText(enGB, 'htmlLang', 'cy'), 'emails.ombudsmanLetter.subject', 'Eich cwyn {reference}: yr Ombwdsmon'),
      'emails.common.greeting',
      'Annwyl {name},',
    );
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'cy.json'), JSON.stringify(fake));
    const texts = readMessages(folder, 'cy');
    const m = letters.ombudsmanLetter(aCase(), { ...defaultPolicy, language: 'cy' }, texts)!;
    expect(m.subject).toBe(`Eich cwyn ${REF}: yr Ombwdsmon`);
    expect(m.text.startsWith('Annwyl Ann Example,\n')).toBe(true);
    expect(m.html).toContain('<html lang="cy">');
    expect(m.html).toContain('Annwyl Ann Example,');
  });

  it('that has no file fails at start, naming the file', () => {
    expect(() => readMessages(LOCALES, 'cy')).toThrow(ConfigurationError);
    expect(() => readMessages(LOCALES, 'cy')).toThrow(`Cannot read the texts of cy from ${join(LOCALES, 'cy.json')}`);
  });

  it('must be named by a language tag (no path can be smuggled in)', () => {
    for (const tag of ['../en-GB', 'en-gb', 'EN', 'en-GB.json', '']) {
      expect(() => readMessages(LOCALES, tag)).toThrow(new ConfigurationError(`Not a language tag: ${tag}`));
    }
  });

  it('whose file is not an object of texts fails at start', () => {
    folder ||= mkdtempSync(join(tmpdir(), 'locales-'));
    writeFileSync(join(folder, 'xx.json'), '["not", "texts"]');
    writeFileSync(join(folder, 'yy.json'), '{ not json');
    expect(() => readMessages(folder, 'xx')).toThrow(new ConfigurationError(`${join(folder, 'xx.json')} is not an object of texts`));
    expect(() => readMessages(folder, 'yy')).toThrow(ConfigurationError);
  });
});
