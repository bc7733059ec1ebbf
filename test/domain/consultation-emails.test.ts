import { describe, expect, it } from 'vitest';
import type { Case } from '../../functions/domain/case';
import { consultationDecisionNotice } from '../../functions/domain/consultation-emails';
import { defaultPolicy } from '../../functions/domain/policy';
import { aConsultationComment } from '../support/case-mothers';
import { enGB } from '../support/texts';

/** The Consultation and Partnership Officer is told of each decision on a comment they forwarded. */

const officer = { name: 'Pat Officer', email: 'consultation-officer@example.gov.uk' };
const decidedAt = '2026-03-05T14:00:00.000Z';
const comment = (decision?: NonNullable<Case['consultation']>['decision'], overrides: Partial<Case> = {}) =>
  aConsultationComment('consultation-officer', { consultation: { consultationType: 'Service <Improvement> Plan', ...(decision ? { decision } : {}) }, ...overrides });
const notice = (c: Case) => consultationDecisionNotice(c, defaultPolicy, enGB, officer);

describe('the decision email to the Consultation and Partnership Officer', () => {
  it('says a comment entered the procedure as a complaint, with the consultation and the date received', () => {
    const m = notice(comment({ entered: true, reason: 'About response times', decidedAt, decidedBy: 'admin-manager' }))!;
    expect(m.to).toEqual(['consultation-officer@example.gov.uk']);
    expect(m.subject).toBe('Consultation comment CC-2026-00001: it enters the complaints and compliments procedure');
    expect(m.text).toContain('Hello Pat Officer,');
    expect(m.text).toContain('the consultation "Service <Improvement> Plan", received on Monday 2 March 2026');
    expect(m.text).toContain('It enters the complaints procedure as a complaint, CC-2026-00001: it is being acknowledged');
    expect(m.text).toContain('The reason given: About response times');
    expect(m.text).toContain('acknowledge the comment as part of the public consultation');
    // Escaped in the HTML: what staff typed is text, never markup.
    expect(m.html).toContain('Service &lt;Improvement&gt; Plan');
    expect(m.html).not.toContain('<Improvement>');
  });

  it('says a comment entered as a compliment', () => {
    const m = notice(comment({ entered: true, decidedAt, decidedBy: 'admin-manager' }, { kind: 'compliment' }))!;
    expect(m.text).toContain('It enters the procedure as a compliment, CC-2026-00001');
    expect(m.text).not.toContain('The reason given');
  });

  it('says a comment was kept out, and why', () => {
    const m = notice(comment({ entered: false, reason: 'A view on the plan, not a complaint', decidedAt, decidedBy: 'admin-manager' }))!;
    expect(m.subject).toBe('Consultation comment CC-2026-00001: it does not enter the complaints and compliments procedure');
    expect(m.text).toContain('It does not enter the complaints and compliments procedure.');
    expect(m.text).toContain('The reason given: A view on the plan, not a complaint');
    expect(m.text).not.toContain('It enters');
  });

  it('has nothing to say before the decision, nor for a case from elsewhere', () => {
    expect(notice(comment())).toBeNull();
    expect(notice({ ...comment(), consultation: undefined })).toBeNull();
  });
});
