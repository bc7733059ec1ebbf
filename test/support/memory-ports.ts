import { receivedEvent, type AuditEvent, type Case } from '../../functions/domain/case';
import { ConcurrentUpdateError, StoreUnavailableError } from '../../functions/domain/errors';
import type { EmailMessage, Mailer } from '../../functions/domain/mail';
import type {
  CaseListQuery,
  CasePage,
  CaseRepository,
  DirectoryEvent,
  ListPosition,
  DirectoryRepository,
  LetterRecord,
  TrackingLinkRepository,
  Workflow,
  WorkflowState,
  WorkflowStateRepository,
} from '../../functions/domain/ports';
import type { Directory } from '../../functions/domain/staff';

/**
 * In-memory doubles of the domain's ports, for the fast tests under test/domain/. They keep the
 * DynamoDB adapter's promises (functions/adapters/dynamodb-case-repository.ts), so a test that passes
 * here does not rely on a store more forgiving than the real one:
 * - a versioned write lands only if the stored version is still the one expected (0: nothing stored
 *   yet), and its audit event only if no event of that version exists; else ConcurrentUpdateError
 *   and nothing is written;
 * - a note touches neither the case nor its version, is written once per version and key (again:
 *   nothing written, no error), and the timeline shows it after its version's event, notes by key;
 * - reference numbers are gap-free per year: a number is used only if its case is stored;
 * - the open-cases list is the sparse index: open cases with a next deadline;
 * - a page of the case list is in the adapter's order (by month: received; else open cases by
 *   deadline, then closed ones newest first) and goes on from the position of the last case shown
 *   (it keeps no list traces: `asOf` is the adapter's business, tested against DynamoDB Local);
 * - what goes in or comes out is a copy (a test cannot change a stored case by holding on to it);
 * - a letter's claim is a conditional write: the first claim wins, a release gives back only a claim
 *   still `sending`.
 * Each has a way to make its next matching call fail, for the faults a test needs.
 */

const copy = <T>(value: T): T => structuredClone(value);

/** The case store, with the adapter's version checks and gap-free reference numbers. */
export class MemoryCases implements CaseRepository {
  readonly cases = new Map<string, Case>();
  readonly events = new Map<string, AuditEvent[]>();
  /** The last reference number taken, per year. */
  readonly counters = new Map<number, number>();
  /** The stored notes, with the sort key the adapter gives them (a version's event has none). */
  private readonly noteKeys = new WeakMap<AuditEvent, string>();
  private fault?: { when: (event: AuditEvent) => boolean; error: Error };

  /** The adapter's sort key of a stored event (dynamodb-case-repository.ts eventSortKey, noteSortKey). */
  private sortKey(e: AuditEvent): string {
    const version = String(e.version).padStart(6, '0');
    const key = this.noteKeys.get(e);
    return key === undefined ? version : `${version}#NOTE#${key}`;
  }

