import type { Actor, AuditEvent, Case } from './case';
import type { MonthlyReport } from './reports/monthly-schema';
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
  /**
   * Writes a note on the case's timeline: an event that changes nothing about the case (the case and
   * its version are not touched, so nobody who read it is told it changed). Its `version` is the
   * version it annotates; the timeline shows it after that version's event, before the next one's.
   * Idempotent by `key` (unique among the notes of that version): noting the same key again writes
   * nothing and succeeds. StoreUnavailableError if the store did not answer.
   */
  note(event: AuditEvent, key: string): Promise<void>;
  get(reference: string): Promise<Case | undefined>;
  /** The case's events in order: by version, each version's notes after its event (ordered by key). */
  timeline(reference: string): Promise<AuditEvent[]>;
  /** Every open case (from the sparse index of open cases): for resuming workflows, never for a page of a list. */
  listOpen(): Promise<Case[]>;
  /**
   * One page of the case list, read from an index with the store's own pagination (never the whole
   * set): the cases matching `query` and `accept`, in the list's order, after `after`, at most `limit`.
   * `next` is where the page ended (absent: the list ended); it is the index position of the last case
   * read, so a case whose position does not move is never shown twice nor skipped.
   */
  listPage(query: CaseListQuery, page: { limit: number; after?: ListPosition; accept: (c: Case) => boolean }): Promise<CasePage>;
  /** Cheap round trip proving the store answers (for the health check). */
  ping(): Promise<void>;
}

/**
 * What the case list asks of the store: every field narrows. Deadlines are ISO instants compared with
 * the case's next deadline (open cases only). Order: with `month`, by receipt (oldest first);
 * otherwise open cases by next deadline (soonest first), then closed cases by receipt (newest first).
 */
export interface CaseListQuery {
  status?: 'open' | 'closed';
  kind?: Case['kind'];
  stage?: number;
  owner?: string;
  function?: string;
  /** YYYY-MM (Europe/London). */
  month?: string;
  channel?: Case['channel'];
  /** Complaints with this category (an id of the policy's complaintCategories). */
  category?: string;
  /** Open, with a next deadline strictly before this instant (overdue). */
  deadlineBefore?: string;
  /** Open with a next deadline at or after this instant, or closed (not overdue). */
  deadlineFrom?: string;
  /** Open, with a next deadline at or before this instant (due within). */
  deadlineBy?: string;
  /**
   * The instant the listing started: every page shows the cases where they stood in the list then
   * (as they were then, for one that has moved since), so none is shown twice or skipped. Cases
   * recorded after it wait for the next listing. Unset: where they stand now.
   */
  asOf?: string;
}

/** Where a page of the list ended: opaque to the domain, JSON-serialisable, meaningful only for the same query. */
export type ListPosition = { readonly segment: number; readonly key?: Record<string, string | number> };

export interface CasePage {
  items: Case[];
  next?: ListPosition;
}

/**
 * The private tracking links: the SHA-256 hash of each token (never the token itself) and the case
 * it opens. Whether a link still works is the case's business (`Case.trackingLink`): a replaced or
 * revoked link's hash may still be here.
 */
export interface TrackingLinkRepository {
  /** Records that `hash` opens `reference`; a hash already recorded is refused (StoreUnavailableError). */
  put(hash: string, reference: string, issuedAt: string): Promise<void>;
  /** The reference the hash was issued for, or undefined. */
  referenceOf(hash: string): Promise<string | undefined>;
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
  /** An urgent submission's Duty Officer alert went out (before letters were claimed one by one). */
  dutyOfficerTold?: boolean;
  /**
   * Local demos, where a working day of waiting lasts a few seconds: the wall-clock instant `wall`
   * at which the current stage's scaled wait began, standing for the case time `from`. Kept so that
   * a restart waits only for what is left of the stage, not for the whole stage again.
   */
  scaledClock?: ScaledClock;
}

export interface ScaledClock {
  /** The stage it belongs to: its number and when it started (a stage's record never changes these). */
  stage: number;
  stageStartedAt: string;
  /** ISO instants: the real time the scaled wait began, and the case time it stood for. */
  wall: string;
  from: string;
}

/**
 * One letter or notice of a case, by its id (`ack`, `closing`, `extension#7`, ...): claimed before
 * it is handed to the mailer, marked sent once the mailer took it. A claim still `sending` when the
 * next attempt comes means the attempt that held it ended without knowing (a crash, a timeout).
 */
export interface LetterRecord {
  state: 'sending' | 'sent' | 'in-doubt';
  /** When the claim was taken, or the letter sent, or flagged as in doubt. */
  at: string;
}

