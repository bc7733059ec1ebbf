import { describe, expect, it } from 'vitest';
import { newCase, type Case } from '../../functions/domain/case';
import { acknowledgement, closingLetter, complimentThanks, extensionNotice, ombudsmanLetter } from '../../functions/domain/customer-letters';
import { dateInWords, dateTimeInWords, escapeHtml, html, Html, subject, type Person } from '../../functions/domain/emails';
import { adminTask, complimentNotice, escalationNotice, stageOwnerNotice, urgentNotice, type AdminTask } from '../../functions/domain/staff-notices';
import { InvalidStateError } from '../../functions/domain/errors';
import { UnsafeHeaderError, type EmailMessage } from '../../functions/domain/mail';
import { defaultPolicy as policy } from '../../functions/domain/policy';
import { parseSubmission } from '../../functions/domain/submission';
import { aComplaint, aCompliment } from '../support/mothers';
import { enGB } from '../support/texts';

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
  ['acknowledgement', (c) => acknowledgement(c, policy, enGB, { stageOneDeadline: STAGE_ONE })],
  ['complimentThanks', (c) => complimentThanks(c, policy, enGB)],
  ['extensionNotice', (c) => extensionNotice(c, policy, enGB, { newDeadline: NEW_DEADLINE, reason: 'We are waiting for a witness statement.' })],
  ['closingLetter', (c) => closingLetter(withOutcome(c), policy, enGB)],
  ['ombudsmanLetter', (c) => ombudsmanLetter(c, policy, enGB)],
];

