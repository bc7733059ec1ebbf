import { describe, expect, it } from 'vitest';
import { DomainError } from '../../functions/domain/errors';
import { isEmailAddress, MailerUnavailableError, MailRejectedError, UnsafeHeaderError } from '../../functions/domain/mail';

/**
 * `isEmailAddress` decides which addresses may go into a To or Reply-To header as they are: one bare
 * `local@domain.tld`, nothing a header could be smuggled through.
 */
describe('isEmailAddress', () => {
  const local64 = 'a'.repeat(64);
  // 64 + 1 + 63 + 1 + 63 + 1 + 57 + 4 = 254 characters.
  const longest = `${local64}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;

  it.each([
    ['an ordinary address', 'ann@example.com'],
    ['dots and a plus in the local part, a sub-domain', 'ann.example+complaints@mail.example.co.uk'],
    ['an apostrophe', "o'brien@example.org"],
    ['every other dot-atom symbol', "a!#$%&'*+/=?^_`{|}~-z@example.com"],
    ['digits and upper case', 'Ann.Example99@Example.COM'],
    ['hyphens inside labels', 'a_b-c@sub-domain.example.com'],
    ['a one-character local part', 'a@example.com'],
    ['a one-character domain label', 'ann@x.example.com'],
    ['a two-letter top-level domain', 'ann@example.uk'],
    ['a 63-letter top-level domain', `ann@example.${'a'.repeat(63)}`],
    ['a punycode domain and top-level domain', 'x@xn--80ak6aa92e.xn--p1ai'],
    ['a 64-character local part', `${local64}@example.com`],
    ['a 63-character label', `ann@${'b'.repeat(63)}.com`],
    ['254 characters in all', longest],
  ])('accepts %s', (_why, address) => {
    expect(longest).toHaveLength(254);
    expect(isEmailAddress(address)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['not a string', 42 as unknown as string],
    ['a display name', 'Ann Example <ann@example.com>'],
    ['angle brackets', '<ann@example.com>'],
    ['two addresses (comma)', 'ann@example.com,evil@example.com'],
    ['two addresses (semicolon)', 'ann@example.com;evil@example.com'],
    ['two at signs', 'ann@evil@example.com'],
    ['CR/LF header injection', 'ann@example.com\r\nBcc: evil@example.com'],
    ['a line break in the local part', 'ann\n@example.com'],
    ['a trailing newline', 'ann@example.com\n'],
    ['a tab', 'ann@exam\tple.com'],
    ['NUL', 'ann@example.com\u0000'],
    ['a space', 'ann example@example.com'],
    ['a leading space', ' ann@example.com'],
    ['no dot in the domain', 'ann@localhost'],
    ['no local part', '@example.com'],
    ['no domain', 'ann@'],
    ['no at sign', 'ann.example.com'],
    ['a leading dot', '.ann@example.com'],
    ['a trailing dot in the local part', 'ann.@example.com'],
    ['two dots in a row', 'ann..example@example.com'],
    ['two dots in a row in the domain', 'ann@example..com'],
    ['a domain that starts with a dot', 'ann@.example.com'],
    ['a domain that ends with a dot', 'ann@example.com.'],
    ['a label that starts with a hyphen', 'ann@-example.com'],
    ['a label that ends with a hyphen', 'ann@example-.com'],
    ['an underscore in the domain', 'ann@ex_ample.com'],
    ['a 64-character label', `ann@${'b'.repeat(64)}.com`],
    ['a numeric top-level domain', 'ann@example.123'],
    ['a one-letter top-level domain', 'ann@example.c'],
    ['a 64-letter top-level domain', `ann@example.${'a'.repeat(64)}`],
    ['a top-level domain with a digit', 'ann@example.c0m'],
    ['a top-level domain with a hyphen that is not punycode', 'ann@example.co-uk'],
    ['an empty punycode top-level domain', 'ann@example.xn--'],
    ['an IP literal', 'ann@[127.0.0.1]'],
    ['a quoted local part', '"ann example"@example.com'],
    ['a comment', 'ann(comment)@example.com'],
    ['non-ASCII in the local part', 'änn@example.com'],
    ['non-ASCII in the domain', 'ann@exämple.com'],
    ['a local part over 64 characters', `${'a'.repeat(65)}@example.com`],
    ['over 254 characters in all', `${local64}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.com`],
  ])('refuses %s', (_why, address) => {
    expect(isEmailAddress(address)).toBe(false);
  });
});

describe('mail errors', () => {
  it.each([
    ['MailerUnavailableError', new MailerUnavailableError('SES throttled')],
    ['MailRejectedError', new MailRejectedError('address refused')],
    ['UnsafeHeaderError', new UnsafeHeaderError('line break in a subject')],
  ])('%s is a DomainError with its own literal name', (name, error) => {
    expect(error).toBeInstanceOf(DomainError);
    expect(error.name).toBe(name);
  });
});
