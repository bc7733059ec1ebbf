import * as z from './zod';
import { ACKNOWLEDGEMENT_WAYS, CHANNELS, DECISIONS, STAFF_CHANNELS, type TaskType } from './case';
import type { Policy } from './policy';
import { ValidationError } from './errors';
import { checkConsultationType, CONSULTATION_STATES, consultationTypeField, type ConsultationState } from './consultation';
import { DirectoryInput } from './staff';
import { checkContact, CONTACT_METHODS, functionIdsOf, ISO_DATE, isRealDate, KINDS, submissionFields } from './submission';
import { expected, multiLine, oneLine, optionalText, requiredText } from './text';

/**
 * The staff API's inputs, as zod schemas: they validate every request AND describe the API in
 * its OpenAPI document, so the two can never disagree.
 */

const staffId = z.string({ error: 'expected a staff id' }).check(z.regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'expected a staff id (a-z, 0-9, ., _, -)'));
const isoDate = z.string({ error: 'expected a date as YYYY-MM-DD' }).check(
  z.regex(ISO_DATE), // answered by the string's own error above
  z.refine(isRealDate, 'not a real calendar date'),
);
// Only ever used in a union whose own error is the one callers read.
const isoInstant = z.iso.datetime({ offset: true });
const version = z.number({ error: 'expected the version you read, a whole number' }).check(z.int(), z.gte(1));

/**
 * A case reference in a path, as formatReference writes it (PREFIX-YYYY-NNNNN; the sequence may
 * outgrow five digits). Bounded and checked before it goes near the store: the store's own key
 * limit is not the caller's business.
 */
export const CaseReference = z.string({ error: expected('a case reference such as CC-2026-00042') }).check(
  z.maxLength(32, 'expected a case reference such as CC-2026-00042 (at most 32 characters)'),
  z.regex(/^[A-Z]{1,8}-\d{4}-\d{5,9}$/), // answered by the string's own error above
);

/** The `{reference}` of a case route, or a ValidationError naming `reference`. */
export function parseReference(value: unknown): string {
  const result = CaseReference.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError([{ path: 'reference', message: result.error.issues[0]!.message }]);
}

/** Carried by every change: the version of the case (or directory) it was based on. */
export const Versioned = { expectedVersion: z.optional(version) };

export function recordCaseSchema(policy: Policy) {
  return z
    .strictObject({
      ...submissionFields(functionIdsOf(policy)),
      channel: z.enum(STAFF_CHANNELS, { error: `expected one of: ${STAFF_CHANNELS.join(', ')}` }),
      /** When the service really received it: timescales run from this. A date means that day. */
      receivedAt: z.union([isoInstant, isoDate], { error: 'expected a date (YYYY-MM-DD) or an ISO date-time' }),
      /** Who took it, if not the person recording it (a written summary of a verbal one goes in `details`). */
      receivedBy: z.optional(staffId),
      /** A consultation comment's type of consultation (service order section 2), e.g. "Service Improvement Plan". */
      consultationType: consultationTypeField,
    })
    .check(z.superRefine(checkContact), z.superRefine(checkConsultationType));
}

export function updateCaseSchema(policy: Policy) {
  const f = submissionFields(functionIdsOf(policy));
  // z.nullable, not a union with z.null(): a union would answer "Invalid input" instead of the field's own message.
  return z
    .strictObject({
      ...Versioned,
      kind: z.optional(z.enum(KINDS)),
      name: z.nullable(f.name),
      email: z.nullable(f.email),
      phone: z.nullable(f.phone),
      address: z.nullable(f.address),
      preferredContact: z.optional(z.enum(CONTACT_METHODS)),
      accessibilityNeeds: z.nullable(f.accessibilityNeeds),
      summary: z.optional(f.summary),
      details: z.optional(f.details),
      function: z.nullable(f.function),
      incidentDate: z.nullable(f.incidentDate),
      location: z.nullable(f.location),
      urgent: z.optional(z.boolean({ error: 'expected true or false' })),
    })
    .check(z.refine((o) => Object.keys(o).some((k) => k !== 'expectedVersion'), { message: 'nothing to change', path: [] }));
}

export const AssignOwner = z.strictObject({
  ...Versioned,
  /** The new owner; leave out to let the procedure choose (stage 1: the function's Head, Deputy or Duty Officer). */
  owner: z.optional(staffId),
  reason: optionalText(oneLine, 500),
});

export const RecordOutcome = z.discriminatedUnion(
  'result',
  [
    z.strictObject({
      ...Versioned,
      result: z.literal('resolved'),
      decision: z.enum(DECISIONS, { error: `expected one of: ${DECISIONS.join(', ')}` }),
      response: requiredText(multiLine, 10_000),
      remedy: optionalText(multiLine, 5_000),
      lessonsLearned: optionalText(multiLine, 5_000),
    }),
    z.strictObject({
      ...Versioned,
      result: z.literal('further-action'),
      reason: requiredText(multiLine, 5_000),
      /** For a stage owned by "another Functional Head": who takes it on. */
      transferTo: z.optional(staffId),
    }),
  ],
  { error: 'expected result "resolved" or "further-action"' },
);

export const ExtendDeadline = (policy: Policy) =>
  z.strictObject({
    ...Versioned,
    workingDays: z.number({ error: 'expected a whole number of working days' }).check(
      z.int(), // answered by the number's own error above
      z.gte(1),
      z.lte(policy.maxExtensionWorkingDays, `at most ${policy.maxExtensionWorkingDays} working days (the policy's limit)`),
    ),
    /** Told to the customer: "if we cannot do so, we will let you know and explain why". */
    reason: requiredText(multiLine, 2_000),
  });