const staffMessages: Array<[string, (c: Case) => EmailMessage, string]> = [
  ['complimentNotice', (c) => complimentNotice(c, policy, enGB, head), head.email],
  ['urgentNotice', (c) => urgentNotice(c, policy, enGB, duty), duty.email],
  ['stageOwnerNotice', (c) => stageOwnerNotice(c, policy, enGB, { stage: 2, owner: head, deadline: STAGE_ONE }), head.email],
  ['adminTask', (c) => adminTask(c, policy, enGB, admin, { task: 'acknowledge-by-letter', due: '2026-06-10T22:59:59.999Z' }), admin.email],
  [
    'escalationNotice',
    (c) => escalationNotice(c, policy, enGB, admin, { fromStage: 1, toStage: 2, why: 'deadline', deadline: NEW_DEADLINE }),
    admin.email,
  ],
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
    const m = sent(acknowledgement(aCase(), policy, enGB, { stageOneDeadline: STAGE_ONE }));
    expect(m.subject).toBe(`We have received your complaint: reference ${REF}`);
    expect(m.text).toContain('We received your complaint on Monday 1 June 2026');
    expect(m.text).toContain('Functional Head responsible for Operations');
    expect(m.text).toContain('We aim to reply to you by Monday 15 June 2026. If we cannot do so, we will let you know and explain why.');
    expect(m.text).toContain('we will say sorry');
    expect(m.html).toContain('<strong>Monday 15 June 2026</strong>');
  });

  it('the acknowledgement gives the private tracking link, after the draft findings and before the apology, and says to keep it private', () => {
    const url = 'https://complaints.bedsfire.example/track/dGhlIHRyYWNraW5nIHBhZ2Ugb2Ygb25lIGNhc2UsIDM';
    const m = sent(acknowledgement(aCase(), policy, enGB, { stageOneDeadline: STAGE_ONE, trackingUrl: url }));
    // The link alone on its line: nothing after it for a mail program to take into the link.
    const lines = `You can see where your complaint stands, and read and answer our draft findings, on a private page:\n\n${url}\n\nKeep this link private: anyone who has it can see your complaint's progress.`;
    expect(m.text).toContain(`comment on them.\n\n${lines}\n\nIf something has gone wrong`);
    expect(m.html).toContain(`<p style="margin: 0 0 16px 0;"><a href="${url}">${url}</a></p>`);
  });

  it('the acknowledgement without a tracking link says nothing of one', () => {
    const m = sent(acknowledgement(aCase(), policy, enGB, { stageOneDeadline: STAGE_ONE }));
    expect(m.text).toContain('comment on them.\n\nIf something has gone wrong');
    expect(m.text).not.toContain('Keep this link private');
    expect(sent(acknowledgement(aCase(), policy, enGB, { stageOneDeadline: STAGE_ONE, trackingUrl: '' })).text).not.toContain('Keep this link private');
  });

  it('the thank-you for a compliment says when it arrived and that it is passed on', () => {
    const m = sent(complimentThanks(aCase({ name: 'Bob Example', email: 'bob@example.com', function: 'operations' }, 'compliment'), policy, enGB));
    expect(m.subject).toBe(`Thank you for your compliment: reference ${REF}`);
    expect(m.text).toContain('Dear Bob Example,');
    expect(m.text).toContain('Monday 1 June 2026');
    expect(m.text).toContain('Head of Operations');
  });

  it('the compliment notice gives the Head the compliment itself', () => {
    const m = complimentNotice(aCase({}, 'compliment'), policy, enGB, head);
    expect(m.text).toContain('Thank you to Blue Watch');
    expect(m.text).toContain('kind and calm');
  });

  it('the urgent notice tells the Duty Officer to act now, with the details and how to reach the person', () => {
    const m = urgentNotice(aCase({ urgent: true }), policy, enGB, duty);
    expect(m.subject).toBe(`URGENT: possible danger to the public, ${REF}`);
    expect(m.text).toContain('Act now.');
    expect(m.text).toContain('Monday 1 June 2026 at 10:00');
    expect(m.text).toContain('potential danger to the public');
    expect(m.text).toContain('01234 567890');
    expect(m.text).toContain('crew parked across my drive');
  });

  it('the stage owner notice names the stage, the deadline and what to do', () => {
    const m = stageOwnerNotice(aCase(), policy, enGB, { stage: 2, owner: head, deadline: NEW_DEADLINE });
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
    const m = adminTask(aCase(), policy, enGB, admin, { task, due: '2026-06-10T22:59:59.999Z' });
    expect(m.subject).toBe(subjectLine);
    expect(m.text).toContain(fact);
    expect(m.text).toContain('Due by Wednesday 10 June 2026.');
  });

  it.each([
    ['deadline' as const, 'stage 1 was not resolved by its deadline'],
    ['further-action' as const, 'the owner of stage 1 said further action is needed'],
  ])('the escalation notice says why (%s) and the new deadline', (why, words) => {
    const m = escalationNotice(aCase(), policy, enGB, admin, { fromStage: 1, toStage: 2, why, deadline: NEW_DEADLINE });
    expect(m.subject).toBe(`Complaint ${REF} has moved to stage 2`);
    expect(m.text).toContain(words);
    expect(m.text).toContain('Monday 29 June 2026');
  });

  it('the extension notice gives the reason and the new date', () => {
    const m = sent(extensionNotice(aCase(), policy, enGB, { newDeadline: NEW_DEADLINE, reason: 'We are waiting for a witness statement.' }));
    expect(m.subject).toBe(`Your complaint ${REF}: we need more time`);
    expect(m.text).toContain('We are waiting for a witness statement.');
    expect(m.text).toContain('We now aim to reply to you by Monday 29 June 2026. If we cannot do so, we will let you know and explain why.');
  });

  it("the extension notice gives the Ombudsman's details (the Complaint Handling Code, 6.5)", () => {
    const m = sent(extensionNotice(aCase(), policy, enGB, { newDeadline: NEW_DEADLINE, reason: 'We are waiting for a witness statement.' }));
    expect(m.text).toContain(`If you are unhappy with this delay, you can ask the ${policy.ombudsman.name} to look at your complaint.`);
    for (const contact of [policy.ombudsman.phone, policy.ombudsman.website].filter(Boolean)) {
      expect(m.text).toContain(contact);
      expect(m.html).toContain(contact);
    }
  });

  it.each([
    ['upheld' as const, 'upheld', 'we are sorry'],
    ['partly-upheld' as const, 'partly upheld', 'we are sorry'],
    ['not-upheld' as const, 'not upheld', 'reasons for our decision'],
  ])('the closing letter gives the decision (%s) in words, the response and the Ombudsman', (decision, words, tone) => {
    const m = sent(closingLetter(withOutcome(aCase(), { decision }), policy, enGB));
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
    expect(sent(closingLetter(withOutcome(aCase(), { decision: 'upheld' }), policy, enGB)).text).toContain('We have reminded every watch');
    expect(sent(closingLetter(withOutcome(aCase(), { decision: 'not-upheld', remedy: undefined }), policy, enGB)).text).not.toContain(
      'put things right:',
    );
  });

  it('the closing letter after the last stage sends the customer to the Ombudsman, not back to us', () => {
    const m = sent(closingLetter(withOutcome(aCase(), { stage: policy.stages.length, decision: 'not-upheld' }), policy, enGB));
    expect(m.text).not.toContain('look at your complaint again');
    expect(m.text).toContain('You can now take your complaint to the Local Government and Social Care Ombudsman');
  });

  it('the closing letter needs an outcome', () => {
    expect(() => closingLetter(aCase(), policy, enGB)).toThrow(new InvalidStateError(`${REF} has no outcome to write to the customer about`));
    expect(() => closingLetter(aCase(), policy, enGB)).toThrow(InvalidStateError);
  });

  it('the Ombudsman letter says it is now their right, with the contact details', () => {
    const m = sent(ombudsmanLetter(aCase(), policy, enGB));
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
    const m = sent(extensionNotice(aCase(), policy, enGB, { newDeadline: NEW_DEADLINE, reason: '<b>busy</b> & "away"' }));
    expect(m.html).toContain('&lt;b&gt;busy&lt;/b&gt; &amp; &quot;away&quot;');
    expect(m.text).toContain('<b>busy</b> & "away"');
    const n = stageOwnerNotice(aCase(), policy, enGB, { stage: 1, owner: { name: "O'Brien <i>", email: 'obrien@bedsfire.example' }, deadline: STAGE_ONE });
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
    expect(() => acknowledgement(c, policy, enGB, { stageOneDeadline: STAGE_ONE })).toThrow(UnsafeHeaderError);
    expect(() => urgentNotice(c, policy, enGB, duty)).toThrow(UnsafeHeaderError);
  });

  it('links only to http(s) and mailto, whatever the policy says', () => {
    const odd = { ...policy, organisation: { ...policy.organisation, website: 'javascript:alert(1)' } };
    const m = sent(acknowledgement(aCase(), odd, enGB, { stageOneDeadline: STAGE_ONE }));
    expect(m.html).not.toContain('href="javascript');
    expect(m.html).toContain('Website: javascript:alert(1)');
  });
});

// ---------------------------------------------------------------------------------------------
// Word for word: what each person reads is the contract.

const ORG = policy.organisation;
const LGO = policy.ombudsman;
const ACCESSIBILITY =
  'If you need this in another format or language, for example large print, Braille or audio, or any other help to take part, please tell us and we will do our best to help.';
