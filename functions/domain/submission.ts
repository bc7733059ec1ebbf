import * as z from './zod';
import { ValidationError } from './errors';
import type { Policy } from './policy';
import { expected, multiLine, oneLine, optionalText, requiredText, textProblem } from './text';
import { toIssues } from './validation';

/**
 * What a member of the public sends from the web form (or a script) to
 * POST /api/public/submissions. Unknown fields are refused so that a typo never silently loses data.
 */

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
};

export const KINDS = ['complaint', 'compliment'] as const;
export const CONTACT_METHODS = ['email', 'phone', 'letter'] as const;

export const MAX_BODY_BYTES = 64 * 1024;

/** The longest each text may be, in characters: the API refuses more, and the form counts down to it. */
export const LIMITS = { name: 200, email: 254, address: 500, summary: 200, details: 10_000, location: 500, accessibilityNeeds: 1_000 } as const;

/** The fields a person gives about themselves and the matter; shared by the public form and staff records. */
export function submissionFields(functionIds: readonly [string, ...string[]]) {
  return {
    kind: z.enum(KINDS, { error: expected('"complaint" or "compliment"') }),
    name: optionalText(oneLine, LIMITS.name),
    email: z.optional(
      z.email({ error: 'expected an email address' }).check(
        z.maxLength(LIMITS.email, `at most ${LIMITS.email} characters`),
        z.refine((s: string) => textProblem(s, 'one') === undefined, 'must be a single line'),
      ),
    ),
    phone: z.optional(
      z
        .string({ error: 'expected text' })
        .check(z.trim(), z.regex(/^\+?[0-9 ()-]{6,30}$/, 'expected a telephone number (digits, spaces, +, -, brackets)')),
    ),
    address: optionalText(multiLine, LIMITS.address),
    preferredContact: z.optional(z.enum(CONTACT_METHODS, { error: 'expected "email", "phone" or "letter"' })),
    summary: requiredText(oneLine, LIMITS.summary),
    details: requiredText(multiLine, LIMITS.details),
    function: z.optional(z.enum(functionIds, { error: `expected one of: ${functionIds.join(', ')}` })),
    incidentDate: z.optional(
      z
        .string({ error: 'expected a date as YYYY-MM-DD' })
        .check(z.regex(ISO_DATE, { message: 'expected a date as YYYY-MM-DD', abort: true }), z.refine(isRealDate, 'not a real calendar date')),
    ),
    location: optionalText(oneLine, LIMITS.location),
    urgent: z._default(z.boolean({ error: 'expected true or false' }), false),
    accessibilityNeeds: optionalText(multiLine, LIMITS.accessibilityNeeds),
  };
}

interface ContactFields {
  kind: (typeof KINDS)[number];
  email?: string;
  phone?: string;
  address?: string;
  preferredContact?: (typeof CONTACT_METHODS)[number];
}

/** A complaint needs a way to reply; a chosen way to reply needs its details. */
export function checkContact(s: ContactFields, ctx: z.core.$RefinementCtx): void {
  const hasContact = Boolean(s.email || s.phone || s.address);
  if (s.kind === 'complaint' && !hasContact) {
    ctx.addIssue({
      // Stryker disable next-line StringLiteral: equivalent, the code never leaves the domain (toIssues keeps path and message)
      code: 'custom',
      path: ['email'],
      message: 'give at least one way to reply: email, phone or address (only a compliment can be anonymous)',
    });
  }
  const needs = { email: s.email, phone: s.phone, letter: s.address } as const;
  if (s.preferredContact && !needs[s.preferredContact]) {
    const field = s.preferredContact === 'letter' ? 'address' : s.preferredContact;
    ctx.addIssue({
      // Stryker disable next-line StringLiteral: equivalent, the code never leaves the domain (toIssues keeps path and message)
      code: 'custom',
      path: ['preferredContact'],
      message: `"${s.preferredContact}" was chosen but no ${field} was given`,
    });
  }
}

/** The preferred contact when none was chosen: email, else phone, else letter, else none. */
export function settleContact(s: ContactFields): Submission['preferredContact'] {
  return s.preferredContact ?? (s.email ? 'email' : s.phone ? 'phone' : s.address ? 'letter' : 'none');
}

function buildSchema(functionIds: readonly [string, ...string[]]) {
  return z
    .strictObject({
      ...submissionFields(functionIds),
      /** Honeypot: hidden on the form; only bots fill it. */
      website: z.optional(z.string({ error: 'expected text' }).check(z.maxLength(2_000))),
    })
    .check(z.superRefine(checkContact));
}

export type SubmissionInput = z.output<ReturnType<typeof buildSchema>>;

/** A validated submission, with the preferred contact settled and the honeypot separated out. */
export interface Submission extends Omit<SubmissionInput, 'website' | 'preferredContact'> {
  preferredContact: (typeof CONTACT_METHODS)[number] | 'none';
  anonymous: boolean;
}

export interface ParsedSubmission {
  submission: Submission;
  /** True when the honeypot field was filled: a bot; store nothing. */
  isBot: boolean;
}

/** The policy's function ids, as zod's enum wants them. */
export function functionIdsOf(policy: Policy): [string, ...string[]] {
  return policy.functions.map((f) => f.id) as [string, ...string[]];
}

const schemas = new WeakMap<Policy, ReturnType<typeof buildSchema>>();

/** The public submission's schema for a policy (also used to describe the API). */
export function submissionSchema(policy: Policy) {
  return schemaFor(policy);
}

function schemaFor(policy: Policy) {
  let schema = schemas.get(policy);
  if (!schema) {
    schema = buildSchema(functionIdsOf(policy));
    schemas.set(policy, schema);
  }
  return schema;
}

/**
 * Validates a submission body. `today` is the Europe/London date of receipt (an incident cannot be
 * in the future). Throws ValidationError naming every bad field.
 */
export function parseSubmission(body: unknown, policy: Policy, today: string): ParsedSubmission {
  const result = schemaFor(policy).safeParse(body);
  if (!result.success) throw new ValidationError(toIssues(result.error));
  const { website, preferredContact, ...rest } = result.data;
  if (rest.incidentDate && rest.incidentDate > today) {
    throw new ValidationError([{ path: 'incidentDate', message: 'cannot be in the future' }]);
  }
  return {
    submission: {
      ...rest,
      preferredContact: settleContact({ ...rest, preferredContact }),
      anonymous: !rest.name && !rest.email && !rest.phone && !rest.address,
    },
    isBot: Boolean(website && website.trim() !== ''),
  };
}
