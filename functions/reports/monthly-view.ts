import type { Policy } from '../domain/policy';
import type { MonthlyReport } from '../domain/reports/monthly-schema';
import { text, type Messages } from '../domain/texts';
import { dateInWords, instantInWords, monthInWords, section, sayFrom, type ReportDocument, type Say, type Section, type Table } from './document';
import { breakdownChart, breakdownTable, figure, monthsChart, outcomesTable, rowLabel, timelinessChart, timelinessRows, type BreakdownLike } from './parts';

/**
 * The monthly report (internal: for the Strategic Support Manager's scrutiny and audit) as a
 * document. Consultation comments are not in it: the system does not record them yet.
 */

function summary(r: MonthlyReport, say: Say, lang: string): Section {
  const last = r.lastYear;
  const rows: [string, number | null, number | null | undefined, 'count' | 'percent' | 'days'][] = [
    [say('summary.complaints'), r.received.complaints, last?.complaints, 'count'],
    [say('summary.compliments'), r.received.compliments, last?.compliments, 'count'],
    [say('summary.acknowledgedOnTime', { days: r.acknowledgements.targetWorkingDays }), r.acknowledgements.percentOnTime, last?.acknowledgedOnTimePercent, 'percent'],
    [say('summary.closed'), r.closed.total, last?.closed, 'count'],
    [say('summary.closedWithinDeadline'), r.closed.percentWithinDeadline, last?.percentClosedWithinDeadline, 'percent'],
    [say('summary.upheld'), r.outcomes.upheld, last?.upheld, 'count'],
    [say('summary.partlyUpheld'), r.outcomes.partlyUpheld, last?.partlyUpheld, 'count'],
    [say('summary.notUpheld'), r.outcomes.notUpheld, last?.notUpheld, 'count'],
    [say('summary.averageDays'), r.timeToClose.averageWorkingDays, last?.averageWorkingDaysToClose, 'days'],
    [say('summary.open'), r.open.total, undefined, 'count'],
    [say('summary.overdue'), r.open.overdue, undefined, 'count'],
  ];
  const table: Table = {
    caption: say('summary.caption'),
    columns: [
      { label: say('summary.figure'), kind: 'text' },
      { label: monthInWords(r.month, lang), kind: 'count' },
      { label: last ? monthInWords(last.month, lang) : say('summary.yearEarlier'), kind: 'count' },
    ],
    rows: rows.map(([header, now, before, kind]) => ({
      header,
      cells: [figure(now, kind, say), before === undefined ? (last ? say('common.notApplicable') : say('common.noData')) : figure(before, kind, say)],
    })),
  };
  return section('summary', say('summary.heading'), { tables: [table], paragraphs: last ? [] : [say('summary.noYearEarlier')] });
}

function received(r: MonthlyReport, say: Say): Section {
  const byFunction = (row: BreakdownLike) => rowLabel(row, say, 'received.functionNotKnown');
  const byCategory = (row: BreakdownLike) => rowLabel(row, say, 'received.notCategorised');
  const channel = (row: BreakdownLike) => say(`channels.${row.key}`);
  return section('received', say('received.heading'), {
    charts: [
      breakdownChart('chart-functions', say('received.byFunction'), say('received.byFunctionDescription'), say('received.function'), r.received.byFunction, byFunction, say, { compliments: true }),
      breakdownChart('chart-categories', say('received.byCategory'), say('received.byCategoryDescription'), say('received.category'), r.received.byCategory, byCategory, say, { compliments: false }),
    ],
    tables: [breakdownTable(say('received.byChannel'), say('received.channel'), r.received.byChannel, channel, say, { compliments: true })],
    // Reports stored before consultation comments were counted have no such figures.
    paragraphs: [
      ...(r.consultation ? [say('received.consultation', { ...r.consultation })] : []),
      // Said only when some were referred (reports stored before they were counted have no such figures).
      ...(r.informationReviews?.referred ? [say('received.informationReviews', { ...r.informationReviews })] : []),
    ],
  });
}

function timeliness(r: MonthlyReport, say: Say): Section {
  const a = r.acknowledgements;
  const acks: Table = {
    caption: say('timeliness.acknowledgementsCaption', { days: a.targetWorkingDays }),
    kind: 'count',
    rows: [
      { header: say('timeliness.onTime'), cells: [a.onTime] },
      { header: say('timeliness.late'), cells: [a.late] },
      { header: say('timeliness.unacknowledgedOverdue'), cells: [a.unacknowledgedOverdue] },
      { header: say('timeliness.pending'), cells: [a.pending] },
    ],
  };
  return section('timeliness', say('timeliness.heading'), {
    paragraphs: [say('timeliness.explained')],
    charts: [timelinessChart('chart-timeliness', timelinessRows(r.acknowledgements, r.closed.byStage, say), say)],
    tables: [acks],
  });
}

function extensions(r: MonthlyReport, say: Say): Section {
  const e = r.extensions;
  return section('extensions', say('extensions.heading'), {
    paragraphs: [say('extensions.summary', { stages: e.stagesExtended, days: e.workingDays, max: e.maxWorkingDays })],
    tables: e.list.length
      ? [
          {
            caption: say('extensions.caption'),
            columns: [
              { label: say('common.reference'), kind: 'text' },
              { label: say('common.stage'), kind: 'count' },
              { label: say('extensions.workingDays'), kind: 'days' },
              { label: say('extensions.reason'), kind: 'text' },
            ],
            rows: e.list.map((x) => ({ header: x.reference, cells: [x.stage, x.workingDays, x.reason ?? say('extensions.reasonNotRecorded')] })),
          },
        ]
      : [],
  });
}

