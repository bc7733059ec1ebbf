import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import type { Case } from '../../functions/domain/case';
import { defaultPolicy, parsePolicy } from '../../functions/domain/policy';
import { collateYear } from '../../functions/domain/reports/annual';
import { collateMonth, type MonthlyReport } from '../../functions/domain/reports/monthly';
import { contentSecurityPolicy, REPORT_STYLE_SOURCE } from '../../functions/config/security-headers';
import { renderAnnualCsv, renderAnnualHtml, renderMonthlyCsv, renderMonthlyHtml } from '../../functions/reports';
import { REPORT_STYLE } from '../../functions/reports/style';
import { axeViolations, launchChromium, openPage } from '../support/browser';
import { enGB } from '../support/texts';
import { A, B, MAY, NOW, OPEN_NOW } from '../domain/reports/may-2026';

const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
const HOSTILE_LESSONS = ['=HYPERLINK("http://evil.example","click")', '+SUM(1,2)', '-2+3', '@cmd', '<script>alert(1)</script> & "quotes"'];

/** May 2026 with five more resolved complaints, each with a hostile lesson learned. */
function withHostileLessons(): Case[] {
  const hostile = HOSTILE_LESSONS.map((lessonsLearned, i) => ({
    ...A,
    reference: `CC-2026-0020${i}`,
    outcome: { ...A.outcome!, lessonsLearned },
  }));
  return [...MAY, ...hostile];
}

function month(cases: Case[] = MAY, policy = defaultPolicy): MonthlyReport {
  return collateMonth({ month: '2026-05', now: NOW, cases, open: OPEN_NOW, earlier: [], policy, calendar });
}

/** RFC 4180 fields, enough to read back what csv-stringify writes. */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]!;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && csv[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  if (field !== '' || row.length) row.push(field), rows.push(row);
  return rows;
}

describe('the monthly report as CSV', () => {
  const csv = renderMonthlyCsv(month(withHostileLessons()), enGB, defaultPolicy);
  const rows = parseCsv(csv.slice(1));

  it('starts with a UTF-8 byte order mark and ends every record with CRLF, never a bare LF', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('neutralises every lesson that a spreadsheet would read as a formula, and keeps the others as written', () => {
    const lessons = rows.filter((r) => /^CC-2026-0020\d$/.test(r[0]!)).map((r) => r[3]);
    expect(lessons).toEqual(["'=HYPERLINK(\"http://evil.example\",\"click\")", "'+SUM(1,2)", "'-2+3", "'@cmd", '<script>alert(1)</script> & "quotes"']);
  });

  it('writes each table under its caption with its column headers, numbers as numbers', () => {
    const at = rows.findIndex((r) => r[0] === 'Received by function');
    expect(rows[at + 1]).toEqual(['Function', 'Complaints', 'Compliments']);
    expect(rows[at + 2]).toEqual(['Operations', '9', '1']);
    expect(rows[at + 9]).toEqual(['Function not known', '1', '0']);
    const timeliness = rows.findIndex((r) => r[0] === 'Timeliness against target');
    expect(rows[timeliness + 1]).toEqual(['Timescale', 'Target (working days)', 'Due or closed', "Within the policy's timescale", "Share within the policy's timescale (%)", 'Within the deadline, with extensions', 'Share within the deadline (%)']);
    expect(rows[timeliness + 3]).toEqual(['Stage 1: Functional Head', '10', '8', '6', '75', '7', '87.5']);
  });

  it('says "reason not recorded" for an extension made before reasons were kept', () => {
    expect(rows.find((r) => r[0] === 'CC-2026-00105')).toEqual(['CC-2026-00105', '1', '2', expect.stringMatching(/^Reason not recorded/)]);
    expect(rows.find((r) => r[0] === 'CC-2026-00102' && r.length === 4)).toEqual(['CC-2026-00102', '1', '3', 'Waiting for CCTV']);
  });

  it('marks months without a stored report as no data, never zero', () => {
    expect(rows.find((r) => r[0] === 'June 2025')).toEqual(['June 2025', 'no data', 'no data', 'no data', 'no data', 'no data']);
  });
});

describe('the monthly report as HTML', () => {
  const hostilePolicy = parsePolicy({
    ...defaultPolicy,
    functions: [{ id: 'operations', name: 'Ops <img src=x onerror=alert(1)>' }, ...defaultPolicy.functions.slice(1)],
    complaintCategories: [{ id: 'driving', name: '"Driving" & <b>parking</b>' }],
  });
  const html = renderMonthlyHtml(month(withHostileLessons(), hostilePolicy), enGB, hostilePolicy, { stylesheetUrl: '/assets/app.css?a="b"' });

  it('is a complete page in the locale language with a title and a linked stylesheet', () => {
    expect(html).toMatch(/^<!DOCTYPE html>\s*<html lang="en-GB">/);
    expect(html).toContain('<title>Complaints and compliments: May 2026 (Bedfordshire and Luton Fire and Rescue Service)</title>');
    expect(html).toContain('<link rel="stylesheet" href="/assets/app.css?a=&quot;b&quot;">');
  });

  it('escapes hostile staff text and policy names in tables and charts alike', () => {
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).toContain('Ops &lt;img src=x onerror=alert(1)&gt;');
    // In the chart's label and in its table, escaped both times.
    expect(html.match(/Ops &lt;img src=x onerror=alert\(1\)&gt;/g)).toHaveLength(2);
  });

  it('has no script, no event handler and no style attribute, and one stylesheet: the one the Content-Security-Policy allows by its hash', () => {
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(styles).toEqual([REPORT_STYLE]);
    expect(REPORT_STYLE_SOURCE).toBe(`'sha256-${createHash('sha256').update(styles[0]!, 'utf8').digest('base64')}'`);
    expect(contentSecurityPolicy).toContain(`style-src 'self' ${REPORT_STYLE_SOURCE}`);
  });

  it('gives every chart a text alternative (role img, title and description) and a table of the same figures', () => {
    const figures = [...html.matchAll(/<figure class="app-report-figure">([\s\S]*?)<\/figure>/g)].map((m) => m[1]!);
    expect(figures).toHaveLength(4);
    for (const f of figures) {
      const labelledBy = /<svg [^>]*role="img"[^>]*aria-labelledby="([^"]+)"/.exec(f)![1]!.split(' ');
      expect(labelledBy).toHaveLength(2);
      expect(f).toContain(`<title id="${labelledBy[0]}">`);
      expect(f).toContain(`<desc id="${labelledBy[1]}">`);
      expect(f).toMatch(/<table class="app-report-table">\s*<caption>/);
    }
  });

  it('reads without a stylesheet when none is given', () => {
    expect(renderMonthlyHtml(month(), enGB, defaultPolicy)).not.toContain('<link rel="stylesheet"');
  });
});

