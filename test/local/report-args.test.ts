import { describe, expect, it } from 'vitest';
import { parseReportArgs } from '../../local/report-args';

/** `npm run report` arguments, parsed without I/O. */
describe('npm run report arguments', () => {
  it.each([
    [['--month', '2026-11'], { kind: 'month', month: '2026-11' }],
    [['--month=2026-11', '--format', 'csv'], { kind: 'month', month: '2026-11', format: 'csv' }],
    [['--format=html', '--month', '2026-01'], { kind: 'month', month: '2026-01', format: 'html' }],
    [['--year', '2026-27'], { kind: 'year', year: '2026-27', publishable: false, format: 'json' }],
    [['--year', '2099-00', '--publishable', '--format', 'html'], { kind: 'year', year: '2099-00', publishable: true, format: 'html' }],
    [['--help'], { kind: 'help' }],
    [['--month', '2026-11', '-h'], { kind: 'help' }],
  ])('reads %j', (argv, expected) => {
    expect(parseReportArgs(argv)).toEqual(expected);
  });

  it.each([
    [[], 'which report? give --month YYYY-MM or --year YYYY-YY'],
    [['--month'], '--month needs a value'],
    [['--month='], '--month needs a value'],
    [['--month', '2026-13'], '--month must be a month as YYYY-MM, got "2026-13"'],
    [['--month', '2026-1'], '--month must be a month as YYYY-MM, got "2026-1"'],
    [['--month', '2026-11', '--month', '2026-10'], '--month given twice'],
    [['--month', '2026-11', '--year', '2026-27'], 'give --month or --year, not both'],
    [['--month', '2026-11', '--publishable'], '--publishable goes with --year (the annual report)'],
    [['--year', '2026-28'], '--year must be a financial year such as 2026-27, got "2026-28"'],
    [['--year', '2026'], '--year must be a financial year such as 2026-27, got "2026"'],
    [['--month', '2026-11', '--format', 'pdf'], '--format must be one of json, csv, html, got "pdf"'],
    [['--week', '48'], 'unknown option --week'],
    [['2026-11'], 'unexpected argument 2026-11'],
  ])('refuses %j: %s', (argv, message) => {
    expect(parseReportArgs(argv)).toEqual({ kind: 'error', message });
  });
});