function outcomes(r: MonthlyReport, say: Say): Section {
  const o = r.outcomes;
  const stageName = (n: number) => r.closed.byStage.find((s) => s.stage === n)?.name ?? say('common.stageNumber', { stage: n });
  return section('outcomes', say('outcomes.heading'), {
    paragraphs: [say('outcomes.remedies', { count: o.withRemedy })],
    tables: [outcomesTable([...o.byStage.map((s) => ({ ...s, label: stageName(s.stage) })), { label: say('common.total'), upheld: o.upheld, partlyUpheld: o.partlyUpheld, notUpheld: o.notUpheld }], say)],
  });
}

function open(r: MonthlyReport, say: Say, lang: string): Section {
  const stageName = (n: number | null) => (n === null ? say('open.notInStage') : (r.closed.byStage.find((s) => s.stage === n)?.name ?? say('common.stageNumber', { stage: n })));
  return section('open', say('open.heading'), {
    paragraphs: [say('open.explained', { date: dateInWords(r.cohort.to, lang), complaints: r.open.complaints, compliments: r.open.compliments })],
    tables: [
      {
        caption: say('open.caption'),
        columns: [
          { label: say('open.where'), kind: 'text' },
          { label: say('open.total'), kind: 'count' },
          { label: say('open.overdue'), kind: 'count' },
        ],
        rows: [
          ...r.open.byStage.map((s) => ({ header: stageName(s.stage), cells: [s.total, s.overdue] })),
          // Shown only when some are (reports stored before they were counted have no such row).
          ...(r.open.underReview?.total ? [{ header: say('open.underReview'), cells: [r.open.underReview.total, r.open.underReview.overdue] }] : []),
          { header: say('common.total'), cells: [r.open.total, r.open.overdue] },
        ],
      },
    ],
  });
}

function ombudsman(r: MonthlyReport, say: Say, lang: string): Section {
  const o = r.ombudsman;
  return section('ombudsman', say('ombudsman.heading'), {
    paragraphs: [say('ombudsman.summary', { referred: o.referred, enquiries: o.enquiries, findings: o.withFindings })],
    tables: o.cases.length
      ? [
          {
            caption: say('ombudsman.caption'),
            columns: [
              { label: say('common.reference'), kind: 'text' },
              { label: say('ombudsman.reference'), kind: 'text' },
              { label: say('ombudsman.received'), kind: 'text' },
              { label: say('ombudsman.findings'), kind: 'text' },
              { label: say('ombudsman.recommendations'), kind: 'text' },
            ],
            rows: o.cases.map((c) => ({ header: c.reference, cells: [c.ombudsmanReference, dateInWords(c.enquiryReceivedOn, lang), c.findings ?? say('ombudsman.noneYet'), c.recommendations ?? say('ombudsman.noneYet')] })),
          },
        ]
      : [],
  });
}

function timeToClose(r: MonthlyReport, say: Say): Section {
  const t = r.timeToClose;
  return section('time-to-close', say('timeToClose.heading'), {
    paragraphs: [say('timeToClose.explained')],
    tables: [
      {
        caption: say('timeToClose.caption'),
        kind: 'days',
        rows: [
          { header: say('timeToClose.closed'), cells: [t.closed] },
          { header: say('timeToClose.average'), cells: [t.averageWorkingDays] },
          { header: say('timeToClose.percentile90'), cells: [t.percentile90WorkingDays] },
        ],
      },
    ],
  });
}

export function lessonsTable(lessons: MonthlyReport['lessons'], say: Say): Table {
  return {
    caption: say('lessons.caption'),
    columns: [
      { label: say('common.reference'), kind: 'text' },
      { label: say('common.stage'), kind: 'count' },
      { label: say('lessons.decision'), kind: 'text' },
      { label: say('lessons.lesson'), kind: 'text' },
    ],
    rows: lessons.map((l) => ({ header: l.reference, cells: [l.stage, say(`decisions.${l.decision}`), l.text] })),
  };
}

export function monthlyDocument(r: MonthlyReport, texts: Messages, policy: Policy): ReportDocument {
  const say = sayFrom(texts);
  const lang = text(texts, 'htmlLang');
  const month = monthInWords(r.month, lang);
  return {
    lang,
    title: say('monthly.title', { month, organisation: policy.organisation.name }),
    paragraphs: [
      say('monthly.cohort', { from: dateInWords(r.cohort.from, lang), to: dateInWords(r.cohort.to, lang), generated: instantInWords(r.generatedAt, lang, say) }),
      say('monthly.scrutiny'),
    ],
    sections: [
      summary(r, say, lang),
      received(r, say),
      timeliness(r, say),
      extensions(r, say),
      outcomes(r, say),
      open(r, say, lang),
      ombudsman(r, say, lang),
      timeToClose(r, say),
      section('lessons', say('lessons.heading'), r.lessons.length ? { tables: [lessonsTable(r.lessons, say)] } : { paragraphs: [say('lessons.none')] }),
      section('trend', say('trend.heading'), { charts: [monthsChart('chart-trend', say('trend.chartTitle'), r.trend, lang, say)] }),
    ],
  };
}