const HOW_TO_REACH_US = [
  'How to contact us',
  `If you have any questions, please contact us and quote your reference number ${REF}.`,
  `- Telephone: ${ORG.phone}\n- Email: ${ORG.email}\n- Website: ${ORG.website}`,
];
const OMBUDSMAN_CONTACT = `- Telephone: ${LGO.phone}\n- Website: ${LGO.website}`;

/** A letter to the customer, paragraph by paragraph, with the parts every letter shares. */
function letterText(paragraphs: string[], greeting = 'Dear Ann Example,', yours = 'Yours sincerely,'): string {
  return `${[greeting, ...paragraphs, ACCESSIBILITY, ...HOW_TO_REACH_US, `${yours}\nCustomer Complaints and Compliments\n${ORG.name}`].join('\n\n')}\n`;
}

/** The facts of `aCase()` as staff read them, with the rows a message adds after "Function". */
function factsText(extra: string[] = [], first: string[] = ['Type: Complaint', 'Received: Monday 1 June 2026 at 10:00', 'Function: Operations']): string {
  return [
    `Reference: ${REF}`,
    ...first,
    ...extra,
    'Incident date: Tuesday 6 January 2026',
    'Location: High Street, Bedford',
    'Name: Ann Example',
    'Email: ann@example.com',
    'Telephone: 01234 567890',
    'Address: 1 High Street\nBedford\nMK40 1AA',
    'Prefers contact by: email',
    'Support needs: Large print letters, please',
  ].join('\n');
}

const SUMMARY_AND_DETAILS = [
  'Summary:\nFire engine blocked my drive',
  'Details:\nOn Tuesday the crew parked across my drive for two hours while on a community visit.',
];

/** A notice to a member of staff, paragraph by paragraph, with the parts every notice shares. */
function noticeText(name: string, paragraphs: string[]): string {
  return `${[
    `Hello ${name},`,
    ...paragraphs,
    `${ORG.name}: complaints and compliments system\nThis is an automatic message. Open the case in the staff console to see its full record.`,
  ].join('\n\n')}\n`;
}

