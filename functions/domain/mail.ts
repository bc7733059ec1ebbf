import { DomainError } from './errors';

/**
 * The mail port. The domain builds `EmailMessage`s (functions/domain/emails.ts) and hands them to a
 * `Mailer`; the SES adapter (functions/adapters/ses-mailer.ts) is the only implementation that
 * talks to AWS.
 */

export interface EmailMessage {
  to: string[];
  /** Fixed text plus the case reference only: never anything a member of the public typed. */
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
}

export interface Mailer {
  send(message: EmailMessage): Promise<{ messageId: string }>;
}

/** The mail service could not take the message now (throttled, down, network, timeout): worth retrying. */
export class MailerUnavailableError extends DomainError {
  override name = 'MailerUnavailableError';
}

/** The message was refused (bad address, rejected content, unverified sender): retrying the same message won't help. */
export class MailRejectedError extends DomainError {
  override name = 'MailRejectedError';
}

/** Something other than fixed text and a reference tried to get into a header (a bug, never input). */
export class UnsafeHeaderError extends DomainError {
  override name = 'UnsafeHeaderError';
}

const MAX_ADDRESS = 254;
const MAX_LOCAL_PART = 64;
/** RFC 5322 dot-atom characters (no quoted strings, no comments, ASCII only). */
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** A top-level domain: letters, or an IDN in punycode. */
const TOP_LEVEL = /^([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/**
 * One bare address, `local@domain.tld`, strict: no display name, no second address, no quoted local
 * part, no IP literal, no whitespace, control or non-ASCII characters, at most 254 characters.
 * Anything that passes is safe to put in an address header as it is.
 */
export function isEmailAddress(s: string): boolean {
  if (typeof s !== 'string' || s.length > MAX_ADDRESS) return false;
  const at = s.indexOf('@');
  // Also refuses the empty string.
  if (at < 1) return false;
  // Stryker disable next-line ConditionalExpression: equivalent (a second @ also fails DOMAIN_LABEL); kept to refuse a second address outright
  if (at !== s.lastIndexOf('@')) return false;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (local.length > MAX_LOCAL_PART || !LOCAL_PART.test(local)) return false;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l))) return false;
  // Stryker disable next-line StringLiteral: equivalent (split always gives at least one label); the fallback is for the type checker
  return TOP_LEVEL.test(labels[labels.length - 1] ?? '');
}