  private byKey(events: AuditEvent[]): AuditEvent[] {
    return events.sort((a, b) => {
      const [x, y] = [this.sortKey(a), this.sortKey(b)];
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }

  /** Stores a case as if it had just been received (its `received` event with it), bypassing the counter. */
  put(c: Case): Case {
    this.cases.set(c.reference, copy(c));
    this.events.set(c.reference, [receivedEvent(c, { type: 'public' })]);
    return c;
  }

  /** The next save, note or creation whose event matches throws `error` instead, writing nothing. */
  failOnce(when: (event: AuditEvent) => boolean, error: Error): void {
    this.fault = { when, error };
  }

  private faultFor(event: AuditEvent): Error | undefined {
    if (!this.fault?.when(event)) return undefined;
    const { error } = this.fault;
    this.fault = undefined;
    return error;
  }

  async createWithNextReference(year: number, build: (sequence: number) => { case: Case; event: AuditEvent }): Promise<Case> {
    const sequence = (this.counters.get(year) ?? 0) + 1;
    const { case: c, event } = build(sequence);
    const fault = this.faultFor(event);
    if (fault) throw fault;
    if (this.cases.has(c.reference)) throw new StoreUnavailableError(`Could not store the case: ${c.reference} exists`);
    this.counters.set(year, sequence);
    this.cases.set(c.reference, copy(c));
    this.events.set(c.reference, [copy(event)]);
    return c;
  }

  async save(next: Case, event: AuditEvent, expectedVersion: number): Promise<void> {
    const fault = this.faultFor(event);
    if (fault) throw fault;
    const stored = this.cases.get(next.reference);
    const versionHolds = expectedVersion === 0 ? stored === undefined : stored?.version === expectedVersion;
    const events = this.events.get(next.reference) ?? [];
    if (!versionHolds || events.some((e) => !this.noteKeys.has(e) && e.version === event.version)) {
      throw new ConcurrentUpdateError(`${next.reference} changed since you read it (you read version ${expectedVersion}); read it again`);
    }
    this.cases.set(next.reference, copy(next));
    this.events.set(next.reference, this.byKey([...events, copy(event)]));
  }

  async note(event: AuditEvent, key: string): Promise<void> {
    const fault = this.faultFor(event);
    if (fault) throw fault;
    const events = this.events.get(event.reference) ?? [];
    if (events.some((e) => e.version === event.version && this.noteKeys.get(e) === key)) return;
    const stored = copy(event);
    this.noteKeys.set(stored, key);
    this.events.set(event.reference, this.byKey([...events, stored]));
  }

  async get(reference: string): Promise<Case | undefined> {
    const c = this.cases.get(reference);
    return c && copy(c);
  }

  async timeline(reference: string): Promise<AuditEvent[]> {
    return copy(this.events.get(reference) ?? []);
  }

  async listOpen(): Promise<Case[]> {
    return copy([...this.cases.values()].filter((c) => c.status === 'open' && c.nextDeadline));
  }

  async listPage(q: CaseListQuery, page: { limit: number; after?: ListPosition; accept: (c: Case) => boolean }): Promise<CasePage> {
    const open = (c: Case) => c.status === 'open' && c.nextDeadline !== null;
    const matches = (c: Case) =>
      (q.status === undefined || c.status === q.status) &&
      (q.kind === undefined || c.kind === q.kind) &&
      (q.stage === undefined || c.stage === q.stage) &&
      (q.owner === undefined || c.owner === q.owner) &&
      (q.function === undefined || c.function === q.function) &&
      (q.month === undefined || c.receivedOn.startsWith(q.month)) &&
      (q.channel === undefined || c.channel === q.channel) &&
      (q.category === undefined || c.category === q.category) &&
      (q.deadlineBefore === undefined || (open(c) && c.nextDeadline! < q.deadlineBefore)) &&
      (q.deadlineBy === undefined || (open(c) && c.nextDeadline! <= q.deadlineBy)) &&
      (q.deadlineFrom === undefined || c.status === 'closed' || (open(c) && c.nextDeadline! >= q.deadlineFrom));
    const received = (c: Case) => `${c.receivedAt}#${c.reference}`;
    const all = [...this.cases.values()].filter(matches);
    const segments = q.month
      ? [{ members: all, key: received, forward: true }]
      : [
          { members: all.filter(open), key: (c: Case) => `${c.nextDeadline}#${c.reference}`, forward: true },
          { members: all.filter((c) => c.status === 'closed'), key: received, forward: false },
        ];
    const items: Array<{ c: Case; at: ListPosition }> = [];
    for (let segment = page.after?.segment ?? 0; segment < segments.length; segment++) {
      const { members, key, forward } = segments[segment]!;
      const after = segment === page.after?.segment ? (page.after.key?.position as string | undefined) : undefined;
      const sorted = members.sort((a, b) => (forward ? 1 : -1) * key(a).localeCompare(key(b)));
      for (const c of sorted) {
        if (after !== undefined && (forward ? key(c) <= after : key(c) >= after)) continue;
        if (!page.accept(c)) continue;
        if (items.length === page.limit) return { items: items.map((i) => copy(i.c)), next: items.at(-1)!.at };
        items.push({ c, at: { segment, key: { position: key(c) } } });
      }
    }
    return { items: items.map((i) => copy(i.c)) };
  }

  /** Every case (for tests: the adapter lists only page by page, from an index). */
  async listAll(): Promise<Case[]> {
    return copy([...this.cases.values()]);
  }

  async ping(): Promise<void> {}
}

/** The staff directory store: one versioned directory and its audit events. */
export class MemoryDirectory implements DirectoryRepository {
  stored?: Directory;
  readonly events: DirectoryEvent[] = [];

  constructor(stored?: Directory) {
    this.stored = stored && copy(stored);
  }

  async get(): Promise<Directory | undefined> {
    return this.stored && copy(this.stored);
  }

  async save(next: Directory, event: DirectoryEvent, expectedVersion: number): Promise<void> {
    const versionHolds = expectedVersion === 0 ? this.stored === undefined : this.stored?.version === expectedVersion;
    if (!versionHolds || this.events.some((e) => e.version === event.version)) {
      throw new ConcurrentUpdateError('The staff directory changed since you read it; read it again');
    }
    this.stored = copy(next);
    this.events.push(copy(event));
  }
}

/** The workflow's notes on each case, with the adapter's claim semantics for letters. */
export class MemoryState implements WorkflowStateRepository {
  readonly states = new Map<string, WorkflowState & { letters: Record<string, LetterRecord> }>();
  private fault?: (patch: WorkflowState) => boolean;

  private of(reference: string) {
    if (!this.states.has(reference)) this.states.set(reference, { letters: {} });
    return this.states.get(reference)!;
  }

  /** The next update whose patch matches throws StoreUnavailableError instead, writing nothing. */
  failUpdateOnce(when: (patch: WorkflowState) => boolean): void {
    this.fault = when;
  }

  async get(reference: string) {
    return copy(this.of(reference));
  }

  async update(reference: string, patch: WorkflowState): Promise<void> {
    if (this.fault?.(patch)) {
      this.fault = undefined;
      throw new StoreUnavailableError('The workflow state could not be stored');
    }
    const s = this.of(reference) as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete s[k];
      else s[k] = copy(v);
    }
  }

  async forgetTaskToken(reference: string, taskToken: string): Promise<void> {
    const s = this.of(reference);
    if (s.taskToken === taskToken) delete s.taskToken;
  }

  async claimLetter(reference: string, letter: string, at: string): Promise<LetterRecord | undefined> {
    const letters = this.of(reference).letters;
    if (letters[letter]) return { ...letters[letter] };
    letters[letter] = { state: 'sending', at };
    return undefined;
  }

  async settleLetter(reference: string, letter: string, record: LetterRecord): Promise<void> {
    this.of(reference).letters[letter] = { ...record };
  }

  async releaseLetter(reference: string, letter: string): Promise<void> {
    const letters = this.of(reference).letters;
    if (letters[letter]?.state === 'sending') delete letters[letter];
  }
}

/**
 * The workflow as the Step Functions adapter runs it: `start` is idempotent per reference; `signal`
 * ends the wait whose task token the workflow state holds (and forgets the token), and says false
 * when nothing was waiting.
 */
export class MemoryWorkflow implements Workflow {
  readonly started: string[] = [];
  readonly signals: Array<{ reference: string; event: string }> = [];
  private startFault?: Error;
  private signalFault?: Error;