describe('the annual report', () => {
  const year = (publishable: boolean) =>
    collateYear({ year: '2026-27', now: new Date('2027-04-01T05:00:00Z'), cases: withHostileLessons(), months: [undefined, month()], policy: defaultPolicy, calendar }, { publishable });

  it('keeps lessons learned and references in the internal rendering only', () => {
    const internal = renderAnnualHtml(year(false), enGB, defaultPolicy);
    const published = renderAnnualHtml(year(true), enGB, defaultPolicy);
    expect(internal).toContain('Park with care near driveways');
    expect(internal).toContain('CC-2026-00107');
    expect(published).not.toContain('Park with care near driveways');
    expect(published).not.toMatch(/CC-2026-\d{5}/);
    expect(published).not.toContain('LGO-26-001');
    expect(published).toContain('fewer than 5');
  });

  it('writes a table per provision of the Code, and where the policy differs', () => {
    const csv = parseCsv(renderAnnualCsv(year(true), enGB, defaultPolicy).slice(1));
    const at = csv.findIndex((r) => r[0] === 'Code 6.2: Acknowledging a complaint');
    expect(csv.slice(at + 1, at + 5)).toEqual([
      ['Requirement', 'Complaints are acknowledged and logged within 5 working days of being received.'],
      ['Complies', 'No'],
      ['Evidence', 'fewer than 5 of 12 complaints due an acknowledgement were acknowledged within our 7 working days (fewer than 5).'],
      ['Commentary', 'Our policy allows 7 working days to acknowledge a complaint; the Code allows 5.'],
    ]);
    const differences = csv.findIndex((r) => r[0] === 'Where our policy differs from the Code');
    expect(csv[differences + 2]).toEqual(['Acknowledging a complaint', '7 working days', '5 working days']);
    expect(csv.find((r) => r[0] === 'Two stages')).toEqual(['Two stages', '3 stages', '2 stages']);
    expect(csv.find((r) => r[0]?.startsWith('None recorded.'))).toBeDefined();
  });
});

describe('in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    ['monthly', () => renderMonthlyHtml(month(withHostileLessons()), enGB, defaultPolicy)],
    ['annual, publishable', () => renderAnnualHtml(collateYear({ year: '2026-27', now: NOW, cases: [A, B], months: [], policy: defaultPolicy, calendar }, { publishable: true }), enGB, defaultPolicy)],
    ['annual, internal', () => renderAnnualHtml(collateYear({ year: '2026-27', now: NOW, cases: MAY, months: [], policy: defaultPolicy, calendar }), enGB, defaultPolicy)],
  ])('the %s report passes axe and breaks no rule of a strict Content-Security-Policy', async (_, render) => {
    const { page, problems } = await openPage(browser);
    await page.route('https://reports.test/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'Content-Security-Policy': contentSecurityPolicy }, body: render() }),
    );
    await page.goto('https://reports.test/report');
    // Styled by its own stylesheet (allowed by the console's policy, which a frame of the report inherits).
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).borderBottomStyle)).toBe('solid');
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain('system-ui');
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(3);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
