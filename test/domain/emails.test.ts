import { describe, expect, it } from 'vitest';
import { newCase, type Case } from '../../functions/domain/case';
import {
  acknowledgement,
  adminTask,
  closingLetter,
  complimentNotice,
  complimentThanks,
  dateInWords,
  dateTimeInWords,
  deadlineMissed,
  deadlineWarning,
  escalationNotice,
  extensionNotice,
  html,
  ombudsmanLetter,
  stageOwnerNotice,
  subject,
  urgentNotice,
  type AdminTask,
} from '../../functions/domain/emails';
import { InvalidStateError } from '../../functions/domain/errors';
import { isEmailAddress, UnsafeHeaderError, type EmailMessage } from '../../functions/domain/mail';
import { defaultPolicy as policy } from '../../functions/domain/policy';
import { parseSubmission } from '../../functions/domain/submission';
import { aComplaint, aCompliment } from '../support/mothers';

const REF = 'CC-2026-00042';
const head = { name: 'Head of Operations', email: 'operations-head@bedsfire.example' };
const admin = { name: 'Administration Manager', email: 'admin-manager@bedsfire.example' };
const duty = { name: 'Duty Officer', email: 'duty-officer@bedsfire.example' };
// Deadlines are the end of a Europe/London day (23:59:59.999 BST = 22:59:59.999Z).
const STAGE_ONE = '2026-06-15T22:59:59.999Z';
const NEW_DEADLINE = '2026-06-29T22:59:59.999Z';

function aCase(overrides: Record<string, unknown> = {}, kind: 'complaint' | 'compliment' = 'complaint'): Case {
  const body = kind === 'complaint' ? aComplaint(overrides) : aCompliment(overrides);
  const { submission } = parseSubmission(body, policy, '2026-06-01');
  return newCase(submission, {
    reference: REF,
    receivedAt: new Date('2026-06-01T09:00:00Z'),
    receivedOn: '2026-06-01',
    acknowledgeBy: new Date('2026-06-10T22:59:59.999Z'),
    channel: 'web',
  });
}

function withOutcome(c: Case, outcome: Partial<NonNullable<Case['outcome']>> = {}): Case {
  return {
    ...c,
    status: 'closed',
    closure: 'resolved',
    outcome: {
      stage: 1,
      decision: 'partly-upheld',
      response: 'The crew should not have parked there.',
      remedy: 'We have reminded every watch where to park.',
      decidedAt: '2026-06-12T10:00:00Z',
      decidedBy: 'operations-head',
      ...outcome,
    },
  };
}

const customerMessages: Array<[string, (c: Case) => EmailMessage | null]> = [
  ['acknowledgement', (c) => acknowledgement(c, policy, { stageOneDeadline: STAGE_ONE })],
  ['complimentThanks', (c) => complimentThanks(c, policy)],
  ['extensionNotice', (c) => extensionNotice(c, policy, { newDeadline: NEW_DEADLINE, reason: 'We are waiting for a witness statement.' })],
  ['closingLetter', (c) => closingLetter(withOutcome(c), policy)],
  ['ombudsmanLetter', (c) => ombudsmanLetter(c, policy)],
];

const staffMessages: Array<[string, (c: Case) => EmailMessage, string]> = [
  ['complimentNotice', (c) => complimentNotice(c, policy, head), head.email],
  ['urgentNotice', (c) => urgentNotice(c, policy, duty), duty.email],
  ['stageOwnerNotice', (c) => stageOwnerNotice(c, policy, { stage: 2, owner: head, deadline: STAGE_ONE }), head.email],
  ['adminTask', (c) => adminTask(c, policy, admin, { task: 'acknowledge-by-letter', due: '2026-06-10T22:59:59.999Z' }), admin.email],
  [
    'escalationNotice',
    (c) => escalationNotice(c, policy, admin, { fromStage: 1, toStage: 2, why: 'deadline', deadline: NEW_DEADLINE }),
    admin.email,
  ],
  ['deadlineWarning', (c) => deadlineWarning(c, policy, admin, { deadline: STAGE_ONE }), admin.email],
  ['deadlineMissed', (c) => deadlineMissed(c, policy, admin, { deadline: STAGE_ONE }), admin.email],
];

const allMessages: Array<[string, (c: Case) => EmailMessage | null]> = [...customerMessages, ...staffMessages.map(([n, f]) => [n, f] as [string, typeof f])];

