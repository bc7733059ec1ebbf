/** Arguments of `npm run -s report -- --month YYYY-MM | --year YYYY-YY ...`. Pure: no I/O. */

export const REPORT_USAGE = [
  'usage: npm run -s report -- --month YYYY-MM [--format json|csv|html]',
  '       npm run -s report -- --year YYYY-YY [--publishable] [--format json|csv|html]',
  '  --month        a calendar month: without --format, made, stored and emailed to the Strategic Support',
  '                 Manager as the schedule of the 1st does; with --format, that rendering is printed',
  '                 (nothing stored or emailed)',
  '  --year         a financial year, April to March (2026-27): the annual report, printed (JSON by default)',
  '  --publishable  with --year: counts from 1 to 4 suppressed, no free text or references',
  '  --format       json, csv or html, printed to standard output',
  'Settings: PORT, DYNAMODB_PORT, SES_PORT and DATA_DIR as given to the running `npm start`.',
].join('\n');

export const FORMATS = ['json', 'csv', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export type ReportArgs =
  | { kind: 'month'; month: string; format?: Format }
  | { kind: 'year'; year: string; publishable: boolean; format: Format }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const YEAR = /^\d{4}-\d{2}$/;

export function parseReportArgs(argv: readonly string[]): ReportArgs {
  const values: Partial<Record<'--month' | '--year' | '--format', string>> = {};
  let publishable = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '--publishable') {
      publishable = true;
      continue;
    }
    const m = /^(--month|--year|--format)(?:=(.*))?$/.exec(arg);
    if (!m) return { kind: 'error', message: arg.startsWith('-') ? `unknown option ${arg}` : `unexpected argument ${arg}` };
    const name = m[1] as keyof typeof values;
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === '') return { kind: 'error', message: `${name} needs a value` };
    if (values[name] !== undefined) return { kind: 'error', message: `${name} given twice` };
    values[name] = value;
  }
  const { '--month': month, '--year': year, '--format': format } = values;
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) return { kind: 'error', message: `--format must be one of ${FORMATS.join(', ')}, got "${format}"` };
  if (month !== undefined && year !== undefined) return { kind: 'error', message: 'give --month or --year, not both' };
  if (month !== undefined) {
    if (publishable) return { kind: 'error', message: '--publishable goes with --year (the annual report)' };
    if (!MONTH.test(month)) return { kind: 'error', message: `--month must be a month as YYYY-MM, got "${month}"` };
    return { kind: 'month', month, ...(format ? { format: format as Format } : {}) };
  }
  if (year !== undefined) {
    if (!YEAR.test(year) || (Number(year.slice(0, 4)) + 1) % 100 !== Number(year.slice(5))) {
      return { kind: 'error', message: `--year must be a financial year such as 2026-27, got "${year}"` };
    }
    return { kind: 'year', year, publishable, format: (format as Format | undefined) ?? 'json' };
  }
  return { kind: 'error', message: 'which report? give --month YYYY-MM or --year YYYY-YY' };
}
