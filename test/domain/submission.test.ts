import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/domain/errors';
import { defaultPolicy } from '../../functions/domain/policy';
import { MAX_BODY_BYTES, parseSubmission, submissionSchema } from '../../functions/domain/submission';
import { aComplaint, aCompliment } from '../support/mothers';

const TODAY = '2026-03-10';
const PHONE = 'expected a telephone number (digits, spaces, +, -, brackets)';
// A policy of its own for every parse: the schema is cached per policy, and a test that only ever
// read a cached schema would not notice a change to how the schema is built.
const parse = (body: unknown) => parseSubmission(body, structuredClone(defaultPolicy), TODAY);

function issuesOf(body: unknown) {
  try {
    parse(body);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseSubmission', () => {
  it('accepts a complete complaint and keeps every field', () => {
    const { submission, isBot } = parse(aComplaint());
    expect(isBot).toBe(false);
    expect(submission).toMatchObject({
      kind: 'complaint',
      name: 'Ann Example',
      email: 'ann@example.com',
      preferredContact: 'email',
      function: 'operations',
      urgent: false,
      anonymous: false,
      accessibilityNeeds: 'Large print letters, please',
    });
  });

  it('accepts an anonymous compliment with no way to reply', () => {
    const { submission } = parse(aCompliment());
    expect(submission.anonymous).toBe(true);
    expect(submission.preferredContact).toBe('none');
  });

  it.each([
    [{ email: 'a@b.example', phone: undefined, address: undefined }, 'email'],
    [{ email: undefined, phone: '01234 567890', address: undefined }, 'phone'],
    [{ email: undefined, phone: undefined, address: '2 Low Road' }, 'letter'],
  ])('settles the preferred contact from what was given when none is chosen (%o → %s)', (contact, expected) => {
    const { submission } = parse(aComplaint({ preferredContact: undefined, ...contact }));
    expect(submission.preferredContact).toBe(expected);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['kind missing', { kind: undefined }, 'kind', 'required'],
    ['kind unknown', { kind: 'suggestion' }, 'kind', 'expected "complaint" or "compliment"'],
    ['name too long', { name: 'x'.repeat(201) }, 'name', 'at most 200 characters'],
    ['name with a line break', { name: 'Ann\r\nBcc: x@y.z' }, 'name', 'must be a single line'],
    ['email malformed', { email: 'not-an-email' }, 'email', 'expected an email address'],
    ['email not text', { email: 42 }, 'email', 'expected an email address'],
    ['email over 254 characters', { email: `${'a'.repeat(64)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.example` }, 'email', 'at most 254 characters'],

    ['phone with letters', { phone: 'call me maybe' }, 'phone', PHONE],
    ['phone with words before the number', { phone: 'call me on 01234 567890' }, 'phone', PHONE],
    ['phone with words after the number', { phone: '01234 567890 after six' }, 'phone', PHONE],
    ['phone of five digits', { phone: '12345' }, 'phone', PHONE],
    ['phone over 30 characters', { phone: '0'.repeat(31) }, 'phone', PHONE],
    ['phone with a plus in the middle', { phone: '01234+567890' }, 'phone', PHONE],
    ['phone not text', { phone: 1234567890 }, 'phone', 'expected text'],
    ['address too long', { address: 'x'.repeat(501) }, 'address', 'at most 500 characters'],
    ['preferred contact unknown', { preferredContact: 'pigeon' }, 'preferredContact', 'expected "email", "phone" or "letter"'],
    ['preferred email without an email', { email: undefined, preferredContact: 'email' }, 'preferredContact', '"email" was chosen but no email was given'],
    ['preferred phone without a phone', { phone: undefined, preferredContact: 'phone' }, 'preferredContact', '"phone" was chosen but no phone was given'],
    ['preferred letter without an address', { address: undefined, preferredContact: 'letter' }, 'preferredContact', '"letter" was chosen but no address was given'],
    ['summary missing', { summary: undefined }, 'summary', 'required'],
    ['summary blank', { summary: '   ' }, 'summary', 'required'],
    ['summary over 200 characters', { summary: 'x'.repeat(201) }, 'summary', 'at most 200 characters'],
    ['summary on two lines', { summary: 'one\ntwo' }, 'summary', 'must be a single line'],
    ['details missing', { details: undefined }, 'details', 'required'],
    ['details over 10,000 characters', { details: 'x'.repeat(10_001) }, 'details', 'at most 10000 characters'],
    ['details with a control character', { details: 'bell \u0007' }, 'details', 'contains a control character (U+0007)'],
    ['details not text', { details: 42 }, 'details', 'expected text'],
    ['function not in the policy', { function: 'catering' }, 'function', 'expected one of: operations, prevention, protection, fleet, people, finance, control'],
    ['incident date not text', { incidentDate: 20260106 }, 'incidentDate', 'expected a date as YYYY-MM-DD'],
    ['incident date malformed', { incidentDate: '06/01/2026' }, 'incidentDate', 'expected a date as YYYY-MM-DD'],
    ['incident date with a time', { incidentDate: '2026-01-06T10:00' }, 'incidentDate', 'expected a date as YYYY-MM-DD'],
    ['incident date with text before it', { incidentDate: 'on 2026-01-06' }, 'incidentDate', 'expected a date as YYYY-MM-DD'],
    ['incident date not a real date', { incidentDate: '2026-02-30' }, 'incidentDate', 'not a real calendar date'],
    ['incident date 29 February 2100 (not a leap year)', { incidentDate: '2100-02-29' }, 'incidentDate', 'not a real calendar date'],
    ['incident date in month 13', { incidentDate: '2025-13-01' }, 'incidentDate', 'not a real calendar date'],
    ['incident date in the future', { incidentDate: '2026-03-11' }, 'incidentDate', 'cannot be in the future'],
    ['location too long', { location: 'x'.repeat(501) }, 'location', 'at most 500 characters'],
    ['urgent not a boolean', { urgent: 'yes' }, 'urgent', 'expected true or false'],
    ['accessibility needs over 1,000 characters', { accessibilityNeeds: 'x'.repeat(1_001) }, 'accessibilityNeeds', 'at most 1000 characters'],
    ['an unknown field', { favouriteColour: 'red' }, 'favouriteColour', 'unknown field'],
    ['a honeypot that is not text', { website: 42 }, 'website', 'expected text'],
    [
      'a complaint with no way to reply',
      { email: undefined, phone: undefined, address: undefined, preferredContact: undefined },
      'email',
      'give at least one way to reply: email, phone or address (only a compliment can be anonymous)',
    ],
  ])('refuses %s, naming the field and saying why', (_why, overrides, path, message) => {
    expect(issuesOf(aComplaint(overrides)).filter((i) => i.path === path)).toEqual([{ path, message }]);
  });

  it('refuses an email address carrying another mail header, saying it must be one line', () => {
    expect(issuesOf(aComplaint({ email: 'ann@example.com\r\nBcc: victim@example.com' }))).toEqual([
      { path: 'email', message: 'expected an email address' },
      { path: 'email', message: 'must be a single line' },
    ]);
  });

  it('names every bad field at once', () => {
    const paths = issuesOf({ kind: 'complaint', summary: '', details: 3, email: 'bad', extra: true }).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['summary', 'details', 'email', 'extra']));
  });

  it.each([null, [], 'text', 42])('refuses a body that is not an object (%o)', (body) => {
    expect(() => parse(body)).toThrow(ValidationError);
  });

  it('accepts the limits exactly', () => {
    expect(() =>
      parse(aComplaint({ summary: 'x'.repeat(200), details: 'y'.repeat(10_000), accessibilityNeeds: 'z'.repeat(1_000), incidentDate: TODAY })),
    ).not.toThrow();
  });

  it('keeps markup and script as plain text, untouched', () => {
    const details = '<script>alert(1)</script> & <b>bold</b> "quotes"';
    expect(parse(aComplaint({ details })).submission.details).toBe(details);
  });

  it.each<[string, Record<string, unknown>, boolean]>([
    ['a filled honeypot is a bot', { website: 'http://spam.example' }, true],
    ['an empty honeypot is a person', { website: '' }, false],
    ['a honeypot of spaces is a person (a browser may autofill blanks)', { website: '   ' }, false],
    ['no honeypot is a person', {}, false],
  ])('flags bots without refusing them: %s', (_why, overrides, isBot) => {
    expect(parse(aComplaint(overrides)).isBot).toBe(isBot);
  });

  it('refuses an over-long honeypot like any other field', () => {
    expect(issuesOf(aComplaint({ website: 'x'.repeat(2_001) })).map((i) => i.path)).toEqual(['website']);
    expect(parse(aComplaint({ website: 'x'.repeat(2_000) })).isBot).toBe(true);
  });

  it('never keeps the honeypot in the submission', () => {
    expect(parse(aComplaint({ website: 'http://spam.example' })).submission).not.toHaveProperty('website');
  });

  describe('urgent (a potential danger to the public: the Duty Officer is told at once)', () => {
    it('is not urgent unless the person says so', () => {
      expect(parse(aComplaint({ urgent: undefined })).submission.urgent).toBe(false);
      expect(parse(aCompliment()).submission.urgent).toBe(false);
    });

    it.each([true, false])('keeps urgent: %s as given', (urgent) => {
      expect(parse(aComplaint({ urgent })).submission.urgent).toBe(urgent);
    });
  });

  it.each([
    ['01234 567890', 'a UK number with a space'],
    ['+44 1234 567890', 'an international number'],
    ['+44 (0)1234 567-890', 'brackets and hyphens'],
    ['123456', 'six digits, the shortest'],
    ['0'.repeat(30), 'thirty characters, the longest'],
  ])('accepts the telephone number %s (%s)', (phone) => {
    expect(parse(aComplaint({ phone })).submission.phone).toBe(phone);
  });

  it('trims spaces around a telephone number before checking it', () => {
    expect(parse(aComplaint({ phone: '  01234 567890  ' })).submission.phone).toBe('01234 567890');
  });

  it.each([
    ['2024-02-29', 'a leap day'],
    ['2000-02-29', 'a leap day in a year divisible by 400'],
    [TODAY, 'the day of receipt'],
  ])('accepts the incident date %s (%s)', (incidentDate) => {
    expect(parse(aComplaint({ incidentDate })).submission.incidentDate).toBe(incidentDate);
  });

  it.each<[string, Record<string, unknown>, boolean]>([
    ['nothing about the person', {}, true],
    ['a name only', { name: 'Ann' }, false],
    ['an email only', { email: 'ann@example.com' }, false],
    ['a phone only', { phone: '01234 567890' }, false],
    ['an address only', { address: '1 High Street' }, false],
  ])('a compliment with %s is anonymous: %s', (_why, overrides, anonymous) => {
    expect(parse(aCompliment(overrides)).submission.anonymous).toBe(anonymous);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['email, phone and address: email first', { email: 'a@b.example', phone: '01234 567890', address: '2 Low Road' }, 'email'],
    ['phone and address: phone before a letter', { phone: '01234 567890', address: '2 Low Road' }, 'phone'],
    ['email and address: email', { email: 'a@b.example', address: '2 Low Road' }, 'email'],
  ])('settles the preferred contact in the order email, phone, letter (%s)', (_why, contact, expected) => {
    const { submission } = parse(aComplaint({ email: undefined, phone: undefined, address: undefined, preferredContact: undefined, ...contact }));
    expect(submission.preferredContact).toBe(expected);
  });

  it('keeps the preferred contact the person chose over the order', () => {
    expect(parse(aComplaint({ preferredContact: 'letter' })).submission.preferredContact).toBe('letter');
  });

  it('refuses a chosen way to reply without its details, even for a compliment', () => {
    expect(issuesOf(aCompliment({ preferredContact: 'phone' }))).toEqual([{ path: 'preferredContact', message: '"phone" was chosen but no phone was given' }]);
  });

  it('builds the schema once per policy', () => {
    expect(submissionSchema(defaultPolicy)).toBe(submissionSchema(defaultPolicy));
    const other = { ...defaultPolicy, functions: [{ id: 'catering', name: 'Catering' }] };
    expect(submissionSchema(other)).not.toBe(submissionSchema(defaultPolicy));
    expect(parseSubmission(aComplaint({ function: 'catering' }), other, TODAY).submission.function).toBe('catering');
  });

  it('says in the error message which fields were refused', () => {
    expect(() => parse(aComplaint({ kind: 'suggestion', summary: '' }))).toThrow(
      'Invalid input: kind: expected "complaint" or "compliment"; summary: required',
    );
  });

  it('fits the largest valid submission, written in a script of three-byte characters, within the body limit', () => {
    const wide = (n: number) => '\u0a85'.repeat(n); // Gujarati letter A: three bytes in UTF-8
    const largest = aComplaint({
      name: wide(200),
      email: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(50)}.example`,
      phone: '0'.repeat(30),
      address: wide(500),
      summary: wide(200),
      details: wide(10_000),
      location: wide(500),
      accessibilityNeeds: wide(1_000),
      website: '',
    });
    expect(parse(largest).submission.details).toHaveLength(10_000);
    const bytes = new TextEncoder().encode(JSON.stringify(largest)).length;
    expect(bytes).toBeGreaterThan(36_000);
    expect(bytes).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(MAX_BODY_BYTES).toBe(64 * 1024);
  });
});
