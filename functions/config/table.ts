/**
 * The single DynamoDB table, defined once. infra/ creates it from this, local/ creates it in
 * DynamoDB Local from this, and the repository adapter is the only code that builds its keys.
 *
 * Items:
 *   case        pk CASE#<ref>          sk CASE
 *   audit event pk CASE#<ref>          sk EVENT#<version, 6 digits> (append-only: one per version of the case)
 *   note        pk CASE#<ref>          sk EVENT#<version, 6 digits>#NOTE#<key>
 *                                                                (a timeline event that changes nothing, e.g. a reminder
 *                                                                 sent: written once per key, never the case or its
 *                                                                 version; sorts after the event of the version it
 *                                                                 annotates, before the next version's)
 *   counter     pk COUNTER#<name>      sk COUNTER
 *   idempotency pk IDEMPOTENCY#<fn>    sk <hash>                 (expires via `expiration`)
 *   report      pk REPORT#<YYYY-MM>    sk REPORT                 (the month's collated JSON, gzipped in `body`; made
 *                                                                 again, it replaces it: functions/adapters/dynamodb-report-repository.ts)
 *   report list pk REPORTS             sk MONTH#<YYYY-MM>        (month, generatedAt and key figures: the stored months, no scan)
 *   report mail pk REPORT#<YYYY-MM>    sk EMAIL#<run>            (the SSM's email of one run, claimed before it is sent)
 *   workflow    pk CASE#<ref>          sk WORKFLOW               (the workflow's notes and letter claims)
 *   directory   pk DIRECTORY           sk DIRECTORY              (its audit events: sk EVENT#<version>)
 *   tracking    pk TRACK#<sha256 hex>  sk TRACK                  (reference, issuedAt: the case a private link opens)
 *   list trace  pk CASE#<ref>          sk TRACE#<at>#<version>   (where a case stood in the lists until a change
 *                                                                 moved it, with positionUntil; expires via `expiration`)
 *   send marker pk MARK#<job>#<day>    sk <what>                 (a scheduled job's send, claimed before it goes:
 *                                                                 the day's digest, a case's reminder to someone;
 *                                                                 functions/adapters/dynamodb-send-markers.ts; expires)
 *
 * Indexes (all on case items only, all projecting ALL attributes so a page of the case list is one
 * Query with no GetItem per row). Sort keys end in #<ref>, and with the table's key every position in
 * an index is unique: the case list's cursor is such a position (functions/adapters/dynamodb-case-repository.ts).
 *   byMonthReceived   RECEIVED#<YYYY-MM>    <receivedAt>#<ref>        every case; immutable position
 *   openByDeadline    OPEN                  <nextDeadline>#<ref>      open cases (sparse)
 *   closedByReceived  CLOSED                <receivedAt>#<ref>        closed cases (sparse); newest first
 *   byOwner           OWNER#<staff id>      O#<nextDeadline>#<ref>    open cases with an owner, by deadline,
 *                                           C#<receivedAt>#<ref>      then closed ones (sparse: no owner, no item)
 *   byFunction        FUNCTION#<id>         O#… / C#… as byOwner      cases naming a function (sparse)
 * A deadline-sorted position moves when the deadline changes; a receivedAt position never does. Each
 * case item carries `positionSince` (when its list keys began to hold); a change that moves it leaves
 * a list trace with the old keys and `positionUntil`, so a listing shows every case where it stood
 * when its first page was read, exactly once. Traces are in openByDeadline, closedByReceived, byOwner
 * and byFunction: whoever reads those indexes for anything but a listing skips items with positionUntil.
 *
 * A move takes effect in the lists `listSettleMs` after the write is sent (its positionSince and the
 * trace's positionUntil), and the writer answers only once that instant has passed. So a listing
 * that starts before it sees the old place on every page, even if the write or the index's copy of
 * it lands while the listing reads its first page; one that starts after it (anyone who heard of the
 * change) sees the new place on every page.
 */
export const table = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  /** Epoch seconds; AWS expires idempotency records and list traces by it. Never relied on for correctness. */
  timeToLiveAttribute: 'expiration',
  /**
   * How long after a moving write is sent it takes effect in the lists: longer than the write and
   * the global secondary indexes' replication take (AWS's indexes lag the table, usually by well
   * under a second). DynamoDB Local updates its indexes within the write, so the local stack sets a
   * shorter time (LIST_SETTLE_MS).
   */
  listSettleMs: 1_000,
  /** Partition keys of idempotency records start with this (the only items ever deleted). */
  idempotencyKeyPrefix: 'IDEMPOTENCY#',
  indexes: {
    /** Cases by month of receipt, for the monthly report: gsi1pk RECEIVED#YYYY-MM, gsi1sk <receivedAt>#<ref>. */
    byMonthReceived: {
      indexName: 'byMonthReceived',
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
    },
    /** Sparse: only open cases carry gsi2pk, sorted by their next deadline: the case list's default view, the timescale monitor. */
    openByDeadline: {
      indexName: 'openByDeadline',
      partitionKey: { name: 'gsi2pk', type: 'S' },
      sortKey: { name: 'gsi2sk', type: 'S' },
    },
    /** Sparse: only closed cases, gsi3pk CLOSED, gsi3sk <receivedAt>#<ref> (read newest first). */
    closedByReceived: {
      indexName: 'closedByReceived',
      partitionKey: { name: 'gsi3pk', type: 'S' },
      sortKey: { name: 'gsi3sk', type: 'S' },
    },
    /** Sparse: cases with an owner, gsi4pk OWNER#<id>; open ones by deadline (O#…), then closed ones (C#<receivedAt>…). */
    byOwner: {
      indexName: 'byOwner',
      partitionKey: { name: 'gsi4pk', type: 'S' },
      sortKey: { name: 'gsi4sk', type: 'S' },
    },
    /** Sparse: cases naming a function, gsi5pk FUNCTION#<id>; sort keys as byOwner's. */
    byFunction: {
      indexName: 'byFunction',
      partitionKey: { name: 'gsi5pk', type: 'S' },
      sortKey: { name: 'gsi5sk', type: 'S' },
    },
  },
} as const;

export type TableIndex = (typeof table.indexes)[keyof typeof table.indexes];
