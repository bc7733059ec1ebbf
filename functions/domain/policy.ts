import * as z from './zod';
import defaultPolicyJson from '../../policies/bedfordshire-and-luton.json';
import { PolicyError } from './errors';
import { toIssues } from './validation';

/**
 * The complaints procedure as configuration. Every number, stage and owner the system runs on comes
 * from here, so another service can run its own procedure by changing this object, not the code.
 * The default is the service order in shared/seeds (Bedfordshire and Luton Fire and Rescue Service).
 */

const isoDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'),
  z.refine(
    (s: string) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'not a real calendar date',
  ),
);
const email = z.email({ message: 'expected an email address' }).check(z.maxLength(254));
const text = (max: number) => z.string().check(z.trim(), z.minLength(1, 'required'), z.maxLength(max));
const workingDays = z.number().check(z.int('expected a whole number of working days'), z.gte(1), z.lte(250));
const slug = z.string().check(z.regex(/^[a-z][a-z0-9-]{0,39}$/, 'expected a lower-case identifier (a-z, 0-9, -)'));

/** A function of the service (Operations, Prevention, ...). Who heads it is in the staff directory. */
const ServiceFunction = z.strictObject({
  id: slug,
  name: text(100),
});

const Stage = z.strictObject({
  name: text(100),
  /**
   * Who owns the stage: the Functional Head (or Deputy) of the case's function; a different
   * Functional Head from every earlier stage's owner; or the Customer Relations Officer.
   */
  owner: z.enum(['functional-head', 'another-functional-head', 'cro']),
  workingDays,
});

const Contact = z.strictObject({
  name: text(200),
  phone: z.optional(text(40)),
  website: z.optional(z.url()),
  email: z.optional(email),
});

export const PolicySchema = z
  .strictObject({
    organisation: z.strictObject({
      name: text(200),
      phone: text(40),
      email,
      website: z.url(),
    }),
    /** The language of every page and letter (web/locales/<language>.json), a BCP 47 tag such as en-GB or cy. */
    language: z._default(z.string().check(z.regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'expected a language tag such as "en-GB" or "cy"')), 'en-GB'),
    /** Reference numbers read PREFIX-YYYY-NNNNN. */
    referencePrefix: z.string().check(z.regex(/^[A-Z]{1,8}$/, 'expected 1 to 8 capital letters')),
    timeZone: z.literal('Europe/London'),
    bankHolidays: z.enum(['england-and-wales', 'scotland', 'northern-ireland']),
    /** Days the organisation is closed besides weekends and bank holidays. */
    closureDays: z.array(isoDate).check(z.maxLength(500)),
    acknowledgeWithinWorkingDays: workingDays,
    stages: z.array(Stage).check(z.minLength(1, 'at least one stage'), z.maxLength(10)),
    /** Longest extension of one stage's deadline an owner may grant, in working days. */
    maxExtensionWorkingDays: workingDays,
    functions: z.array(ServiceFunction).check(z.minLength(1, 'at least one function')),
    /**
     * What a complaint is about, set by staff and counted in the monthly report. The default is the
     * categories fire services publish.
     */
    complaintCategories: z._default(z.array(ServiceFunction).check(z.minLength(1, 'at least one category'), z.maxLength(50)), [
      { id: 'behaviour', name: 'Behaviour of staff' },
      { id: 'driving', name: 'Driving' },
      { id: 'damage-to-property', name: 'Damage to property' },
      { id: 'operational-response', name: 'Operational response' },
      { id: 'prevention', name: 'Prevention' },
      { id: 'protection', name: 'Protection' },
      { id: 'work-process', name: 'Work process' },
      { id: 'other', name: 'Other' },
    ]),
    ombudsman: Contact,
    informationCommissioner: Contact,
    /**
     * The review of a complaint about how an information request was handled (FOI, EIR, subject
     * access), by Legal & Governance: within `workingDays` of the referral, at most `maxWorkingDays`
     * in all with the one extension (the ICO's 20, and 40 in exceptional cases).
     */
    informationRequestReview: z._default(z.strictObject({ workingDays, maxWorkingDays: workingDays }), { workingDays: 20, maxWorkingDays: 40 }),
    /** Personal data is removed this many months after the case and any review/Ombudsman case end. */
    personalDataRetentionMonths: z.number().check(z.int(), z.gte(1), z.lte(120)),
  })
  .check(
    z.superRefine((policy, ctx) => {
      for (const [field, what] of [['functions', 'function'], ['complaintCategories', 'category']] as const) {
        const seen = new Set<string>();
        policy[field].forEach((item, i) => {
          if (seen.has(item.id)) {
            ctx.addIssue({
              // Stryker disable next-line StringLiteral: equivalent, the code never leaves the domain (toIssues keeps path and message)
              code: 'custom',
              path: [field, i, 'id'],
              message: `duplicate ${what} id "${item.id}"`,
            });
          }
          seen.add(item.id);
        });
      }
      if (policy.informationRequestReview.maxWorkingDays < policy.informationRequestReview.workingDays) {
        ctx.addIssue({
          // Stryker disable next-line StringLiteral: equivalent, the code never leaves the domain (toIssues keeps path and message)
          code: 'custom',
          path: ['informationRequestReview', 'maxWorkingDays'],
          message: 'cannot be fewer than workingDays (the most a review may take, with its extension)',
        });
      }
      const needsAnotherHead = policy.stages.some((s) => s.owner === 'another-functional-head');
      if (needsAnotherHead && policy.functions.length < 2) {
        ctx.addIssue({
          // Stryker disable next-line StringLiteral: equivalent, the code never leaves the domain (toIssues keeps path and message)
          code: 'custom',
          path: ['functions'],
          message: 'a stage owned by "another-functional-head" needs at least two functions',
        });
      }
    }),
  );

export type Policy = z.infer<typeof PolicySchema>;
export type ServiceFunction = z.infer<typeof ServiceFunction>;

/** Validates a policy, throwing PolicyError that names every bad field. */
export function parsePolicy(raw: unknown): Policy {
  const result = PolicySchema.safeParse(raw);
  if (!result.success) throw new PolicyError(toIssues(result.error));
  return result.data;
}

/**
 * The service order in shared/seeds (policies/bedfordshire-and-luton.json): 7 working days to
 * acknowledge, three stages of 10. It names no person: staff live in the staff directory (staff.ts).
 */
export const defaultPolicy: Policy = parsePolicy(defaultPolicyJson);

/** Reads a policy given as JSON text (an environment variable or a file), or the default when absent. */
export function policyFromJson(json: string | undefined): Policy {
  if (json === undefined || json.trim() === '') return defaultPolicy;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (cause) {
    throw new PolicyError([{ path: '', message: `not valid JSON (${(cause as Error).message})` }]);
  }
  return parsePolicy(raw);
}
