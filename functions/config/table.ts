/**
 * The single DynamoDB table, defined once. infra/ creates it from this, local/ creates it in
 * DynamoDB Local from this, and the repository adapter is the only code that builds its keys.
 *
 * Items:
 *   case        pk CASE#<ref>          sk CASE
 *   audit event pk CASE#<ref>          sk EVENT#<version, 6 digits> (append-only: one per version of the case)
 *   counter     pk COUNTER#<name>      sk COUNTER
 *   idempotency pk IDEMPOTENCY#<fn>    sk <hash>                 (expires via `expiration`)
 *   report      pk REPORT#<YYYY-MM>    sk REPORT
 *   workflow    pk CASE#<ref>          sk WORKFLOW               (the workflow's notes and letter claims)
 *   directory   pk DIRECTORY           sk DIRECTORY              (its audit events: sk EVENT#<version>)
 *   tracking    pk TRACK#<sha256 hex>  sk TRACK                  (reference, issuedAt: the case a private link opens)
 */
export const table = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  /** Epoch seconds; AWS expires idempotency records by it. Never relied on for correctness. */
  timeToLiveAttribute: 'expiration',
  /** Partition keys of idempotency records start with this (the only items ever deleted). */
  idempotencyKeyPrefix: 'IDEMPOTENCY#',
  indexes: {
    /** Cases by month of receipt, for the monthly report: gsi1pk RECEIVED#YYYY-MM, gsi1sk <receivedAt>#<ref>. */
    byMonthReceived: {
      indexName: 'byMonthReceived',
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
    },
    /** Sparse: only open cases carry gsi2pk, sorted by their next deadline, for the timescale monitor. */
    openByDeadline: {
      indexName: 'openByDeadline',
      partitionKey: { name: 'gsi2pk', type: 'S' },
      sortKey: { name: 'gsi2sk', type: 'S' },
    },
  },
} as const;

export type TableIndex = (typeof table.indexes)[keyof typeof table.indexes];