describe('what each person reads, word for word', () => {
  const reason = 'We are waiting for a witness statement.';
  const closed = (outcome: Partial<NonNullable<Case['outcome']>>) => withOutcome(aCase(), { response: 'Our answer.', remedy: 'Our remedy.', ...outcome });

  it.each<[string, () => EmailMessage | null, string, string]>([
    [
      'the acknowledgement',
      () => acknowledgement(aCase(), policy, enGB, { stageOneDeadline: STAGE_ONE }),
      `We have received your complaint: reference ${REF}`,
      letterText([
        `Thank you for contacting ${ORG.name}. We received your complaint on Monday 1 June 2026. Your reference number is ${REF}. Please quote it whenever you contact us about your complaint.`,
        'Your complaint:\nFire engine blocked my drive',
        'What happens next',
        'We have passed your complaint to the Functional Head responsible for Operations, who will look into it. The investigating officer may contact you to discuss it.',
        'We aim to reply to you by Monday 15 June 2026. If we cannot do so, we will let you know and explain why.',
        'Before we come to a decision, we may send you our draft findings so that you can comment on them.',
        'If something has gone wrong, we will say sorry, put things right as far as we can, and learn from the experience to improve our service.',
      ]),
    ],
    [
      'the acknowledgement of a complaint whose function is not known yet',
      () => acknowledgement(aCase({ function: undefined }), policy, enGB, { stageOneDeadline: STAGE_ONE }),
      `We have received your complaint: reference ${REF}`,
      letterText([
        `Thank you for contacting ${ORG.name}. We received your complaint on Monday 1 June 2026. Your reference number is ${REF}. Please quote it whenever you contact us about your complaint.`,
        'Your complaint:\nFire engine blocked my drive',
        'What happens next',
        'We will pass your complaint to the Functional Head responsible, who will look into it. The investigating officer may contact you to discuss it.',
        'We aim to reply to you by Monday 15 June 2026. If we cannot do so, we will let you know and explain why.',
        'Before we come to a decision, we may send you our draft findings so that you can comment on them.',
        'If something has gone wrong, we will say sorry, put things right as far as we can, and learn from the experience to improve our service.',
      ]),
    ],
    [
      'the thanks for a compliment about a function',
      () => complimentThanks(aCase({ name: 'Bob Example', email: 'bob@example.com', function: 'operations' }, 'compliment'), policy, enGB),
      `Thank you for your compliment: reference ${REF}`,
      letterText(
        [
          `Thank you for taking the time to tell us about your experience of ${ORG.name}. We received your compliment on Monday 1 June 2026 and recorded it with the reference number ${REF}.`,
          'We have passed your kind words to the Head of Operations, so that the people involved hear them. We learn from what we do well as well as from our mistakes.',
        ],
        'Dear Bob Example,',
      ),
    ],
    [
      'the thanks for a compliment about no function in particular, from someone who gave no name',
      () => complimentThanks(aCase({ email: 'someone@example.com' }, 'compliment'), policy, enGB),
      `Thank you for your compliment: reference ${REF}`,
      letterText(
        [
          `Thank you for taking the time to tell us about your experience of ${ORG.name}. We received your compliment on Monday 1 June 2026 and recorded it with the reference number ${REF}.`,
          'We will pass your kind words to the people involved. We learn from what we do well as well as from our mistakes.',
        ],
        'Dear Sir or Madam,',
        'Yours faithfully,',
      ),
    ],
    [
      'the extension notice',
      () => extensionNotice(aCase(), policy, enGB, { newDeadline: NEW_DEADLINE, reason }),
      `Your complaint ${REF}: we need more time`,
      letterText([
        `We are sorry, but we need more time to finish looking into your complaint (reference ${REF}), which we received on Monday 1 June 2026.`,
        `Why we need more time:\n${reason}`,
        'We now aim to reply to you by Monday 29 June 2026. If we cannot do so, we will let you know and explain why.',
        `If you are unhappy with this delay, you can ask the ${LGO.name} to look at your complaint. It is independent and free to use:`,
        OMBUDSMAN_CONTACT,
      ]),
    ],
    [
      'the closing letter of a partly upheld complaint at stage 1',
      () => closingLetter(closed({ stage: 1, decision: 'partly-upheld' }), policy, enGB),
      `Our response to your complaint ${REF}`,
      letterText([
        `We have finished looking into your complaint (reference ${REF}), which we received on Monday 1 June 2026. Our decision: your complaint is partly upheld.`,
        'Our response:\nOur answer.',
        'We agree with part of your complaint, and we are sorry for what went wrong. We will learn from what happened to improve our service.',
        'What we will do to put things right:\nOur remedy.',
        'If you are not satisfied',
        'If you disagree with our decision or remain unhappy, please tell us why, quoting your reference number, and ask us to look at your complaint again. It will be passed to someone who has not been involved so far.',
        `If you are still not satisfied after that, you can take your complaint to the ${LGO.name}, which is independent and free to use:`,
        OMBUDSMAN_CONTACT,
      ]),
    ],
    [
      'the closing letter of an upheld complaint at stage 2',
      () => closingLetter(closed({ stage: 2, decision: 'upheld' }), policy, enGB),
      `Our response to your complaint ${REF}`,
      letterText([
        `We have finished looking into your complaint (reference ${REF}), which we received on Monday 1 June 2026. Our decision: your complaint is upheld.`,
        'Our response:\nOur answer.',
        'We agree with your complaint, and we are sorry. We will learn from what happened to improve our service.',
        'What we will do to put things right:\nOur remedy.',
        'If you are not satisfied',
        'If you remain unhappy, please tell us why, quoting your reference number, and ask us to look at your complaint again. It will be passed to someone who has not been involved so far.',
        `If you are still not satisfied after that, you can take your complaint to the ${LGO.name}, which is independent and free to use:`,
        OMBUDSMAN_CONTACT,
      ]),
    ],
    [
      'the closing letter of an upheld complaint at the last stage, with no remedy',
      () => closingLetter(closed({ stage: 3, decision: 'upheld', remedy: undefined }), policy, enGB),
      `Our response to your complaint ${REF}`,
      letterText([
        `We have finished looking into your complaint (reference ${REF}), which we received on Monday 1 June 2026. Our decision: your complaint is upheld.`,
        'Our response:\nOur answer.',
        'We agree with your complaint, and we are sorry. We will learn from what happened to improve our service.',
        'If you are not satisfied',
        'If you remain unhappy, you have been through every stage of our complaints procedure.',
        `You can now take your complaint to the ${LGO.name}, which is independent and free to use:`,
        OMBUDSMAN_CONTACT,
      ]),
    ],
    [
      'the closing letter of a complaint not upheld at the last stage (a remedy on record is not offered)',
      () => closingLetter(closed({ stage: 3, decision: 'not-upheld' }), policy, enGB),
      `Our response to your complaint ${REF}`,
      letterText([
        `We have finished looking into your complaint (reference ${REF}), which we received on Monday 1 June 2026. Our decision: your complaint is not upheld.`,
        'Our response:\nOur answer.',
        'We have explained the reasons for our decision above. We hope this helps you understand matters better, even if some of your concerns remain.',
        'If you are not satisfied',
        'If you disagree with our decision or remain unhappy, you have been through every stage of our complaints procedure.',
        `You can now take your complaint to the ${LGO.name}, which is independent and free to use:`,
        OMBUDSMAN_CONTACT,
      ]),
    ],
    [
      'the Ombudsman letter',
      () => ombudsmanLetter(aCase(), policy, enGB),
      `Your complaint ${REF}: how to contact the Ombudsman`,
      letterText([
        `We are sorry that we have not been able to resolve your complaint (reference ${REF}), which we received on Monday 1 June 2026. It has now been through every stage of our complaints procedure.`,
        `If you remain unhappy, it is now your right to take your complaint to the ${LGO.name}. The Ombudsman is independent of us and free to use. Please give them your reference number ${REF}.`,
        OMBUDSMAN_CONTACT,
        'If the Ombudsman contacts us, we will work with them and tell you what happens.',
      ]),
    ],
  ])('%s', (_name, build, subjectLine, text) => {
    const m = sent(build());
    expect(m.subject).toBe(subjectLine);
    expect(m.text).toBe(text);
    expect(m.replyTo).toBe(ORG.email);
  });

  it.each<[string, () => EmailMessage, Person, string, string]>([
    [
      'the compliment notice to the Head of the function',
      () => complimentNotice(aCase({}, 'compliment'), policy, enGB, head),
      head,
      `Compliment received: ${REF}`,
      noticeText(head.name, [
        `${ORG.name} has received a compliment about your function. Please pass it on to the people involved.`,
        [`Reference: ${REF}`, 'Type: Compliment', 'Received: Monday 1 June 2026 at 10:00', 'Function: Not yet known'].join('\n'),
        'Summary:\nThank you to Blue Watch',
        'Details:\nThe crew who came to our kitchen fire were kind and calm.',
      ]),
    ],
    [
      'the urgent notice to the Duty Officer',
      () => urgentNotice(aCase({ urgent: true }), policy, enGB, duty),
      duty,
      `URGENT: possible danger to the public, ${REF}`,
      noticeText(duty.name, [
        'Act now. A submission marked urgent was received on Monday 1 June 2026 at 10:00: the person says it is a potential danger to the public.',
        [
          '- Read the details below and take the action needed to keep the public safe.',
          '- Contact the person if you need to, using the details they gave.',
          `- Record what you did on ${REF} in the staff console.`,
        ].join('\n'),
        factsText(['Urgent: Yes: potential danger to the public']),
        ...SUMMARY_AND_DETAILS,
      ]),
    ],
    [
      'the stage owner notice',
      () => stageOwnerNotice(aCase(), policy, enGB, { stage: 2, owner: head, deadline: NEW_DEADLINE }),
      head,
      `You own stage 2 of complaint ${REF}`,
      noticeText(head.name, [
        `You now own stage 2 of complaint ${REF} (Stage 2: another Functional Head). Please resolve it by Monday 29 June 2026.`,
        [
          '- Contact the customer to discuss the complaint and ask how they would prefer to be contacted.',
          '- Before you decide, you may share draft findings with the customer for comment.',
          '- Record the outcome (upheld, partly upheld or not upheld), any apology or remedy, and the lessons learned.',
          '- If you need more time, extend the deadline with a written reason: the customer will be told why.',
          '- If further action is needed that you cannot take, say so, and the complaint will be passed on.',
        ].join('\n'),
        factsText(['Stage: Stage 2: another Functional Head', 'Deadline: Monday 29 June 2026']),
        ...SUMMARY_AND_DETAILS,
      ]),
    ],
    [
      'the escalation notice when a stage ran out of time',
      () => escalationNotice(aCase(), policy, enGB, admin, { fromStage: 1, toStage: 2, why: 'deadline', deadline: NEW_DEADLINE }),
      admin,
      `Complaint ${REF} has moved to stage 2`,
      noticeText(admin.name, [
        `Complaint ${REF} has moved from stage 1 to stage 2 (Stage 2: another Functional Head) because stage 1 was not resolved by its deadline. The new deadline is Monday 29 June 2026.`,
        'Please make sure the new stage has an owner and monitor the timescale.',
        factsText(),
        ...SUMMARY_AND_DETAILS,
      ]),
    ],
    [
      'the escalation notice when the owner asked for further action',
      () => escalationNotice(aCase(), policy, enGB, admin, { fromStage: 2, toStage: 3, why: 'further-action', deadline: NEW_DEADLINE }),
      admin,
      `Complaint ${REF} has moved to stage 3`,
      noticeText(admin.name, [
        `Complaint ${REF} has moved from stage 2 to stage 3 (Stage 3: Customer Relations Officer) because the owner of stage 2 said further action is needed. The new deadline is Monday 29 June 2026.`,
        'Please make sure the new stage has an owner and monitor the timescale.',
        factsText(),
        ...SUMMARY_AND_DETAILS,
      ]),
    ],
    ...(
      [
        ['acknowledge-by-letter', 'acknowledge CC-2026-00042 by letter', `Send the acknowledgement of ${REF}, with its reference number, by letter to the address below.`],
        [
          'acknowledge-by-phone',
          'acknowledge CC-2026-00042 by telephone',
          `Telephone the customer to acknowledge ${REF} and give them its reference number, then record that you did.`,
        ],
        [
          'acknowledgement-email-failed',
          'the acknowledgement email for CC-2026-00042 failed',
          `The acknowledgement email for ${REF} could not be sent. Acknowledge it another way (letter or telephone), and check the email address.`,
        ],
        [
          'assign-owner',
          'assign an owner to CC-2026-00042',
          `${REF} needs an owner: pass it to the right Functional Head or Deputy (or the Duty Officer if neither is available).`,
        ],
      ] as Array<[AdminTask, string, string]>
    ).map(
      ([task, what, todo]): [string, () => EmailMessage, Person, string, string] => [
        `the task ${task}`,
        () => adminTask(aCase(), policy, enGB, admin, { task, due: '2026-06-10T22:59:59.999Z' }),
        admin,
        `Task: ${what}`,
        noticeText(admin.name, [todo, 'Due by Wednesday 10 June 2026.', factsText(), ...SUMMARY_AND_DETAILS]),
      ],
    ),
  ])('%s', (_name, build, to, subjectLine, text) => {
    const m = build();
    expect(m.to).toEqual([to.email]);
    expect(m.subject).toBe(subjectLine);
    expect(m.text).toBe(text);
    // Staff answer through the console, not by replying to an automatic message.
    expect(m).not.toHaveProperty('replyTo');
  });
});

