import { dateInWords, stageName, staffEmail, type Inline, type Words } from './emails';
import type { EmailMessage } from './mail';
import type { Policy } from './policy';
import type { Messages } from './texts';
import { REMINDER_WINDOW, type Digest, type DueDeadline, type Recipient, type Reminder } from './timescale-monitor';

/**
 * The timescale monitor's two emails (functions/domain/timescale-monitor.ts), built as every email
 * of emails.ts is (texts from the locale's `emails` section, escaped by construction): the
 * Administration Manager's digest and a stage owner's reminder. They name cases by reference,
 * stage and deadline only: no customer's details.
 */

/** "due today", "1 working day left", "3 working days overdue". */
function left(w: Words, d: DueDeadline): string {
  if (d.overdue) return w.say(d.workingDaysLeft === -1 ? 'timescales.overdue.one' : 'timescales.overdue.other', { days: -d.workingDaysLeft });
  if (d.workingDaysLeft === 0) return w.say('timescales.left.today');
  return w.say(d.workingDaysLeft === 1 ? 'timescales.left.one' : 'timescales.left.other', { days: d.workingDaysLeft });
}

function what(w: Words, policy: Policy, d: DueDeadline): string {
  if (d.stage !== null) return stageName(policy, w, d.stage);
  if (d.what === 'information-review') return w.say('timescales.informationReview');
  return w.say(d.what === 'consultation-decision' ? 'timescales.consultationDecision' : 'timescales.acknowledgement');
}

function ownerOf(w: Words, d: DueDeadline, people: ReadonlyMap<string, Recipient>): string {
  if (d.what === 'information-review') return w.say('timescales.ownerLegalGovernance');
  if (d.stage === null) return w.say('timescales.ownerAdministration');
  if (d.owner === null) return w.say('timescales.ownerNone');
  const person = people.get(d.owner);
  if (!person) return w.say('timescales.ownerUnknown', { owner: d.owner });
  return person.available ? person.name : w.say('timescales.ownerUnavailable', { name: person.name });
}

/** The Administration Manager's digest of `today`: what is overdue, then what is due within the window. */
export function timescaleDigest(digest: Digest, policy: Policy, texts: Messages, input: { today: string; people: ReadonlyMap<string, Recipient> }): EmailMessage {
  return staffEmail(digest.to, policy, texts, (w) => {
    const item = (key: string) => (d: DueDeadline): Inline[] =>
      w.parts(key, { reference: { strong: d.reference }, what: what(w, policy, d), deadline: dateInWords(d.deadline), left: left(w, d), owner: ownerOf(w, d, input.people) });
    const section = (heading: string, items: DueDeadline[], key: string) => [
      { heading: w.say(heading, { count: items.length, window: REMINDER_WINDOW }) },
      items.length > 0 ? { list: items.map(item(key)) } : w.p('timescaleDigest.none'),
    ];
    return {
      subject: w.subject('timescaleDigest.subject', { overdue: digest.overdue.length, dueSoon: digest.dueSoon.length, window: REMINDER_WINDOW }),
      blocks: [
        w.p('timescaleDigest.intro', { date: { strong: dateInWords(input.today) } }),
        ...section('timescaleDigest.overdueHeading', digest.overdue, 'timescaleDigest.overdueItem'),
        ...section('timescaleDigest.dueSoonHeading', digest.dueSoon, 'timescaleDigest.dueItem'),
        w.p('timescaleDigest.followUp'),
      ],
    };
  });
}

/** A stage owner's reminder: their own cases due within the window. */
export function deadlineReminder(reminder: Reminder, policy: Policy, texts: Messages): EmailMessage {
  return staffEmail(reminder.to, policy, texts, (w) => ({
    subject: w.subject('deadlineReminder.subject', { count: reminder.due.length, window: REMINDER_WINDOW }),
    blocks: [
      w.p('deadlineReminder.intro', { window: REMINDER_WINDOW }),
      {
        list: reminder.due.map((d) =>
          w.parts('deadlineReminder.item', { reference: { strong: d.reference }, what: what(w, policy, d), deadline: dateInWords(d.deadline), left: left(w, d) }),
        ),
      },
      w.p('deadlineReminder.whatNext'),
    ],
  }));
}
