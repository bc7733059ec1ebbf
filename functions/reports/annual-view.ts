import type { Policy } from '../domain/policy';
import type { AnnualReport, Provision } from '../domain/reports/annual-types';
import { text, type Messages } from '../domain/texts';
import { dateInWords, instantInWords, section, sayFrom, value, type ReportDocument, type Say, type Section, type Table } from './document';
import { lessonsTable } from './monthly-view';
import { breakdownChart, breakdownTable, figure, monthsChart, outcomesTable, rowLabel, timelinessChart, timelinessRows, type BreakdownLike } from './parts';

/**
 * The annual complaints performance and service improvement report as a document, in the order of
 * part 8 of the Complaint Handling Code: the self-assessment (a table per provision), the analysis
 * of performance, complaints refused, Ombudsman decisions, and the improvements from learning.
 * The publishable version shows no case reference and no staff-written text.
 */

function exists(texts: Messages, path: string): boolean {
  try {
    text(texts, `report.${path}`);
    return true;
  } catch {
    return false;
  }
}

function provisionTable(p: Provision, say: Say): Table {
  const key = `annual.provisions.${p.id}`;
  const evidence: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.evidence)) evidence[k] = figure(v, k === 'percent' ? 'percent' : 'count', say);
  const commentary = p.differs ? `${key}.differs` : `${key}.same`;
  return {
    caption: say('annual.provisionCaption', { code: p.code, name: say(`${key}.name`) }),
    kind: 'text',
    rows: [
      { header: say('annual.requirement'), cells: [say(`${key}.requirement`, p.figures)] },
      { header: say('annual.complies'), cells: [say(`annual.compliance.${p.complies}`)] },
      { header: say('annual.evidence'), cells: [say(`${key}.evidence`, { ...p.figures, ...evidence })] },
      { header: say('annual.commentary'), cells: [say(commentary, p.figures)] },
    ],
  };
}

function selfAssessment(r: AnnualReport, texts: Messages, say: Say): Section {
  const differing = r.selfAssessment.filter((p) => p.differs && exists(texts, `annual.provisions.${p.id}.policy`));
  const differences: Table = {
    caption: say('annual.differencesCaption'),
    columns: [
      { label: say('annual.provision'), kind: 'text' },
      { label: say('annual.ourPolicy'), kind: 'text' },
      { label: say('annual.theCode'), kind: 'text' },
    ],
    rows: differing.map((p) => ({
      header: say(`annual.provisions.${p.id}.name`),
      cells: [say(`annual.provisions.${p.id}.policy`, p.figures), say(`annual.provisions.${p.id}.code`, p.figures)],
    })),
  };
  return section('self-assessment', say('annual.selfAssessmentHeading'), {
    paragraphs: [say('annual.selfAssessmentIntro')],
    tables: [...(differing.length ? [differences] : []), ...r.selfAssessment.map((p) => provisionTable(p, say))],
  });
}

function volumes(r: AnnualReport, say: Say): Section {
  const byFunction = (row: BreakdownLike) => rowLabel(row, say, 'received.functionNotKnown');
  const byCategory = (row: BreakdownLike) => rowLabel(row, say, 'received.notCategorised');
  const channel = (row: BreakdownLike) => say(`channels.${row.key}`);
  return section('volumes', say('annual.volumesHeading'), {
    paragraphs: [say('annual.received', { complaints: figure(r.received.complaints, 'count', say), compliments: figure(r.received.compliments, 'count', say) })],
    charts: [
      breakdownChart('chart-functions', say('received.byFunction'), say('received.byFunctionDescription'), say('received.function'), r.received.byFunction, byFunction, say, { compliments: true }),
      breakdownChart('chart-categories', say('received.byCategory'), say('received.byCategoryDescription'), say('received.category'), r.received.byCategory, byCategory, say, { compliments: false }),
    ],
    tables: [breakdownTable(say('received.byChannel'), say('received.channel'), r.received.byChannel, channel, say, { compliments: true })],
  });
}

