import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/domain/errors';
import { defaultPolicy } from '../../functions/domain/policy';
import { parseSubmission } from '../../functions/domain/submission';
import { aComplaint, aCompliment } from '../support/mothers';

const TODAY = '2026-03-10';
const parse = (body: unknown) => parseSubmission(body, defaultPolicy, TODAY);

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

  it.each<[string, Record<string, unknown>, string]>([
    ['kind missing', { kind: undefined }, 'kind'],
    ['kind unknown', { kind: 'suggestion' }, 'kind'],
    ['name too long', { name: 'x'.repeat(201) }, 'name'],
    ['name with a line break', { name: 'Ann\r\nBcc: x@y.z' }, 'name'],
    ['email malformed', { email: 'not-an-email' }, 'email'],
    ['email with header injection', { email: 'ann@example.com\r\nBcc: victim@example.com' }, 'email'],
    ['phone with letters', { phone: 'call me maybe' }, 'phone'],
    ['address too long', { address: 'x'.repeat(501) }, 'address'],
    ['preferred contact unknown', { preferredContact: 'pigeon' }, 'preferredContact'],
    ['preferred email without an email', { email: undefined, preferredContact: 'email' }, 'preferredContact'],
    ['preferred letter without an address', { address: undefined, preferredContact: 'letter' }, 'preferredContact'],
    ['summary missing', { summary: undefined }, 'summary'],
    ['summary blank', { summary: '   ' }, 'summary'],
    ['summary over 200 characters', { summary: 'x'.repeat(201) }, 'summary'],
    ['summary on two lines', { summary: 'one\ntwo' }, 'summary'],
    ['details missing', { details: undefined }, 'details'],
    ['details over 10,000 characters', { details: 'x'.repeat(10_001) }, 'details'],
    ['details with a control character', { details: 'bell \u0007' }, 'details'],
    ['details not text', { details: 42 }, 'details'],
    ['function not in the policy', { function: 'catering' }, 'function'],
    ['incident date malformed', { incidentDate: '06/01/2026' }, 'incidentDate'],
    ['incident date not a real date', { incidentDate: '2026-02-30' }, 'incidentDate'],
    ['incident date in the future', { incidentDate: '2026-03-11' }, 'incidentDate'],
    ['location too long', { location: 'x'.repeat(501) }, 'location'],
    ['urgent not a boolean', { urgent: 'yes' }, 'urgent'],
    ['accessibility needs over 1,000 characters', { accessibilityNeeds: 'x'.repeat(1_001) }, 'accessibilityNeeds'],
    ['an unknown field', { favouriteColour: 'red' }, 'favouriteColour'],
    ['a complaint with no way to reply', { email: undefined, phone: undefined, address: undefined, preferredContact: undefined }, 'email'],
  ])('refuses %s, naming the field', (_why, overrides, path) => {
    expect(issuesOf(aComplaint(overrides)).map((i) => i.path)).toContain(path);
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

  it('flags a filled honeypot as a bot without refusing it', () => {
    expect(parse(aComplaint({ website: 'http://spam.example' })).isBot).toBe(true);
    expect(parse(aComplaint({ website: '' })).isBot).toBe(false);
  });
});
