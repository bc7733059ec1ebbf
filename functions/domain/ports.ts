import type { Actor, AuditEvent, Case } from './case';
import type { Directory } from './staff';

/** The case store. The DynamoDB adapter is the only implementation that knows the table's keys. */
export interface CaseRepository {
  /**
   * Takes the next reference number of `year` and writes the case built for it, with its audit
   * event, in one transaction: a number is used only if its case is stored (gap-free, never reused).
   */
  createWithNextReference(year: number, build: (sequence: number) => { case: Case; event: AuditEvent }): Promise<Case>;
  /**
   * Stores a changed case and the event recording the change in one transaction, only if the stored
   * case is still at `expectedVersion` (else ConcurrentUpdateError, and nothing is written).
   */
  save(next: Case, event: AuditEvent, expectedVersion: number): Promise<void>;
  get(reference: string): Promise<Case | undefined>;
  timeline(reference: string): Promise<AuditEvent[]>;
  /** Every open case (from the sparse index of open cases). */
  listOpen(): Promise<Case[]>;
  /** Every case received in a month (YYYY-MM, Europe/London). */
  listReceivedIn(month: string): Promise<Case[]>;
  /** Every case. */
  listAll(): Promise<Case[]>;
  /** Cheap round trip proving the store answers (for the health check). */
  ping(): Promise<void>;
}

export interface DirectoryEvent {
  at: string;
  type: 'directory-updated';
  actor: Actor;
  version: number;
  data: Record<string, string | string[] | null>;
}

/** The staff directory store. */
export interface DirectoryRepository {
  /** The stored directory, or undefined before anyone has saved one. */
  get(): Promise<Directory | undefined>;
  /** Saves it with its audit event, only if the stored version is still `expectedVersion` (0: none stored yet). */
  save(next: Directory, event: DirectoryEvent, expectedVersion: number): Promise<void>;
}
