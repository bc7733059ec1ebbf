import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/domain/errors';
import { openCursor, queryDigest, sealCursor } from '../../functions/domain/list-cursor';

/** The case list's cursor (functions/domain/list-cursor.ts): signed, bound to its query. */

const KEY = 'a-key-for-the-tests-that-is-long-enough-0123456789';
const content = { position: { segment: 1, key: { pk: 'CASE#CC-2026-00001' } }, at: '2026-03-10T10:00:00.000Z' };

describe('the list cursor', () => {
  it('opens to what was sealed in it, for the same query', () => {
    const digest = queryDigest({ status: 'open', function: 'operations' });
    expect(openCursor(KEY, digest, sealCursor(KEY, digest, content))).toEqual(content);
  });

  it('binds the query whatever the order of its filters', () => {
    expect(queryDigest({ status: 'open', function: 'operations' })).toBe(queryDigest({ function: 'operations', status: 'open' }));
  });

  it.each([
    [{ status: 'open' }, { status: 'closed' }],
    [{ status: 'open' }, { kind: 'open' }],
    [{ stage: 1 }, { stage: '1' }],
    [{}, { overdue: false }],
  ])('tells %o from %o', (a, b) => {
    expect(queryDigest(a)).not.toBe(queryDigest(b));
  });

  it('refuses a cursor sealed for another query', () => {
    const cursor = sealCursor(KEY, queryDigest({ status: 'open' }), content);
    expect(() => openCursor(KEY, queryDigest({ status: 'closed' }), cursor)).toThrow(ValidationError);
  });
});
