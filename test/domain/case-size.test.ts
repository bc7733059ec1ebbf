import { describe, expect, it } from 'vitest';
import type { Case, DraftFindings, StageExtension } from '../../functions/domain/case';
import * as rules from '../../functions/domain/case-rules';
import { assertRoomFor, growingTextBytes, MAX_GROWING_TEXT_BYTES, NO_ROOM } from '../../functions/domain/case-size';
import { ValidationError } from '../../functions/domain/errors';
import { aComplaintAtStageOne, stageOneRecord } from '../support/case-mothers';
import { ruleContext, staff } from '../support/cases';

/**
 * The text that grows on a case each time it is used (draft findings, comments on them, extension
 * reasons) is bounded in bytes, so that a case always fits DynamoDB's 400 KB item.
 */

const WED_4_MAR = new Date('2026-03-04T11:00:00Z');
/** A character that takes three bytes in UTF-8 (and one UTF-16 unit, so 10,000 pass a 10,000-character limit). */
const WIDE = '中';

const draft = (findings: string, comments?: string): DraftFindings => ({
  sharedAt: '2026-03-03T10:00:00.000Z',
  sharedBy: 'operations-head',
  stage: 1,
  findings,
  ...(comments === undefined ? {} : { comments: { receivedOn: '2026-03-04', text: comments, recordedAt: '2026-03-04T10:00:00.000Z', recordedBy: 'admin-manager' } }),
});
const extension = (reason: string): StageExtension => ({ at: '2026-03-03T10:00:00.000Z', by: 'operations-head', workingDays: 1, reason });

function refusal(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('growingTextBytes', () => {
  it('counts the UTF-8 bytes of every draft, every comment and every extension reason', () => {
    const c = {
      draftFindings: [draft('abc', 'de'), draft(`${WIDE}x`)],
      stages: [{ ...stageOneRecord(), extensions: [extension('🚒'), extension('ok')] }, { ...stageOneRecord() }],
    };
    // 3 + 2 + (3 + 1) + 4 + 2
    expect(growingTextBytes(c)).toBe(15);
  });

  it('is 0 for a case with no drafts and stages without extensions', () => {
    expect(growingTextBytes({ draftFindings: [], stages: [stageOneRecord()] })).toBe(0);
  });
});

describe('assertRoomFor', () => {
  const holding = (bytes: number) => ({ draftFindings: [draft('x'.repeat(bytes))], stages: [] });

  it('lets a case hold exactly the limit', () => {
    expect(() => assertRoomFor(holding(MAX_GROWING_TEXT_BYTES), 'findings')).not.toThrow();
  });

  it('refuses a byte more, naming the field and saying how much the case may hold and would hold', () => {
    const error = refusal(() => assertRoomFor(holding(MAX_GROWING_TEXT_BYTES + 1), 'comments'));
    expect(error.issues).toEqual([
      {
        path: 'comments',
        message: `too long for this case: its draft findings, comments and extension reasons may hold 150 KB of text in all, and this would make 151 KB; shorten it, or send the rest by letter`,
      },
    ]);
  });

  it('holds 150 KB', () => {
    expect(MAX_GROWING_TEXT_BYTES).toBe(153_600);
  });

  it('begins its message with the words the tracking page looks for', () => {
    expect(NO_ROOM).toBe('too long for this case');
  });
});

describe('the rules that add growing text', () => {
  const full = (c: Case): Case => ({ ...c, draftFindings: [draft(WIDE.repeat(10_000), WIDE.repeat(10_000)), draft(WIDE.repeat(10_000), WIDE.repeat(10_000))] });

  it('shares draft findings until the case is full, then refuses naming findings', () => {
    let c = aComplaintAtStageOne();
    let shared = 0;
    for (;;) {
      try {
        c = rules.shareDraftFindings(c, { findings: WIDE.repeat(10_000) }, ruleContext(staff.opsHead, WED_4_MAR)).case;
        shared++;
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues[0]!.path).toBe('findings');
        break;
      }
    }
    // 30,000 bytes each: five fit in 153,600, a sixth does not.
    expect(shared).toBe(5);
    expect(c.draftFindings).toHaveLength(5);
  });

  /** 150,000 bytes: two drafts with comments, and a third waiting for comments. */
  const nearlyFull = (): Case => {
    const c = full(aComplaintAtStageOne());
    return { ...c, draftFindings: [...c.draftFindings, draft(WIDE.repeat(10_000))] };
  };

  it('refuses comments that would overfill the case, naming comments', () => {
    const c = nearlyFull();
    const error = refusal(() => rules.recordDraftComments(c, { comments: WIDE.repeat(10_000), receivedOn: '2026-03-04' }, ruleContext(staff.admin, WED_4_MAR)));
    expect(error.issues.map((i) => i.path)).toEqual(['comments']);
    expect(rules.recordDraftComments(c, { comments: 'Short', receivedOn: '2026-03-04' }, ruleContext(staff.admin, WED_4_MAR)).case.draftFindings[2]!.comments?.text).toBe('Short');
  });

  it('refuses an extension reason that would overfill the case, naming reason', () => {
    const c = nearlyFull();
    const error = refusal(() => rules.extendDeadline(c, { workingDays: 1, reason: WIDE.repeat(2_000) }, ruleContext(staff.opsHead, WED_4_MAR)));
    expect(error.issues.map((i) => i.path)).toEqual(['reason']);
    expect(rules.extendDeadline(c, { workingDays: 1, reason: 'Waiting for CCTV' }, ruleContext(staff.opsHead, WED_4_MAR)).case.stages[0]!.extendedBy).toBe(1);
  });
});