  constructor(private readonly state?: WorkflowStateRepository) {}

  /** The next start throws `error` (as the adapter throws WorkflowUnavailableError when Step Functions cannot be reached). */
  failStartOnce(error: Error): void {
    this.startFault = error;
  }

  /** The next signal throws `error`. */
  failSignalOnce(error: Error): void {
    this.signalFault = error;
  }

  async start(reference: string): Promise<void> {
    if (this.startFault) {
      const error = this.startFault;
      this.startFault = undefined;
      throw error;
    }
    if (!this.started.includes(reference)) this.started.push(reference);
  }

  async signal(reference: string, event: string): Promise<boolean> {
    if (this.signalFault) {
      const error = this.signalFault;
      this.signalFault = undefined;
      throw error;
    }
    const taskToken = this.state ? (await this.state.get(reference)).taskToken : undefined;
    if (!taskToken) return false;
    this.signals.push({ reference, event });
    await this.state!.forgetTaskToken(reference, taskToken);
    return true;
  }
}

/** The tracking links by hash, refusing a hash already recorded as the adapter does. */
export class MemoryTrackingLinks implements TrackingLinkRepository {
  readonly links = new Map<string, { reference: string; issuedAt: string }>();
  private fault?: Error;

  /** The next put throws `error` instead, writing nothing. */
  failPutOnce(error: Error): void {
    this.fault = error;
  }

  async put(hash: string, reference: string, issuedAt: string): Promise<void> {
    if (this.fault) {
      const error = this.fault;
      this.fault = undefined;
      throw error;
    }
    if (this.links.has(hash)) throw new StoreUnavailableError('The tracking link could not be stored');
    this.links.set(hash, { reference, issuedAt });
  }

  async referenceOf(hash: string): Promise<string | undefined> {
    return this.links.get(hash)?.reference;
  }
}

/** Distinct well-formed tracking tokens, one per call (`issued` keeps them), in place of random ones. */
export function sequentialTokens() {
  const issued: string[] = [];
  const next = () => {
    const token = `tok${String(issued.length + 1).padStart(8, '0')}`.padEnd(43, 'x');
    issued.push(token);
    return token;
  };
  return Object.assign(next, { issued });
}

/** Keeps what it sends; `failOnce` makes the next send throw instead (nothing sent). */
export class MemoryMailer implements Mailer {
  readonly sent: EmailMessage[] = [];
  private fault?: Error;

  failOnce(error: Error): void {
    this.fault = error;
  }

  async send(message: EmailMessage): Promise<{ messageId: string }> {
    if (this.fault) {
      const error = this.fault;
      this.fault = undefined;
      throw error;
    }
    this.sent.push(copy(message));
    return { messageId: `m-${this.sent.length}` };
  }

  /** The messages whose subject contains `subject`. */
  to(subject: string): EmailMessage[] {
    return this.sent.filter((m) => m.subject.includes(subject));
  }

  /** The messages sent to `address`. */
  for(address: string): EmailMessage[] {
    return this.sent.filter((m) => m.to.includes(address));
  }
}

/** A fresh set of every port, wired as the handlers wire the real ones (the workflow signals through the state). */
export function memoryPorts(directory?: Directory) {
  const state = new MemoryState();
  return {
    cases: new MemoryCases(),
    directory: new MemoryDirectory(directory),
    state,
    workflow: new MemoryWorkflow(state),
    mailer: new MemoryMailer(),
    trackingLinks: new MemoryTrackingLinks(),
    randomToken: sequentialTokens(),
  };
}