export interface WorkflowStateRepository {
  /** The state, with every letter claimed so far. */
  get(reference: string): Promise<WorkflowState & { letters: Record<string, LetterRecord> }>;
  /** Merges `patch` into the stored state (an undefined field is removed). */
  update(reference: string, patch: WorkflowState): Promise<void>;
  /**
   * Forgets the task token `taskToken` once the wait it ended is over, only if it is still the one
   * stored: the workflow, told to go on, may already have stored its next wait's token.
   */
  forgetTaskToken(reference: string, taskToken: string): Promise<void>;
  /**
   * Claims letter `letter` for sending, in one conditional write: resolves undefined when the
   * caller now holds the claim (nobody had claimed it, or its claim was released), else the record
   * of the earlier claim (and changes nothing).
   */
  claimLetter(reference: string, letter: string, at: string): Promise<LetterRecord | undefined>;
  /** Records the end of a claim: `sent` or `in-doubt` (kept for good: never sent again). */
  settleLetter(reference: string, letter: string, record: LetterRecord): Promise<void>;
  /** Gives a claim back: the letter is known not to have gone out, so a later attempt may send it. */
  releaseLetter(reference: string, letter: string): Promise<void>;
}

/**
 * What the retention job (functions/domain/remove-personal-data.ts) needs of the case store.
 */
export interface RetentionStore {
  /**
   * The closed cases received before `receivedBefore` (an ISO instant) that still hold personal data,
   * page by page, from the index of closed cases by receipt (a key condition bounds the read: never a
   * scan); the already anonymised are filtered out.
   */
  closedReceivedBefore(receivedBefore: string): AsyncIterable<Case[]>;
  get(reference: string): Promise<Case | undefined>;
  /**
   * Stores the anonymised case and its audit event, only if the stored case is still at
   * `expectedVersion`, and clears every other item of the case that holds personal data: each
   * timeline event `clear` changes (undefined: keep it as it is) and the case's list traces. One
   * transaction when it fits DynamoDB's limit (else the earliest events are cleared first, which a
   * re-run repeats harmlessly). The stored report of the month the case was received in loses the
   * free text it copied from the case (retention.ts reportWithoutPersonalText) in the same
   * transaction. ConcurrentUpdateError when the case or that report changed (and then neither is
   * written); resolves with the number of items cleared besides the case.
   */
  anonymise(next: Case, event: AuditEvent, expectedVersion: number, clear: (e: AuditEvent) => AuditEvent | undefined): Promise<{ cleared: number }>;
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

/** A stored month, as the list of reports shows it: when it was made and its first figures. */
export interface StoredMonth {
  month: string;
  generatedAt: string;
  complaints: number;
  compliments: number;
  openOverdue: number;
}

/**
 * The monthly reports and the month of cases each is made from. One report per month: storing a
 * month again replaces it. The SSM's email of each run is claimed before it is sent, so a retry of
 * the same run never sends it twice.
 */
export interface ReportRepository {
  /** Every case received in `month` (YYYY-MM, London), from the month-of-receipt index page by page: never a scan. */
  casesReceivedIn(month: string): Promise<Case[]>;
  /** Stores the month's report, replacing any stored before. */
  saveMonth(report: MonthlyReport): Promise<void>;
  getMonth(month: string): Promise<MonthlyReport | undefined>;
  /** The stored months, newest first. */
  months(): Promise<StoredMonth[]>;
  /** Claims the email of run `run` of `month`: undefined when the caller now holds it, else the earlier claim (and nothing changes). */
  claimEmail(month: string, run: string, at: string): Promise<LetterRecord | undefined>;
  /** Records how the claim ended: sent, or in doubt (never sent again). */
  settleEmail(month: string, run: string, record: LetterRecord): Promise<void>;
  /** Gives the claim back: the email is known not to have gone, so a retry may send it. */
  releaseEmail(month: string, run: string): Promise<void>;
}

/**
 * What a scheduled job sends on a day, marked so that it goes once (the timescale monitor's digest
 * of the day; a reminder per case, day and recipient): `key` within the job's `day`.
 */
export interface SendMarker {
  job: string;
  /** YYYY-MM-DD (Europe/London). */
  day: string;
  key: string;
}

/**
 * The marks of a job's sends, with the letters' semantics (WorkflowStateRepository.claimLetter):
 * claimed in one conditional write before the email goes to the mailer, settled once it went, given
 * back when it is known not to have gone.
 */
export interface SendMarkers {
  /** Resolves undefined when the caller now holds the claim, else the record of the earlier claim (and changes nothing). */
  claim(marker: SendMarker, at: string): Promise<LetterRecord | undefined>;
  settle(marker: SendMarker, record: LetterRecord): Promise<void>;
  /** Gives back a claim still `sending`; one settled stays. */
  release(marker: SendMarker): Promise<void>;
}