function performance(r: AnnualReport, say: Say): Section {
  const stageName = (n: number) => r.closed.byStage.find((s) => s.stage === n)?.name ?? say('common.stageNumber', { stage: n });
  const e = r.extensions;
  const t = r.timeToClose;
  return section('performance', say('annual.performanceHeading'), {
    paragraphs: [
      say('timeliness.explained'),
      say('annual.extensions', {
        stages: figure(e.stagesExtended, 'count', say),
        days: figure(e.workingDays, 'days', say),
        withReason: figure(e.withReason, 'count', say),
        withoutReason: figure(e.withoutReason, 'count', say),
      }),
      say('outcomes.remedies', { count: figure(r.outcomes.withRemedy, 'count', say) }),
    ],
    charts: [timelinessChart('chart-timeliness', timelinessRows(r.acknowledgements, r.closed.byStage, say), say)],
    tables: [
      outcomesTable([...r.outcomes.byStage.map((s) => ({ ...s, label: stageName(s.stage) })), { label: say('common.total'), upheld: r.outcomes.upheld, partlyUpheld: r.outcomes.partlyUpheld, notUpheld: r.outcomes.notUpheld }], say),
      {
        caption: say('timeToClose.caption'),
        kind: 'days',
        rows: [
          { header: say('timeToClose.closed'), cells: [value(t.closed)] },
          { header: say('timeToClose.average'), cells: [value(t.averageWorkingDays)] },
          { header: say('timeToClose.percentile90'), cells: [value(t.percentile90WorkingDays)] },
        ],
      },
    ],
  });
}

function ombudsman(r: AnnualReport, say: Say, lang: string): Section {
  const o = r.ombudsman;
  const counts = { referred: figure(o.referred, 'count', say), enquiries: figure(o.enquiries, 'count', say), findings: figure(o.withFindings, 'count', say) };
  const table: Table = {
    caption: say('ombudsman.caption'),
    columns: [
      { label: say('common.reference'), kind: 'text' },
      { label: say('ombudsman.reference'), kind: 'text' },
      { label: say('ombudsman.received'), kind: 'text' },
      { label: say('ombudsman.findings'), kind: 'text' },
      { label: say('ombudsman.recommendations'), kind: 'text' },
    ],
    rows: o.cases.map((c) => ({ header: c.reference, cells: [c.ombudsmanReference, dateInWords(c.enquiryReceivedOn, lang), c.findings ?? say('ombudsman.noneYet'), c.recommendations ?? say('ombudsman.noneYet')] })),
  };
  return section('ombudsman', say('annual.ombudsmanHeading'), { paragraphs: [say('ombudsman.summary', counts)], tables: o.cases.length ? [table] : [] });
}

function improvements(r: AnnualReport, say: Say): Section {
  if (r.publishable) {
    return section('improvements', say('annual.improvementsHeading'), { paragraphs: [say('annual.improvementsPublishable', { count: figure(r.improvements.recorded, 'count', say) })] });
  }
  const lessons = r.improvements.lessons;
  return section('improvements', say('annual.improvementsHeading'), lessons.length ? { tables: [lessonsTable(lessons, say)] } : { paragraphs: [say('lessons.none')] });
}

export function annualDocument(r: AnnualReport, texts: Messages, policy: Policy): ReportDocument {
  const say = sayFrom(texts);
  const lang = text(texts, 'htmlLang');
  return {
    lang,
    title: say('annual.title', { year: r.year, organisation: policy.organisation.name }),
    paragraphs: [
      say('annual.period', { from: dateInWords(r.period.from, lang), to: dateInWords(r.period.to, lang), generated: instantInWords(r.generatedAt, lang, say) }),
      say(r.publishable ? 'annual.publishable' : 'annual.internal'),
    ],
    sections: [
      selfAssessment(r, texts, say),
      volumes(r, say),
      performance(r, say),
      section('refused', say('annual.refusedHeading'), { paragraphs: [say('annual.refused')] }),
      ombudsman(r, say, lang),
      improvements(r, say),
      section('months', say('annual.monthsHeading'), { charts: [monthsChart('chart-months', say('annual.monthsChartTitle'), r.months, lang, say)] }),
    ],
  };
}
