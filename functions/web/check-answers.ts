import { dateInWords } from '../domain/emails';
import { incidentDateOf, NO_REPLY, UNKNOWN_FUNCTION, type Answers, type QuestionPage } from '../domain/form-journey';
import type { Policy } from '../domain/policy';
import { fill, type Messages } from './render';

/** One row of the check-answers page: what was asked, the answer in words, and where to change it. */
export interface AnswerRow {
  key: string;
  value: string;
  /** The person's own words, line breaks kept. */
  multiline?: boolean;
  href: string;
}

type CheckTexts = Record<string, string>;

const change = (page: QuestionPage, field: string) => `/form/${page}?change=1#${field}`;

/** The answers in the words of the check-answers page, in two lists: about the matter, and about the person. */
export function answerRows(a: Answers, policy: Policy, messages: Messages): { about: AnswerRow[]; you: AnswerRow[] } {
  const t = messages.check as CheckTexts;
  const common = messages.common as CheckTexts;
  const yesNo = (v: string | undefined) => (v === 'yes' ? common.yes! : common.no!);
  const orNot = (v: string | undefined) => (v?.trim() ? v.trim() : common.notGiven!);
  const incidentDate = incidentDateOf(a);
  const fn = a.function === UNKNOWN_FUNCTION ? (messages.questions as Record<string, CheckTexts>).service!.unknown! : policy.functions.find((f) => f.id === a.function)?.name;

  const about: AnswerRow[] = [{ key: t.kind!, value: a.kind === 'complaint' ? t.kindComplaint! : t.kindCompliment!, href: change('type', 'kind') }];
  if (a.kind === 'complaint') about.push({ key: t.urgent!, value: yesNo(a.urgent), href: change('urgent', 'urgent') });
  about.push(
    { key: t.summary!, value: orNot(a.summary), href: change('what-happened', 'summary') },
    { key: t.details!, value: orNot(a.details), multiline: true, href: change('what-happened', 'details') },
    { key: t.incidentDate!, value: incidentDate ? dateInWords(incidentDate) : common.notGiven!, href: change('when-and-where', 'incidentDay') },
    { key: t.location!, value: orNot(a.location), href: change('when-and-where', 'location') },
    { key: t.function!, value: fn ?? common.notGiven!, href: change('service', 'function') },
  );

  const contact =
    a.preferredContact === 'email'
      ? fill(t.contactEmail!, { value: a.email })
      : a.preferredContact === 'phone'
        ? fill(t.contactPhone!, { value: a.phone })
        : a.preferredContact === 'letter'
          ? `${t.contactLetter!}\n${a.address ?? ''}`
          : a.preferredContact === NO_REPLY
            ? t.contactNone!
            : common.notGiven!;
  const you: AnswerRow[] = [
    { key: t.name!, value: orNot(a.name), href: change('contact', 'name') },
    { key: t.preferredContact!, value: contact, multiline: a.preferredContact === 'letter', href: change('contact', 'preferredContact') },
    { key: t.accessibilityNeeds!, value: orNot(a.accessibilityNeeds), multiline: true, href: change('support', 'accessibilityNeeds') },
  ];
  return { about, you };
}
