import type { WorkingDayCalendar } from './calendar';
import type { Case } from './case';
import { ConcurrentUpdateError } from './errors';
import type { Policy } from './policy';
import type { RetentionStore } from './ports';
import { anonymiseEvent, isDueForRemoval, removePersonalData, retentionCutoff } from './retention';

/**
 * The retention job (functions/config/schedules.ts DailyRetention), run at `at`, the time the run was
 * due: reads the closed cases received before the cutoff (the closed-cases index, never a scan),
 * and removes the personal data of each whose retention period has ended (retention.ts): the case
 * anonymised with its audit event, its timeline events and list traces cleared, its tracking link
 * revoked. Mails nobody; logs counts only.
 *
 * Safe to run again: an anonymised case is skipped, and one whose write did not happen is still due.
 * A member of staff changing the case at the same moment wins or loses whole (the versioned write):
 * the job reads the case again and decides again, once; a case still contended waits for the next run.
 */
export interface RetentionDeps {
  store: RetentionStore;
  policy: Pick<Policy, 'personalDataRetentionMonths'>;
  calendar: Pick<WorkingDayCalendar, 'londonDate' | 'startOfDay'>;
  /** The clock: when the removal is recorded. */
  now: () => Date;
}

export interface RetentionResult {
  /** Cases closed before this instant were read. */
  cutoff: string;
  /** Closed cases read that still held personal data. */
  read: number;
  /** Cases anonymised by this run. */
  anonymised: number;
  /** Timeline events and list traces cleared besides the cases. */
  itemsCleared: number;
  /** Cases read whose retention has not ended (closed too recently, or an Ombudsman enquiry still open, perhaps recorded as the job ran). */
  notDue: number;
  /** Cases changed by someone else at the same moment, twice: left for the next run. */
  conflicts: number;
}

export async function removeDuePersonalData(at: Date, d: RetentionDeps): Promise<RetentionResult> {
  const cutoff = retentionCutoff(at, d.policy, d.calendar);
  const result: RetentionResult = { cutoff, read: 0, anonymised: 0, itemsCleared: 0, notDue: 0, conflicts: 0 };
  const due = (c: Case | undefined): c is Case => c !== undefined && isDueForRemoval(c, d.policy, d.calendar, at);

  for await (const page of d.store.closedReceivedBefore(cutoff)) {
    for (const listed of page) {
      result.read++;
      let c: Case | undefined = listed;
      for (let attempt = 1; ; attempt++) {
        if (!due(c)) {
          result.notDue++;
          break;
        }
        const change = removePersonalData(c, d.policy, d.now())!;
        try {
          const { cleared } = await d.store.anonymise(change.case, change.event, c.version, anonymiseEvent);
          result.anonymised++;
          result.itemsCleared += cleared;
          break;
        } catch (error) {
          if (!(error instanceof ConcurrentUpdateError)) throw error;
          if (attempt === 2) {
            result.conflicts++;
            break;
          }
          c = await d.store.get(c.reference);
        }
      }
    }
  }
  return result;
}