function atStage(c: Case, number: number, owner: string): Case {
  const stage = { number, owner, owners: [owner], startedAt: c.receivedAt, deadline: STAGE_ONE, extendedBy: 0 };
  return { ...c, stage: number, owner, nextDeadline: STAGE_ONE, stages: [stage] };
}

describe('the html rendering', () => {
  const P = '<p style="margin: 0 0 16px 0;">';
  const QUOTE = '<blockquote style="margin: 0 0 16px 0; padding: 8px 12px; border-left: 4px solid #b1b4b6; background: #f3f2f1;">';
  const H2 = '<h2 style="font-size: 18px; margin: 24px 0 8px 0;">';
  const TH = '<th scope="row" style="text-align: left; vertical-align: top; padding: 2px 16px 2px 0;">';
  const TD = '<td style="padding: 2px 0;">';
  const page = (title: string, body: string) => `<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="margin: 0; padding: 16px; font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c;">
<div style="max-width: 640px;">
${body}
</div>
</body>
</html>
`;

  it('a letter to the customer: paragraphs, the quoted complaint, headings, links and the signature', () => {
    const m = sent(acknowledgement(aCase(), policy, enGB, { stageOneDeadline: STAGE_ONE }));
    expect(m.html).toBe(
      page(
        `We have received your complaint: reference ${REF}`,
        [
          `${P}Dear Ann Example,</p>`,
          `${P}Thank you for contacting ${ORG.name}. We received your complaint on Monday 1 June 2026. Your reference number is <strong>${REF}</strong>. Please quote it whenever you contact us about your complaint.</p>`,
          `<p style="margin: 0 0 4px 0;"><strong>Your complaint</strong></p>${QUOTE}Fire engine blocked my drive</blockquote>`,
          `${H2}What happens next</h2>`,
          `${P}We have passed your complaint to the Functional Head responsible for Operations, who will look into it. The investigating officer may contact you to discuss it.</p>`,
          `${P}We aim to reply to you by <strong>Monday 15 June 2026</strong>. If we cannot do so, we will let you know and explain why.</p>`,
          `${P}Before we come to a decision, we may send you our draft findings so that you can comment on them.</p>`,
          `${P}If something has gone wrong, we will say sorry, put things right as far as we can, and learn from the experience to improve our service.</p>`,
          `${P}${ACCESSIBILITY}</p>`,
          `${H2}How to contact us</h2>`,
          `${P}If you have any questions, please contact us and quote your reference number <strong>${REF}</strong>.</p>`,
          `<ul style="margin: 0 0 16px 0;"><li>Telephone: ${ORG.phone}</li><li>Email: <a href="mailto:${ORG.email}">${ORG.email}</a></li><li>Website: <a href="${ORG.website}/">${ORG.website}</a></li></ul>`,
          `${P}Yours sincerely,<br>Customer Complaints and Compliments<br>${ORG.name}</p>`,
        ].join(''),
      ),
    );
  });

  it('a notice to staff: the facts as a table, line breaks kept, and the automatic sign-off', () => {
    const m = complimentNotice(aCase({ name: 'Bob Example', address: '2 Low Road\r\nLuton\rLU1 1AA' }, 'compliment'), policy, enGB, head);
    const row = (k: string, v: string) => `<tr>${TH}${k}</th>${TD}${v}</td></tr>`;
    expect(m.html).toBe(
      page(
        `Compliment received: ${REF}`,
        [
          `${P}Hello ${head.name},</p>`,
          `${P}${ORG.name} has received a compliment about your function. Please pass it on to the people involved.</p>`,
          '<table role="presentation" style="border-collapse: collapse; margin: 0 0 16px 0;">',
          row('Reference', REF),
          row('Type', 'Compliment'),
          row('Received', 'Monday 1 June 2026 at 10:00'),
          row('Function', 'Not yet known'),
          row('Name', 'Bob Example'),
          row('Address', '2 Low Road<br>Luton<br>LU1 1AA'),
          row('Prefers contact by', 'letter'),
          '</table>',
          `<p style="margin: 0 0 4px 0;"><strong>Summary</strong></p>${QUOTE}Thank you to Blue Watch</blockquote>`,
          `<p style="margin: 0 0 4px 0;"><strong>Details</strong></p>${QUOTE}The crew who came to our kitchen fire were kind and calm.</blockquote>`,
          `${P}${ORG.name}: complaints and compliments system<br>This is an automatic message. Open the case in the staff console to see its full record.</p>`,
        ].join(''),
      ),
    );
    expect(m.text).toContain('Address: 2 Low Road\r\nLuton\rLU1 1AA');
  });

  it('every message ends its plain text with one line break', () => {
    for (const [, build] of allMessages) expect(sent(build(aCase())).text).toMatch(/[^\n]\n$/);
  });
});

