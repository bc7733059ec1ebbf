import { html } from 'lit-html';
import type { Console, View } from '../main';
import { day, daysLeftWords, taskName, workingDaysLeft } from '../format';
import { consultationTable, type ConsultationRow } from './consultation';
import { reviewsTable, type ReviewRow } from './information-review';
import { casesTable, type CaseRow } from './parts';

/** The work of today for the Administration Manager; a stage owner's own cases; the rest: what is open. */
/** "Due soon" on the Administration Manager's day: within this many working days. */
const DUE_SOON = 2;
/** At most this many pages of 100 open cases are read for the day's tasks (the open cases of a large service's year). */
const OPEN_PAGES = 20;

export async function homePage(ctx: Console): Promise<View> {
  const { t } = ctx;
  const list = async (query: Record<string, string>) => (await ctx.api<{ items: CaseRow[] }>('GET', '/api/cases', { query: { limit: '50', ...query } })).data.items;
  /** Every open case, page by page (the API's largest pages), up to OPEN_PAGES pages: the day's tasks are on any of them. */
  const allOpen = async (): Promise<CaseRow[]> => {
    const rows: CaseRow[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < OPEN_PAGES; page++) {
      const { data } = await ctx.api<{ items: CaseRow[]; nextCursor?: string }>('GET', '/api/cases', { query: { status: 'open', limit: '100', cursor } });
      rows.push(...data.items);
      cursor = data.nextCursor;
      if (!cursor) break;
    }
    return rows;
  };
  if (ctx.has('admin-manager')) {
    const [overdue, dueSoon, open, comments] = await Promise.all([
      list({ status: 'open', overdue: 'true' }),
      list({ status: 'open', dueWithin: String(DUE_SOON), overdue: 'false' }),
      allOpen(),
      list({ consultation: 'awaiting' }) as Promise<ConsultationRow[]>,
    ]);
    // A comment awaiting the decision is listed on its own, not as waiting for an acknowledgement or an owner.
    // Nor is a complaint under Legal & Governance's review: the team, not one person, has it.
    const waiting = open.filter((c) => c.owner === null && (c as ConsultationRow).consultation?.state !== 'awaiting' && !c.informationReview);
    // Each task of each open case, soonest first: letters and calls to make, owners to choose, mail that failed.
    const tasks = open
      .flatMap((c) => (c.tasks ?? []).map((task) => ({ ...task, reference: c.reference })))
      .sort((a, b) => a.due.localeCompare(b.due));
    return {
      title: t('home.today'),
      body: html`<h1 class="govuk-heading-l" tabindex="-1">${t('home.todayHeading')}</h1>
        <h2 class="govuk-heading-m">${t('home.tasks', { count: tasks.length })}</h2>
        ${tasks.length
          ? html`<table class="govuk-table" data-tasks>
              <caption class="govuk-table__caption govuk-visually-hidden">${t('home.tasksCaption')}</caption>
              <thead class="govuk-table__head"><tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">${t('home.caseColumn')}</th>
                <th scope="col" class="govuk-table__header">${t('home.taskColumn')}</th>
                <th scope="col" class="govuk-table__header">${t('home.dueColumn')}</th>
              </tr></thead>
              <tbody class="govuk-table__body">
                ${tasks.map(
                  (task) => html`<tr class="govuk-table__row">
                    <td class="govuk-table__cell"><a class="govuk-link app-nowrap" href="/staff/cases/${task.reference}" data-nav>${task.reference}</a></td>
                    <td class="govuk-table__cell">${taskName(t, task.type)}</td>
                    <td class="govuk-table__cell">${day(task.due)}<br /><span class="govuk-body-s">${daysLeftWords(t, workingDaysLeft(ctx.config, task.due))}</span></td>
                  </tr>`,
                )}
              </tbody>
            </table>`
          : html`<p class="govuk-body">${t('table.none')}</p>`}
        <h2 class="govuk-heading-m">${t('consultation.awaitingHeading', { count: comments.length })}</h2>
        ${consultationTable(ctx, comments, t('consultation.awaitingCaption'))}
        <h2 class="govuk-heading-m">${t('home.overdue', { count: overdue.length })}</h2>
        ${casesTable(ctx, overdue, t('home.overdueCaption'))}
        <h2 class="govuk-heading-m">${t('home.dueSoon', { days: DUE_SOON, count: dueSoon.length })}</h2>
        ${casesTable(ctx, dueSoon, t('home.dueSoonCaption', { days: DUE_SOON }))}
        <h2 class="govuk-heading-m">${t('home.waiting', { count: waiting.length })}</h2>
        ${casesTable(ctx, waiting, t('home.waitingCaption'))}
        <p class="govuk-body"><a class="govuk-link" href="/staff/cases?status=open" data-nav>${t('home.allOpen')}</a></p>`,
    };
  }
  if (ctx.has('consultation-officer')) {
    // The officer reads only the comments they forwarded (the API's access rule): each with its decision.
    const forwarded = (await list({ channel: 'consultation', limit: '100' })) as ConsultationRow[];
    return {
      title: t('home.title'),
      body: html`<h1 class="govuk-heading-l" tabindex="-1">${t('consultation.forwardedHeading')}</h1>
        <p class="govuk-body">${t('consultation.forwardedIntro')}</p>
        ${consultationTable(ctx, forwarded, t('consultation.forwardedHeading'))}
        <p class="govuk-body"><a class="govuk-link" href="/staff/record" data-nav>${t('consultation.forwardAnother')}</a></p>`,
    };
  }
  if (ctx.has('legal-governance')) {
    // The reviews of complaints about information requests: open ones by deadline, then the latest decided.
    const [open, closed] = await Promise.all([list({ status: 'open', limit: '100' }), list({ status: 'closed', limit: '100' })]);
    const reviews = (rows: CaseRow[]) => (rows as ReviewRow[]).filter((c) => c.informationReview);
    const decided = reviews(closed);
    return {
      title: t('home.title'),
      body: html`<h1 class="govuk-heading-l" tabindex="-1">${t('informationReview.homeHeading')}</h1>
        <p class="govuk-body">${t('informationReview.homeIntro', { days: ctx.config.informationRequestReview.workingDays })}</p>
        <h2 class="govuk-heading-m">${t('informationReview.openHeading', { count: reviews(open).length })}</h2>
        ${reviewsTable(ctx, reviews(open), t('informationReview.openHeading', { count: reviews(open).length }))}
        <h2 class="govuk-heading-m">${t('informationReview.decidedHeading', { count: decided.length })}</h2>
        ${reviewsTable(ctx, decided, t('informationReview.decidedHeading', { count: decided.length }))}
        <p class="govuk-body"><a class="govuk-link" href="/staff/cases" data-nav>${t('home.allVisible')}</a></p>`,
    };
  }
  const mine = ctx.me.roles.some((r) => ['functional-head', 'duty-officer', 'cro'].includes(r)) ? await list({ status: 'open', owner: ctx.me.id }) : undefined;
  const open = mine ? [] : await list({ status: 'open' });
  return {
    title: t('home.title'),
    body: html`<h1 class="govuk-heading-l" tabindex="-1">${mine ? t('home.yours') : t('home.open')}</h1>
      ${casesTable(ctx, mine ?? open, mine ? t('home.yoursCaption') : t('home.open'))}
      <p class="govuk-body"><a class="govuk-link" href="/staff/cases" data-nav>${t('home.allVisible')}</a></p>`,
  };
}
