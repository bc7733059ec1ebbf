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

/** What the workflow remembers about a case between its steps (not part of the case's history). */
export interface WorkflowState {
  /** The callback token of the task now waiting for the stage outcome, if one is. */
  taskToken?: string;
  /** The case version that wait was armed for. */
  armedVersion?: number;
  /** Who was last told they own the current stage, and which stage that was. */
  notifiedOwner?: string | null;
  notifiedStage?: number | null;
  /** An urgent submission's Duty Officer alert went out. */
  dutyOfficerTold?: boolean;
}

export interface WorkflowStateRepository {
  get(reference: string): Promise<WorkflowState>;
  /** Merges `patch` into the stored state. */
  update(reference: string, patch: WorkflowState): Promise<void>;
}

/** The complaint's workflow (Step Functions): started once per case, told when staff change the case. */
export interface Workflow {
  /** Starts the case's workflow; starting it again while it runs does nothing. */
  start(reference: string): Promise<void>;
  /**
   * Tells the waiting workflow that the case changed (`event` is the audit event type). Resolves
   * false when nothing was waiting (the workflow will read the change at its next step anyway).
   */
  signal(reference: string, event: string): Promise<boolean>;
}