describe('the case as staff see it', () => {
  const facts = (c: Case) => adminTask(c, policy, enGB, admin, { task: 'assign-owner', due: STAGE_ONE }).text;

  it('leaves out what the person did not give, and a preference of none', () => {
    const c = aCase({ name: undefined, email: undefined, phone: '01234 567890', address: undefined, preferredContact: 'phone', incidentDate: undefined, location: undefined, accessibilityNeeds: undefined });
    expect(facts(c)).toContain(
      [`Reference: ${REF}`, 'Type: Complaint', 'Received: Monday 1 June 2026 at 10:00', 'Function: Operations', 'Telephone: 01234 567890', 'Prefers contact by: phone', '', 'Summary:'].join('\n'),
    );
    const none = { ...aCase(), customer: { ...aCase().customer, preferredContact: 'none' as const } };
    expect(facts(none)).not.toContain('Prefers contact by');
  });

  it('leaves out a row whose value is empty', () => {
    const c = { ...aCase(), location: '' };
    expect(facts(c)).not.toContain('Location');
    expect(facts(c)).toContain('Incident date: Tuesday 6 January 2026\nName: Ann Example');
  });

  it('names a stage the policy does not have by its number', () => {
    const m = stageOwnerNotice(aCase(), policy, enGB, { stage: 4, owner: head, deadline: NEW_DEADLINE });
    expect(m.text).toContain(`You now own stage 4 of complaint ${REF} (Stage 4). Please resolve it by Monday 29 June 2026.`);
    expect(m.text).toContain('Stage: Stage 4\nDeadline: Monday 29 June 2026');
  });
});