export const ShareDraftFindings = z.strictObject({
  ...Versioned,
  findings: requiredText(multiLine, 10_000),
});

export const RecordDraftComments = z.strictObject({
  ...Versioned,
  comments: requiredText(multiLine, 10_000),
  receivedOn: isoDate,
});

/** The customer's own comments on the draft findings, from the private tracking page (received today). */
export const PublicDraftComments = z.strictObject({
  comments: requiredText(multiLine, 10_000),
});

/** The Administration Manager turns a case's private tracking link off. */
export const RevokeTrackingLink = z.strictObject({
  ...Versioned,
  reason: optionalText(oneLine, 500),
});

export const ReferToCro = z.strictObject({
  ...Versioned,
  reason: requiredText(multiLine, 2_000),
});

export const RecordOmbudsman = z.strictObject({
  ...Versioned,
  enquiryReceivedOn: isoDate,
  ombudsmanReference: requiredText(oneLine, 100),
  findings: optionalText(multiLine, 10_000),
  recommendations: optionalText(multiLine, 10_000),
});

/** What a complaint is about: one of the policy's complaintCategories (the monthly report counts them). */
export const SetCategory = (policy: Policy) => {
  const ids = policy.complaintCategories.map((c) => c.id);
  return z.strictObject({
    ...Versioned,
    category: z.enum(ids as [string, ...string[]], { error: `expected one of the policy's categories: ${ids.join(', ')}` }),
  });
};

/** An acknowledgement the Administration Manager made by hand (by letter, by telephone, or an email sent by hand), and the day it was made. */
export const RecordAcknowledgement = z.strictObject({
  ...Versioned,
  via: z.enum(ACKNOWLEDGEMENT_WAYS, { error: `expected how it was made: ${ACKNOWLEDGEMENT_WAYS.join(', ')}` }),
  acknowledgedOn: z.optional(isoDate),
});

/**
 * The tasks that are done by hand and then marked done. The others end with what they ask for: an
 * acknowledgement's when the acknowledgement is recorded, "assign-owner" when an owner is chosen.
 */
export const TASKS_DONE_BY_HAND = ['email-failed', 'workflow-stopped'] as const satisfies readonly TaskType[];

export const CompleteTask = z.strictObject({
  ...Versioned,
  task: z.enum(TASKS_DONE_BY_HAND, {
    error: `expected ${TASKS_DONE_BY_HAND.join(' or ')} (record the acknowledgement to end an acknowledgement's task; choose an owner to end "assign-owner")`,
  }),
  /** Which task of the type (CaseTask.key), when the case has several. */
  key: z.optional(z.string({ error: 'expected the key of the task (as the case lists it)' }).check(z.minLength(1), z.maxLength(100))),
});

export const UpdateDirectory = z.strictObject({
  /** 0 before anyone has saved the directory (it is then the policy's). */
  expectedVersion: z.optional(z.number({ error: 'expected the version you read, a whole number' }).check(z.int(), z.gte(0))),
  directory: DirectoryInput,
});

const yesNo = z.pipe(z.enum(['true', 'false'], { error: 'expected true or false' }), z.transform((v) => v === 'true'));

export const ListCasesQuery = (policy: Policy) => {
  const stages = `expected a stage from 1 to ${policy.stages.length}`;
  const days = `expected a number of working days from 0 to ${MAX_DUE_WITHIN}`;
  const limit = `expected a number from 1 to ${MAX_LIMIT}`;
  const categoryIds = policy.complaintCategories.map((c) => c.id) as [string, ...string[]];
  return z.strictObject({
    kind: z.optional(z.enum(KINDS)),
    status: z.optional(z.enum(['open', 'closed'])),
    stage: z.optional(z.coerce.number({ error: stages }).check(z.int(stages), z.gte(1, stages), z.lte(policy.stages.length, stages))),
    owner: z.optional(staffId),
    function: z.optional(z.enum(functionIdsOf(policy))),
    month: z.optional(z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM'))),
    channel: z.optional(z.enum(CHANNELS)),
    /** Complaints of one of the policy's categories. */
    category: z.optional(z.enum(categoryIds, { error: `expected one of the policy's categories: ${categoryIds.join(', ')}` })),
    /** Consultation comments awaiting the Administration Manager's decision, entered, or not entered. */
    consultation: z.optional(z.enum(CONSULTATION_STATES as [ConsultationState, ...ConsultationState[]], { error: `expected one of: ${CONSULTATION_STATES.join(', ')}` })),
    overdue: z.optional(yesNo),
    dueWithin: z.optional(z.coerce.number({ error: days }).check(z.int(days), z.gte(0, days), z.lte(MAX_DUE_WITHIN, days))),
    limit: z._default(z.coerce.number({ error: limit }).check(z.int(limit), z.gte(1, limit), z.lte(MAX_LIMIT, limit)), 25),
    /** Opaque: a page's nextCursor, for the same filters. */
    cursor: z.optional(z.string().check(z.maxLength(1_000, 'not a cursor this API gave for this query'))),
  });
};

/** Working days ahead a "due within" filter may look (about a year). */
const MAX_DUE_WITHIN = 250;
/** Cases on one page of the list. */
const MAX_LIMIT = 100;
