import type { Texts } from './texts';

/**
 * Staff as people read them: the staff API names everyone by the id they sign in with
 * ("operations-head"); the staff directory gives each post holder's name. The console shows the
 * name, and the id only for someone the directory does not list (a receiver, someone who left).
 */

interface Named {
  id: string;
  name: string;
}

/** What the console reads of GET /api/directory: every post holder with a name. */
export interface DirectoryNames {
  functions: Array<{ head: Named; deputy: Named }>;
  dutyOfficer: Named;
  customerRelationsOfficer: Named;
  administrationManager: Named;
  strategicSupportManager: Named;
  consultationOfficer?: Named;
  legalGovernance?: Named;
}

/** Staff id → name, for every post holder of the directory (none without one). */
export function namesFrom(directory: DirectoryNames | undefined): ReadonlyMap<string, string> {
  if (!directory) return new Map();
  const people = [
    ...directory.functions.flatMap((f) => [f.head, f.deputy]),
    directory.dutyOfficer,
    directory.customerRelationsOfficer,
    directory.administrationManager,
    directory.strategicSupportManager,
    ...(directory.consultationOfficer ? [directory.consultationOfficer] : []),
    ...(directory.legalGovernance ? [directory.legalGovernance] : []),
  ];
  return new Map(people.map((p) => [p.id, p.name]));
}

/** A staff id as a name: the directory's, else the id itself. */
export const nameOf = (names: ReadonlyMap<string, string>, id: string): string => names.get(id) ?? id;

/** A role in staff's words ("Functional Head"), or the role itself if the texts have none. */
export const roleName = (t: Texts, role: string): string => (t.has(`roles.${role}`) ? t(`roles.${role}`) : role);