describe('the Ombudsman', () => {
  it.each([
    ['only a telephone number', { name: 'The Ombudsman', phone: '0300 000 0000' }, '- Telephone: 0300 000 0000', '<li>Telephone: 0300 000 0000</li>'],
    [
      'only an email address',
      { name: 'The Ombudsman', email: 'advice@ombudsman.example' },
      '- Email: advice@ombudsman.example',
      '<li>Email: <a href="mailto:advice@ombudsman.example">advice@ombudsman.example</a></li>',
    ],
    [
      'only a website',
      { name: 'The Ombudsman', website: 'http://ombudsman.example/complain' },
      '- Website: http://ombudsman.example/complain',
      '<li>Website: <a href="http://ombudsman.example/complain">http://ombudsman.example/complain</a></li>',
    ],
  ])('is reached by what the policy gives (%s)', (_what, ombudsman, text, markup) => {
    const odd = { ...policy, ombudsman };
    for (const m of [sent(ombudsmanLetter(aCase(), odd, enGB)), sent(closingLetter(withOutcome(aCase()), odd, enGB))]) {
      expect(m.text).toContain(`\n\n${text}\n\n`);
      expect(m.html).toContain(`<ul style="margin: 0 0 16px 0;">${markup}</ul>`);
    }
  });
});

describe('dates in words, Europe/London', () => {
  it.each([
    // Winter: London is on UTC, and a minute past midnight is 00:01, not 24:01.
    ['2026-12-01T00:01:00Z', 'Tuesday 1 December 2026 at 00:01'],
    // Summer: BST is an hour ahead, so 23:30 UTC is half past midnight the next day.
    ['2026-07-31T23:30:00Z', 'Saturday 1 August 2026 at 00:30'],
    // The clocks go forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October 2026.
    ['2026-03-29T00:59:00Z', 'Sunday 29 March 2026 at 00:59'],
    ['2026-03-29T01:00:00Z', 'Sunday 29 March 2026 at 02:00'],
    ['2026-10-25T00:30:00Z', 'Sunday 25 October 2026 at 01:30'],
    ['2026-10-25T01:30:00Z', 'Sunday 25 October 2026 at 01:30'],
    ['2026-06-01T13:05:00.000Z', 'Monday 1 June 2026 at 14:05'],
    // A calendar date has no time of day.
    ['2026-06-01', 'Monday 1 June 2026'],
  ])('writes %s as %s', (iso, words) => {
    expect(dateTimeInWords(iso)).toBe(words);
  });

  it.each([
    // A calendar date is that day wherever the reader is, never the day before or after.
    ['2026-01-01', 'Thursday 1 January 2026'],
    ['2026-03-29', 'Sunday 29 March 2026'],
    ['2028-02-29', 'Tuesday 29 February 2028'],
    ['2026-12-31', 'Thursday 31 December 2026'],
  ])('writes the calendar date %s as %s', (iso, words) => {
    expect(dateInWords(iso)).toBe(words);
  });

  it.each(['2026-02-30', '2027-02-29', '2026-13-01', 'soon', '', '2026-06-01T25:00:00Z'])('refuses %j with a RangeError that quotes it', (iso) => {
    expect(() => dateInWords(iso)).toThrow(new RangeError(`Expected an ISO date or instant, got "${iso}"`));
    expect(() => dateTimeInWords(iso)).toThrow(RangeError);
  });
});

