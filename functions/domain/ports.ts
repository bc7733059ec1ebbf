import type { AuditEvent, Case } from './case';

/** The case store. The DynamoDB adapter is the only implementation that knows the table's keys. */
export interface CaseRepository {
  /**
   * Takes the next reference number of `year` and writes the case built for it, with its audit
   * event, in one transaction: a number is used only if its case is stored (gap-free, never reused).
   */
  createWithNextReference(
    year: number,
    build: (sequence: number) => { case: Case; event: AuditEvent },
  ): Promise<Case>;
  get(reference: string): Promise<Case | undefined>;
  timeline(reference: string): Promise<AuditEvent[]>;
  /** Cheap round trip proving the store answers (for the health check). */
  ping(): Promise<void>;
}
