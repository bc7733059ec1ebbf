import { isMain } from './is-main';
import { readPolicy } from '../config/policy-source';
import { BankHolidaysUnknownError } from '../domain/errors';
import { fromLondonWallClock, isIsoDate, startOfDay, WorkingDayCalendar } from '../domain/calendar';

/**
 * Prints the deadline of N working days from a receipt, under the configured policy (POLICY or
 * POLICY_FILE choose the nation's bank holidays and the closure days):
 *
 *   npm run -s deadline -- 2026-03-27 7
 *   npm run -s deadline -- 2026-03-27T23:30:00+00:00 10
 */

export const USAGE = 'Usage: npm run -s deadline -- <YYYY-MM-DD | ISO date-time> <working days, 1-250>';

const HELP = `${USAGE}

Prints the deadline of N working days from a receipt as an ISO 8601 UTC instant: the end
(23:59:59.999 Europe/London) of working day N, where day 1 is the first working day after the
London date of receipt. Working days are Monday to Friday except the bank holidays of the policy's
nation and its closure days; the policy comes from POLICY (JSON) or POLICY_FILE, else the default.

  receipt        a date (YYYY-MM-DD), or a date-time such as 2026-03-27T23:30:00Z or
                 2026-03-27T23:30:00+01:00; a date-time without Z or an offset is London time
  working days   a whole number from 1 to 250`;

export const MAX_WORKING_DAYS = 250;

export type DeadlineArgs =
  | { kind: 'help' }
  | { kind: 'run'; receivedAt: Date; workingDays: number }
  | { kind: 'error'; message: string };

const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/** Reads the receipt argument: a London date, a date-time with Z or an offset, or a London local date-time. */
export function parseReceipt(text: string): Date | string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    if (!isIsoDate(text)) return `receipt date "${text}" does not exist`;
    return startOfDay(text);
  }
  const m = DATE_TIME.exec(text);
  if (!m) return `receipt "${text}" is not a date (YYYY-MM-DD) or an ISO date-time (e.g. 2026-03-27T23:30:00Z)`;
  const [, date = '', hh = '', mi = '', ss = '0', fraction = '', zulu, sign, offH, offM = '00'] = m;
  if (!isIsoDate(date)) return `receipt date "${date}" does not exist`;
  const hour = Number(hh);
  const minute = Number(mi);
  const second = Number(ss);
  const millisecond = Number(fraction.padEnd(3, '0').slice(0, 3));
  if (hour > 23 || minute > 59 || second > 59) return `receipt time in "${text}" does not exist`;
  if (zulu === undefined && sign === undefined) {
    return fromLondonWallClock(date, hour, minute, second, millisecond);
  }
  let offsetMinutes = 0;
  if (sign !== undefined) {
    if (Number(offH) > 23 || Number(offM) > 59) return `UTC offset in "${text}" is not valid`;
    offsetMinutes = (sign === '-' ? -1 : 1) * (Number(offH) * 60 + Number(offM));
  }
  // The wall-clock reading as if it were UTC, then back by the offset.
  const asUtc = new Date(`${date}T00:00:00.000Z`).getTime() + ((hour * 60 + minute) * 60 + second) * 1000 + millisecond;
  const instant = new Date(asUtc - offsetMinutes * 60_000);
  if (Number.isNaN(instant.getTime())) return `receipt "${text}" is out of range`;
  return instant;
}

/** Reads the command line (without node and the script). Pure: no I/O, no environment. */
export function parseDeadlineArgs(argv: readonly string[]): DeadlineArgs {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  if (argv.length === 0) return { kind: 'error', message: 'missing arguments: the receipt date and the number of working days' };
  if (argv.length === 1) return { kind: 'error', message: 'missing argument: the number of working days' };
  if (argv.length > 2) {
    return { kind: 'error', message: `too many arguments: expected 2, got ${argv.length} (unexpected "${argv[2]}")` };
  }
  const [receiptText = '', daysText = ''] = argv;
  const receivedAt = parseReceipt(receiptText);
  if (typeof receivedAt === 'string') return { kind: 'error', message: receivedAt };
  if (!/^\d+$/.test(daysText) || Number(daysText) < 1 || Number(daysText) > MAX_WORKING_DAYS) {
    return {
      kind: 'error',
      message: `working days must be a whole number from 1 to ${MAX_WORKING_DAYS}, got "${daysText}"`,
    };
  }
  return { kind: 'run', receivedAt, workingDays: Number(daysText) };
}

interface Io {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/** Runs the command; returns the exit code. */
export function run(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): number {
  const args = parseDeadlineArgs(argv);
  if (args.kind === 'help') {
    io.stdout(HELP);
    return 0;
  }
  if (args.kind === 'error') {
    io.stderr(`deadline: ${args.message}`);
    io.stderr(USAGE);
    return 2;
  }
  let calendar: WorkingDayCalendar;
  try {
    calendar = WorkingDayCalendar.fromPolicy(readPolicy(env));
  } catch (error) {
    io.stderr(`deadline: ${(error as Error).message}`);
    return 2;
  }
  try {
    io.stdout(calendar.deadline(args.receivedAt, args.workingDays).toISOString());
  } catch (error) {
    if (!(error instanceof BankHolidaysUnknownError)) throw error;
    io.stderr(`deadline: ${error.message}`);
    return 2;
  }
  return 0;
}


if (isMain(import.meta.url)) {
  process.exitCode = run(process.argv.slice(2), process.env, {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  });
}