describe('safe html by construction', () => {
  it('escapes the five characters that matter in html, and nothing else', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a> é ©`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt; é ©');
  });

  it('renders nothing for null, undefined and false, and numbers (zero too) as text', () => {
    expect(html`[${null}|${undefined}|${false}|${0}|${42}|${[]}]`.toString()).toBe('[|||0|42|]');
  });

  it('cannot be forged: Html comes only from the html tag', () => {
    const Forged = Html as unknown as new (token: symbol, markup: string) => Html;
    expect(() => new Forged(Symbol('trusted html'), '<script>')).toThrow(new TypeError('Build Html with the html`...` tag'));
    const notFrozen = Object.assign(['<b>'], { raw: ['<b>'] }) as unknown as TemplateStringsArray;
    expect(() => html(notFrozen)).toThrow(new TypeError('html must be used as a tagged template'));
    const noRaw = Object.freeze(['<b>']) as unknown as TemplateStringsArray;
    expect(() => html(noRaw)).toThrow(TypeError);
  });

  it.each([
    ['a customer name', { ...aCase(), customer: { ...aCase().customer, name: '<b>Ann</b>' } }, '&lt;b&gt;Ann&lt;/b&gt;'],
    ['an address', { ...aCase(), customer: { ...aCase().customer, address: '<b>1</b>\nHigh St' } }, '&lt;b&gt;1&lt;/b&gt;<br>High St'],
    ['the support needs', { ...aCase(), customer: { ...aCase().customer, accessibilityNeeds: '<u>large</u>' } }, '&lt;u&gt;large&lt;/u&gt;'],
    ['a location', { ...aCase(), location: '<i>here</i>' }, '&lt;i&gt;here&lt;/i&gt;'],
    ['a telephone number', { ...aCase(), customer: { ...aCase().customer, phone: '<0123>' } }, '&lt;0123&gt;'],
  ])('escapes %s wherever staff read it', (_what, c, escaped) => {
    for (const [, build] of staffMessages) {
      const m = build(c);
      expect(m.html).toContain(escaped);
      expect(m.html).not.toMatch(/<(b|u|i)>|<0123>/);
    }
  });

  it('escapes what staff wrote that the customer reads: the response and the remedy', () => {
    const m = sent(closingLetter(withOutcome(aCase(), { response: 'We <b>did</b>\nit', remedy: 'Fix & "mend"' }), policy, enGB));
    expect(m.html).toContain(`<blockquote style="margin: 0 0 16px 0; padding: 8px 12px; border-left: 4px solid #b1b4b6; background: #f3f2f1;">We &lt;b&gt;did&lt;/b&gt;<br>it</blockquote>`);
    expect(m.html).toContain('Fix &amp; &quot;mend&quot;');
    expect(m.text).toContain('Our response:\nWe <b>did</b>\nit');
  });

  it.each([
    ['an http website', 'http://www.example.org/a?b=1&c=2', '<a href="http://www.example.org/a?b=1&amp;c=2">http://www.example.org/a?b=1&amp;c=2</a>'],
    ['a website in capitals', 'HTTPS://WWW.EXAMPLE.ORG', '<a href="https://www.example.org/">HTTPS://WWW.EXAMPLE.ORG</a>'],
    ['a javascript: url', 'javascript:alert(1)', 'Website: javascript:alert(1)</li>'],
    ['a data: url', 'data:text/html,<script>alert(1)</script>', 'Website: data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;</li>'],
    ['a mailto: url', 'mailto:x@example.org', 'Website: mailto:x@example.org</li>'],
    ['an ftp url', 'ftp://files.example.org', 'Website: ftp://files.example.org</li>'],
    ['text that is no url at all', 'our website', 'Website: our website</li>'],
  ])('links to %s only if it is http(s)', (_what, website, markup) => {
    const odd = { ...policy, organisation: { ...policy.organisation, website } };
    const m = sent(acknowledgement(aCase(), odd, enGB, { stageOneDeadline: STAGE_ONE }));
    expect(m.html).toContain(markup);
    expect(m.html.match(/<a href="/g)).toHaveLength(website.toLowerCase().startsWith('http') ? 2 : 1);
    expect(m.text).toContain(`- Website: ${website}\n`);
  });
});

describe('subjects: fixed text and a reference', () => {
  const tag = (...parts: string[]) => Object.freeze(Object.assign([...parts], { raw: Object.freeze([...parts]) })) as unknown as TemplateStringsArray;

  it.each([
    ['a reference', 'CC-2026-00042'],
    ['a one-letter prefix', 'C-2026-00001'],
    ['an eight-letter prefix and nine digits', 'ABCDEFGH-2026-123456789'],
  ])('takes %s', (_what, ref) => {
    expect(subject`About ${ref}`).toBe(`About ${ref}`);
  });

  it.each([
    ['a lower-case prefix', 'cc-2026-00042'],
    ['a nine-letter prefix', 'ABCDEFGHI-2026-00042'],
    ['no prefix', '-2026-00042'],
    ['a short year', 'CC-26-00042'],
    ['a five-digit year', 'CC-20260-00042'],
    ['four digits', 'CC-2026-0042'],
    ['ten digits', 'CC-2026-0000000042'],
    ['text before the reference', 'x CC-2026-00042'],
    ['text after the reference', 'CC-2026-00042 x'],
    ['a line break after the reference', 'CC-2026-00042\n'],
  ])('refuses %s', (_what, ref) => {
    expect(() => subject`About ${ref}`).toThrow(new UnsafeHeaderError('Only a case reference or a stage number may be put into a subject'));
    expect(() => urgentNotice({ ...aCase(), reference: ref }, policy, enGB, duty)).toThrow(new UnsafeHeaderError('The case reference is not well formed'));
  });

  it.each([
    ['a whole number', 3, 'Stage 3'],
    ['zero', 0, 'Stage 0'],
  ])('takes %s', (_what, n, out) => {
    expect(subject`Stage ${n}`).toBe(out);
  });

  it.each([
    ['a fraction', 1.5],
    ['not a number', Number.NaN],
    ['infinity', Number.POSITIVE_INFINITY],
    ['a number too large to be exact', 2 ** 53],
  ])('refuses %s', (_what, n) => {
    expect(() => subject`Stage ${n}`).toThrow(UnsafeHeaderError);
  });

  it.each([
    ['a line feed', 'a\nb'],
    ['a carriage return', 'a\rb'],
    ['a tab', 'a\tb'],
    ['NUL', 'a\u0000b'],
    ['the last C0 control', 'a\u001fb'],
    ['DEL', 'a\u007fb'],
    ['a C1 control (NEL)', 'a\u0085b'],
    ['the last C1 control', 'a\u009fb'],
    ['the line separator', 'a\u2028b'],
    ['the paragraph separator', 'a\u2029b'],
    ['more than 200 characters', 'x'.repeat(201)],
  ])('refuses fixed text with %s', (_what, text) => {
    expect(() => subject(tag(text))).toThrow(new UnsafeHeaderError('A subject must be one short line'));
  });

  it.each([
    ['200 characters', 'x'.repeat(200)],
    ['a space, punctuation and non-ASCII letters', 'Réponse: ~ ¡ hello'],
  ])('keeps fixed text with %s', (_what, text) => {
    expect(subject(tag(text))).toBe(text);
  });

  it('counts the reference in the length of the line', () => {
    expect(() => subject(tag('x'.repeat(190), ''), REF)).toThrow(UnsafeHeaderError);
    expect(subject(tag('x'.repeat(187), ''), REF)).toHaveLength(200);
  });

  it('refuses to be called other than as a tag', () => {
    const notFrozen = Object.assign(['About'], { raw: ['About'] }) as unknown as TemplateStringsArray;
    expect(() => subject(notFrozen)).toThrow(new TypeError('subject must be used as a tagged template'));
    expect(() => subject(Object.freeze(['About']) as unknown as TemplateStringsArray)).toThrow(TypeError);
  });
});
