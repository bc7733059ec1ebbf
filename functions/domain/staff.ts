import * as z from './zod';
import type { Role } from '../config/roles';
import type { Policy } from './policy';
import { oneLine, requiredText } from './text';

/** The signed-in member of staff, as the token says. */
export interface Staff {
  id: string;
  roles: Role[];
}

const staffId = z.string().check(z.regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'expected a staff id (a-z, 0-9, ., _, -)'));
const personName = requiredText(oneLine, 100);
const email = z.email({ error: 'expected an email address' }).check(z.maxLength(254));

export const DirectoryPerson = z.strictObject({
  id: staffId,
  name: personName,
  email,
  available: z.boolean({ error: 'expected true or false' }),
});
export type DirectoryPerson = z.infer<typeof DirectoryPerson>;

/**
 * Who does what, maintained by the Administration Manager: each function's Head and Deputy and
 * whether they are available, the Duty Officer, the Customer Relations Officer, the Administration
 * Manager, the Strategic Support Manager, the Consultation and Partnership Officer and Legal &
 * Governance. The only place the system keeps staff names and email
 * addresses (the policy names none); until it is first saved, `defaultDirectory` stands in.
 */
const Post = z.omit(DirectoryPerson, { available: true });

export const DirectoryInput = z
  .strictObject({
    functions: z
      .array(
        z.strictObject({
          id: z.string().check(z.regex(/^[a-z][a-z0-9-]{0,39}$/, 'expected a lower-case identifier')),
          name: personName,
          head: DirectoryPerson,
          deputy: DirectoryPerson,
        }),
      )
      .check(z.minLength(1, 'at least one function'), z.maxLength(50)),
    dutyOfficer: Post,
    customerRelationsOfficer: Post,
    administrationManager: Post,
    strategicSupportManager: Post,
    /** The Consultation and Partnership Officer: told of each decision on a forwarded consultation comment. */
    consultationOfficer: z.optional(Post),
    /** Legal & Governance (the team's shared address): told of each complaint referred to them for review. */
    legalGovernance: z.optional(Post),
  })
  .check(
    z.superRefine((d, ctx) => {
      const ids = new Set<string>();
      d.functions.forEach((f, i) => {
        if (ids.has(f.id)) {
          ctx.addIssue({
            // Stryker disable next-line StringLiteral: equivalent, the code never leaves the domain (toIssues keeps path and message)
            code: 'custom',
            path: ['functions', i, 'id'],
            message: `duplicate function "${f.id}"`,
          });
        }
        ids.add(f.id);
        if (f.head.id === f.deputy.id) {
          ctx.addIssue({
            // Stryker disable next-line StringLiteral: equivalent, the code never leaves the domain (toIssues keeps path and message)
            code: 'custom',
            path: ['functions', i, 'deputy', 'id'],
            message: 'the Deputy must be another person than the Head',
          });
        }
      });
    }),
  );
export type DirectoryInput = z.infer<typeof DirectoryInput>;

export interface Directory extends DirectoryInput {
  version: number;
  updatedAt?: string;
  updatedBy?: string;
}

/**
 * The directory before the Administration Manager first saves it: every post held by a role address
 * at the organisation's mail domain (`operations-head@…`, `duty-officer@…`), everyone available.
 * The ids are the ones the local demo users sign in as.
 */
export function defaultDirectory(policy: Policy): Directory {
  const domain = policy.organisation.email.slice(policy.organisation.email.lastIndexOf('@') + 1);
  const post = (id: string, name: string) => ({ id, name, email: `${id}@${domain}` });
  return {
    functions: policy.functions.map((f) => ({
      id: f.id,
      name: f.name,
      head: { ...post(`${f.id}-head`, `Head of ${f.name}`), available: true },
      deputy: { ...post(`${f.id}-deputy`, `Deputy Head of ${f.name}`), available: true },
    })),
    dutyOfficer: post('duty-officer', 'Duty Officer'),
    customerRelationsOfficer: post('cro', 'Customer Relations Officer'),
    administrationManager: post('admin-manager', 'Administration Manager'),
    strategicSupportManager: post('ssm', 'Strategic Support Manager'),
    consultationOfficer: post('consultation-officer', 'Consultation and Partnership Officer'),
    legalGovernance: post('legal-governance', 'Legal & Governance'),
    version: 0,
  };
}

/**
 * The directory as stored, or the default when none is; a directory stored before a post was added
 * to it gets that post from the default until it is saved again.
 */
export function directoryOrDefault(stored: Directory | null | undefined, policy: Policy): Directory {
  const fallback = defaultDirectory(policy);
  if (!stored) return fallback;
  return {
    ...stored,
    administrationManager: stored.administrationManager ?? fallback.administrationManager,
    strategicSupportManager: stored.strategicSupportManager ?? fallback.strategicSupportManager,
    consultationOfficer: stored.consultationOfficer ?? fallback.consultationOfficer,
    legalGovernance: stored.legalGovernance ?? fallback.legalGovernance,
  };
}

/** The functions a person is Head or Deputy of. */
export function functionsLedBy(directory: Directory, staffId: string): string[] {
  return directory.functions.filter((f) => f.head.id === staffId || f.deputy.id === staffId).map((f) => f.id);
}

/** Heads and Deputies of every function, and the Duty Officer: who may own a Functional Head stage. */
export function functionalOwners(directory: Directory): Map<string, DirectoryPerson | { id: string; name: string; email: string }> {
  const owners = new Map<string, DirectoryPerson | { id: string; name: string; email: string }>();
  for (const f of directory.functions) {
    owners.set(f.head.id, f.head);
    owners.set(f.deputy.id, f.deputy);
  }
  owners.set(directory.dutyOfficer.id, directory.dutyOfficer);
  return owners;
}

/**
 * Step 4 of the procedure: the function's Head, else its Deputy, else (neither available) the
 * Duty Officer.
 */
export function stageOneOwner(directory: Directory, functionId: string): { owner: string; why: 'head' | 'deputy' | 'duty-officer' } {
  const f = directory.functions.find((x) => x.id === functionId);
  if (f?.head.available) return { owner: f.head.id, why: 'head' };
  if (f?.deputy.available) return { owner: f.deputy.id, why: 'deputy' };
  return { owner: directory.dutyOfficer.id, why: 'duty-officer' };
}

/** Whether a person is marked unavailable in the directory (people not listed as Head/Deputy are not). */
export function isUnavailable(directory: Directory, staffId: string): boolean {
  return directory.functions.some((f) => [f.head, f.deputy].some((p) => p.id === staffId && !p.available));
}
