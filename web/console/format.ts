import { WorkingDayCalendar } from '../../functions/domain/calendar';
import type { ConsoleConfig } from './config';
import type { Texts } from './texts';

/** Dates and deadlines as staff read them (Europe/London), and the working days left, by the same calendar as the service. */

const DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

export const day = (iso: string | null | undefined) => (iso ? DAY.format(new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso)) : '');
export const dateTime = (iso: string | null | undefined) => (iso ? TIME.format(new Date(iso)) : '');

let calendar: WorkingDayCalendar | undefined;

/** Working days from today to the deadline: negative when it has passed. */
export function workingDaysLeft(config: ConsoleConfig, deadline: string | null, now = new Date()): number | undefined {
  if (!deadline) return undefined;
  calendar ??= WorkingDayCalendar.fromPolicy({ bankHolidays: config.bankHolidays, closureDays: config.closureDays });
  const end = new Date(deadline);
  return end >= now ? calendar.workingDaysBetween(now, end) : -calendar.workingDaysBetween(end, now);
}

export function daysLeftWords(t: Texts, n: number | undefined): string {
  if (n === undefined) return '';
  if (n < 0) return t.plural('daysLeft.overdue', -n);
  if (n === 0) return t('daysLeft.today');
  return t.plural('daysLeft.left', n);
}

export const functionName = (t: Texts, config: ConsoleConfig, id: string | null | undefined) => config.functions.find((f) => f.id === id)?.name ?? (id ? id : t('notKnown'));
export const stageName = (t: Texts, config: ConsoleConfig, n: number | null) => (n ? (config.stages[n - 1]?.name ?? t('stageNumber', { stage: n })) : t('notInStage'));

/** The words of a form's fields, for a request body: empty fields left out. */
export function formFields(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v.trim() !== '') out[k] = v.trim();
  return out;
}

/** A stored value (a channel, a way of contact, a task, a decision) in staff's words, or the value itself if the texts have none. */
export const channelName = (t: Texts, id: string) => (t.has(`channels.${id}`) ? t(`channels.${id}`) : id);
export const contactName = (t: Texts, id: string) => (t.has(`contactBy.${id}`) ? t(`contactBy.${id}`) : id);
export const taskName = (t: Texts, type: string) => (t.has(`home.task.${type}`) ? t(`home.task.${type}`) : type);
/** A task of a case as the case lists it: what, by when, and its note. */
export const taskWords = (t: Texts, task: { type: string; due: string; note?: string }) =>
  task.note ? t('case.taskWithNote', { type: taskName(t, task.type), date: day(task.due), note: task.note }) : t('case.task', { type: taskName(t, task.type), date: day(task.due) });
/** How a case closed, in words (a value this console does not know yet, as stored). */
export const closureName = (t: Texts, closure: string) => (t.has(`closures.${closure}`) ? t(`closures.${closure}`) : closure);
export const decisionName = (t: Texts, decision: string) => (t.has(`decisions.${decision}`) ? t(`decisions.${decision}`) : decision);