function sent(m: EmailMessage | null): EmailMessage {
  expect(m).not.toBeNull();
  return m as EmailMessage;
}

describe('dates in words', () => {
  it.each([
    ['2026-12-01', 'Tuesday 1 December 2026'],
    ['2026-06-01', 'Monday 1 June 2026'],
    // The end of a Europe/London day in summer time is still that day, not the next UTC one.
    ['2026-06-15T22:59:59.999Z', 'Monday 15 June 2026'],
    ['2026-12-01T23:59:59.999Z', 'Tuesday 1 December 2026'],
    // 23:30 UTC on 31 March 2026 is 00:30 BST on 1 April.
    ['2026-03-31T23:30:00Z', 'Wednesday 1 April 2026'],
  ])('writes %s as %s', (iso, words) => {
    expect(dateInWords(iso)).toBe(words);
  });

  it('adds the Europe/London time of an instant', () => {
    expect(dateTimeInWords('2026-06-01T09:00:00Z')).toBe('Monday 1 June 2026 at 10:00');
  });

  it('refuses what is not a date', () => {
    expect(() => dateInWords('2026-02-30')).toThrow(RangeError);
    expect(() => dateInWords('soon')).toThrow(RangeError);
  });
});

describe('every message', () => {
  it.each(allMessages)('%s carries the reference in the subject, the text and the html', (_name, build) => {
    const m = sent(build(aCase()));
    expect(m.subject).toContain(REF);
    expect(m.text).toContain(REF);
    expect(m.html).toContain(REF);
    expect(m.html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(m.to).toHaveLength(1);
  });

  it.each(customerMessages)('%s goes to the customer, replies to the service, and says how to reach it', (_name, build) => {
    const m = sent(build(aCase()));
    expect(m.to).toEqual(['ann@example.com']);
    expect(m.replyTo).toBe(policy.organisation.email);
    for (const fact of [policy.organisation.phone, policy.organisation.email, policy.organisation.website]) {
      expect(m.text).toContain(fact);
      expect(m.html).toContain(fact);
    }
    expect(m.text).toContain('Dear Ann Example,');
    expect(m.text).toContain('Yours sincerely,');
    expect(m.text).toContain('If you need this in another format or language');
  });

  it.each(customerMessages)('%s greets a customer without a name as Sir or Madam', (_name, build) => {
    const m = sent(build(aCase({ name: undefined })));
    expect(m.text).toContain('Dear Sir or Madam,');
    expect(m.text).toContain('Yours faithfully,');
  });

  it.each(customerMessages)('%s is null when the customer gave no email address', (_name, build) => {
    expect(build(aCase({ email: undefined, preferredContact: 'phone' }))).toBeNull();
  });

  it.each(staffMessages)('%s goes to the member of staff', (_name, build, to) => {
    const m = build(aCase());
    expect(m.to).toEqual([to]);
    expect(m.text).toMatch(/^Hello /);
  });
});

describe('what each message says', () => {
  it('the acknowledgement gives the date of receipt, the reference, who investigates and the reply-by date', () => {
    const m = sent(acknowledgement(aCase(), policy, { stageOneDeadline: STAGE_ONE }));
    expect(m.subject).toBe(`We have received your complaint: reference ${REF}`);
    expect(m.text).toContain('We received your complaint on Monday 1 June 2026');
    expect(m.text).toContain('Functional Head responsible for Operations');
    expect(m.text).toContain('We aim to reply to you by Monday 15 June 2026. If we cannot do so, we will let you know and explain why.');
    expect(m.text).toContain('we will say sorry');
    expect(m.html).toContain('<strong>Monday 15 June 2026</strong>');
  });

  it('the thank-you for a compliment says when it arrived and that it is passed on', () => {
    const m = sent(complimentThanks(aCase({ name: 'Bob Example', email: 'bob@example.com', function: 'operations' }, 'compliment'), policy));
    expect(m.subject).toBe(`Thank you for your compliment: reference ${REF}`);
    expect(m.text).toContain('Dear Bob Example,');
    expect(m.text).toContain('Monday 1 June 2026');
    expect(m.text).toContain('Head of Operations');
  });

  it('the compliment notice gives the Head the compliment itself', () => {
    const m = complimentNotice(aCase({}, 'compliment'), policy, head);
    expect(m.text).toContain('Thank you to Blue Watch');
    expect(m.text).toContain('kind and calm');
  });

  it('the urgent notice tells the Duty Officer to act now, with the details and how to reach the person', () => {
    const m = urgentNotice(aCase({ urgent: true }), policy, duty);
    expect(m.subject).toBe(`URGENT: possible danger to the public, ${REF}`);
    expect(m.text).toContain('Act now.');
    expect(m.text).toContain('Monday 1 June 2026 at 10:00');
    expect(m.text).toContain('potential danger to the public');
    expect(m.text).toContain('01234 567890');
    expect(m.text).toContain('crew parked across my drive');
  });

  it('the stage owner notice names the stage, the deadline and what to do', () => {
    const m = stageOwnerNotice(aCase(), policy, { stage: 2, owner: head, deadline: NEW_DEADLINE });
    expect(m.subject).toBe(`You own stage 2 of complaint ${REF}`);
    expect(m.text).toContain(`You now own stage 2 of complaint ${REF} (Stage 2: another Functional Head)`);
    expect(m.text).toContain('Please resolve it by Monday 29 June 2026.');
    expect(m.text).toContain('extend the deadline with a written reason');
    expect(m.text).toContain('Large print letters, please');
  });

  it.each<[AdminTask, string, string]>([
    ['acknowledge-by-letter', `Task: acknowledge ${REF} by letter`, 'MK40 1AA'],
    ['acknowledge-by-phone', `Task: acknowledge ${REF} by telephone`, '01234 567890'],
    ['acknowledgement-email-failed', `Task: the acknowledgement email for ${REF} failed`, 'could not be sent'],
    ['assign-owner', `Task: assign an owner to ${REF}`, 'needs an owner'],
  ])('the task %s says what to do and by when', (task, subjectLine, fact) => {
    const m = adminTask(aCase(), policy, admin, { task, due: '2026-06-10T22:59:59.999Z' });
    expect(m.subject).toBe(subjectLine);
    expect(m.text).toContain(fact);
    expect(m.text).toContain('Due by Wednesday 10 June 2026.');
  });

  it.each([
    ['deadline' as const, 'stage 1 was not resolved by its deadline'],
    ['further-action' as const, 'the owner of stage 1 said further action is needed'],
  ])('the escalation notice says why (%s) and the new deadline', (why, words) => {
    const m = escalationNotice(aCase(), policy, admin, { fromStage: 1, toStage: 2, why, deadline: NEW_DEADLINE });
    expect(m.subject).toBe(`Complaint ${REF} has moved to stage 2`);
    expect(m.text).toContain(words);
    expect(m.text).toContain('Monday 29 June 2026');
  });

  it('the deadline warning and the missed-deadline notice give the deadline in words', () => {
    const warning = deadlineWarning(aCase(), policy, admin, { deadline: STAGE_ONE });
    const missed = deadlineMissed(aCase(), policy, admin, { deadline: STAGE_ONE });
    expect(warning.subject).toBe(`Deadline approaching for ${REF}`);
    expect(missed.subject).toBe(`Deadline missed for ${REF}`);
    expect(warning.text).toContain('Monday 15 June 2026');
    expect(missed.text).toContain('Monday 15 June 2026');
    expect(missed.text).toContain('has passed');
  });

  it('the extension notice gives the reason and the new date', () => {
    const m = sent(extensionNotice(aCase(), policy, { newDeadline: NEW_DEADLINE, reason: 'We are waiting for a witness statement.' }));
    expect(m.subject).toBe(`Your complaint ${REF}: we need more time`);
    expect(m.text).toContain('We are waiting for a witness statement.');
    expect(m.text).toContain('We now aim to reply to you by Monday 29 June 2026. If we cannot do so, we will let you know and explain why.');
  });

  it.each([
    ['upheld' as const, 'upheld', 'we are sorry'],
    ['partly-upheld' as const, 'partly upheld', 'we are sorry'],
    ['not-upheld' as const, 'not upheld', 'reasons for our decision'],
  ])('the closing letter gives the decision (%s) in words, the response and the Ombudsman', (decision, words, tone) => {
    const m = sent(closingLetter(withOutcome(aCase(), { decision }), policy));
    expect(m.subject).toBe(`Our response to your complaint ${REF}`);
    expect(m.text).toContain(`Our decision: your complaint is ${words}.`);
    expect(m.text).toContain('The crew should not have parked there.');
    expect(m.text).toContain(tone);
    expect(m.text).toContain('ask us to look at your complaint again');
    for (const fact of ['Local Government and Social Care Ombudsman', '0300 061 0614', 'https://www.lgo.org.uk']) {
      expect(m.text).toContain(fact);
      expect(m.html).toContain(fact);
    }
  });

  it('the closing letter gives the remedy when the complaint was upheld, and none when not', () => {
    expect(sent(closingLetter(withOutcome(aCase(), { decision: 'upheld' }), policy)).text).toContain('We have reminded every watch');
    expect(sent(closingLetter(withOutcome(aCase(), { decision: 'not-upheld', remedy: undefined }), policy)).text).not.toContain(
      'put things right:',
    );
  });

  it('the closing letter after the last stage sends the customer to the Ombudsman, not back to us', () => {
    const m = sent(closingLetter(withOutcome(aCase(), { stage: policy.stages.length, decision: 'not-upheld' }), policy));
    expect(m.text).not.toContain('look at your complaint again');
    expect(m.text).toContain('You can now take your complaint to the Local Government and Social Care Ombudsman');
  });

  it('the closing letter needs an outcome', () => {
    expect(() => closingLetter(aCase(), policy)).toThrow(InvalidStateError);
  });

  it('the Ombudsman letter says it is now their right, with the contact details', () => {
    const m = sent(ombudsmanLetter(aCase(), policy));
    expect(m.subject).toBe(`Your complaint ${REF}: how to contact the Ombudsman`);
    expect(m.text).toContain('we have not been able to resolve your complaint');
    expect(m.text).toContain('it is now your right to take your complaint to the Local Government and Social Care Ombudsman');
    expect(m.text).toContain('0300 061 0614');
    expect(m.html).toContain('<a href="https://www.lgo.org.uk/">');
  });
});

describe('injection', () => {
  const nasty = {
    name: 'Ann <script>alert(1)</script> "quotes" & Co',
    summary: 'Drive <script>alert(1)</script> "quotes" & more',
    details: 'First <script>alert(1)</script>\n"quotes" & <img src=x onerror=alert(2)>',
  };

  it.each(allMessages)('%s escapes customer text in the html and keeps it verbatim in the text', (_name, build) => {
    const m = sent(build(aCase(nasty)));
    expect(m.html).not.toContain('<script>');
    expect(m.html).not.toContain('<img');
    expect(m.html).not.toContain('"quotes"');
    expect(m.html).toContain('Ann &lt;script&gt;alert(1)&lt;/script&gt; &quot;quotes&quot; &amp; Co');
    expect(m.text).toContain(nasty.name);
  });

  it.each(staffMessages)('%s shows staff the summary and details escaped in html, verbatim in text', (_name, build) => {
    const m = build(aCase(nasty));
    expect(m.text).toContain(nasty.summary);
    expect(m.text).toContain(nasty.details);
    expect(m.html).toContain('Drive &lt;script&gt;alert(1)&lt;/script&gt; &quot;quotes&quot; &amp; more');
    expect(m.html).toContain('First &lt;script&gt;alert(1)&lt;/script&gt;<br>&quot;quotes&quot; &amp; &lt;img src=x onerror=alert(2)&gt;');
  });

  it('escapes staff free text (the extension reason) and a staff name too', () => {
    const m = sent(extensionNotice(aCase(), policy, { newDeadline: NEW_DEADLINE, reason: '<b>busy</b> & "away"' }));
    expect(m.html).toContain('&lt;b&gt;busy&lt;/b&gt; &amp; &quot;away&quot;');
    expect(m.text).toContain('<b>busy</b> & "away"');
    const n = stageOwnerNotice(aCase(), policy, { stage: 1, owner: { name: "O'Brien <i>", email: 'obrien@bedsfire.example' }, deadline: STAGE_ONE });
    expect(n.html).toContain('Hello O&#39;Brien &lt;i&gt;,');
  });

  it.each(allMessages)('%s keeps a summary with CR/LF and a Bcc line out of the subject and every header', (_name, build) => {
    // The public form refuses line breaks in a summary; a record changed some other way must still be safe.
    const c = { ...aCase(), summary: 'Hello\r\nBcc: evil@example.com', details: 'x\r\nBcc: evil@example.com' };
    const m = sent(build(c));
    for (const header of [m.subject, ...m.to, m.replyTo ?? '']) {
      expect(header).not.toMatch(/[\r\n]/);
      expect(header).not.toContain('evil@example.com');
    }
  });

  it('the html tag escapes every value and keeps only nested html as markup', () => {
    const inner = html`<em>${'<i>'}</em>`;
    expect(html`<p title="${'"x" \'y\''}">${'a & b'}${inner}${['<', html`<br>`]}</p>`.toString()).toBe(
      '<p title="&quot;x&quot; &#39;y&#39;">a &amp; b<em>&lt;i&gt;</em>&lt;<br></p>',
    );
    const notATag = Object.assign(['<b>'], { raw: ['<b>'] }) as unknown as TemplateStringsArray;
    expect(() => html(notATag)).toThrow(TypeError);
  });

  it('the subject tag takes only references and stage numbers, and never a line break', () => {
    expect(subject`Stage ${2} of ${REF}`).toBe(`Stage 2 of ${REF}`);
    expect(() => subject`About ${'Hello\r\nBcc: evil@example.com'}`).toThrow(UnsafeHeaderError);
    expect(() => subject`About ${'anything the customer typed'}`).toThrow(UnsafeHeaderError);
    expect(() => subject`Line one\nBcc: x@example.com ${REF}`).toThrow(UnsafeHeaderError);
    expect(() => subject`Stage ${1.5}`).toThrow(UnsafeHeaderError);
  });

  it('refuses a case whose reference is not a reference', () => {
    const c = { ...aCase(), reference: 'CC-2026-00042\r\nBcc: evil@example.com' };
    expect(() => acknowledgement(c, policy, { stageOneDeadline: STAGE_ONE })).toThrow(UnsafeHeaderError);
    expect(() => urgentNotice(c, policy, duty)).toThrow(UnsafeHeaderError);
  });

  it('links only to http(s) and mailto, whatever the policy says', () => {
    const odd = { ...policy, organisation: { ...policy.organisation, website: 'javascript:alert(1)' } };
    const m = sent(acknowledgement(aCase(), odd, { stageOneDeadline: STAGE_ONE }));
    expect(m.html).not.toContain('href="javascript');
    expect(m.html).toContain('Website: javascript:alert(1)');
  });
});

describe('isEmailAddress', () => {
  it.each([
    'ann@example.com',
    'ann.example+complaints@mail.example.co.uk',
    "o'brien@example.org",
    'a_b-c@sub-domain.example.com',
    'x@xn--80ak6aa92e.xn--p1ai',
    `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`,
  ])('accepts %s', (address) => {
    expect(isEmailAddress(address)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['display name', 'Ann Example <ann@example.com>'],
    ['angle brackets', '<ann@example.com>'],
    ['two addresses (comma)', 'ann@example.com,evil@example.com'],
    ['two addresses (semicolon)', 'ann@example.com;evil@example.com'],
    ['two at signs', 'ann@evil@example.com'],
    ['CR/LF header injection', 'ann@example.com\r\nBcc: evil@example.com'],
    ['trailing newline', 'ann@example.com\n'],
    ['tab', 'ann@exam\tple.com'],
    ['NUL', 'ann@example.com\u0000'],
    ['space', 'ann example@example.com'],
    ['leading space', ' ann@example.com'],
    ['no domain dot', 'ann@localhost'],
    ['no local part', '@example.com'],
    ['no domain', 'ann@'],
    ['no at', 'ann.example.com'],
    ['leading dot', '.ann@example.com'],
    ['double dot', 'ann..example@example.com'],
    ['domain double dot', 'ann@example..com'],
    ['domain label hyphen', 'ann@-example.com'],
    ['numeric tld', 'ann@example.123'],
    ['ip literal', 'ann@[127.0.0.1]'],
    ['quoted local part', '"ann example"@example.com'],
    ['non-ASCII', 'änn@example.com'],
    ['local part over 64', `${'a'.repeat(65)}@example.com`],
    ['over 254', `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.com`],
  ])('refuses %s', (_why, address) => {
    expect(isEmailAddress(address)).toBe(false);
  });
});
