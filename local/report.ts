import { readPolicy } from '../functions/config/policy-source';
import { DomainError, ValidationError } from '../functions/domain/errors';
import { localGatewayUrl } from './issuer';
import { lambdaContext } from './gateway';
import { parseReportArgs, REPORT_USAGE, type Format } from './report-args';
import { readSettings } from './settings';

/**
 * `npm run -s report -- --month YYYY-MM [--format json|csv|html]` and `--year YYYY-YY [--publishable]`,
 * against the running local stack of the same PORT, DYNAMODB_PORT, SES_PORT and DATA_DIR (and policy).
 * Without --format a month is made, stored and emailed by the very job the schedule of the 1st runs
 * (functions/jobs/monthly-report.ts), invoked here with a run of its own; with --format the
 * rendering is printed to standard output and nothing is stored or emailed.
 */

/** The table `npm start` creates (local/stack.ts). */
const TABLE_NAME = 'fire-complaints';

function fail(message: string, code: number, withUsage = false): never {
  process.stderr.write(`${message}\n${withUsage ? `${REPORT_USAGE}\n` : ''}`);
  process.exit(code);
}

async function main() {
  const args = parseReportArgs(process.argv.slice(2));
  if (args.kind === 'help') {
    process.stdout.write(`${REPORT_USAGE}\n`);
    return;
  }
  if (args.kind === 'error') fail(args.message, 2, true);

  const read = readSettings(process.env);
  if (!read.ok) fail(read.message, 2);
  const { PORT, DYNAMODB_PORT, SES_PORT } = read.settings;
  if (PORT === 0) fail('PORT=0 names no port: give the PORT the running stack listens on', 2);
  const url = localGatewayUrl(PORT);
  const health = await fetch(`${url}/api/health`).then(
    (r) => r.status,
    () => 0,
  );
  if (health !== 200) {
    fail(`No local stack answers at ${url}${health ? ` (health: ${health})` : ''}: start it with \`npm start\` (the same PORT, DYNAMODB_PORT, SES_PORT and DATA_DIR)`, 1);
  }

  // The running stack's stand-ins, as local/stack.ts gives them to its handlers.
  const policy = readPolicy(process.env);
  Object.assign(process.env, {
    AWS_REGION: process.env.AWS_REGION ?? 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${DYNAMODB_PORT}`,
    AWS_ENDPOINT_URL_SES: `http://127.0.0.1:${SES_PORT}`,
    AWS_ENDPOINT_URL_SESV2: `http://127.0.0.1:${SES_PORT}`,
    TABLE_NAME,
    POLICY: JSON.stringify(policy),
    PUBLIC_URL: url,
    POWERTOOLS_SERVICE_NAME: 'fire-complaints',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'ERROR',
  });

  if (args.kind === 'month' && !args.format) {
    const { handler } = await import('../functions/jobs/monthly-report');
    const result = (await handler({ schedule: 'manual', scheduledTime: new Date().toISOString(), month: args.month }, lambdaContext('MonthlyReport', 300_000))) as {
      month: string;
      complaints: number;
      compliments: number;
      email: string;
    };
    process.stdout.write(
      `The report for ${result.month} is made and stored. Complaints received: ${result.complaints}. Compliments received: ${result.compliments}.\n` +
        `Email to the Strategic Support Manager: ${result.email}. Mailbox: http://127.0.0.1:${SES_PORT}/\n` +
        `Read it in the staff console: ${url}/staff/reports/${result.month}\n`,
    );
    return;
  }

  const { getReportDeps } = await import('../functions/api/report-deps');
  const render = await import('../functions/reports');
  const deps = getReportDeps();
  const out = (format: Format, json: unknown, csv: () => string, html: () => string) =>
    process.stdout.write(format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : format === 'csv' ? csv() : html());
  if (args.kind === 'month') {
    const { collateStoredMonth } = await import('../functions/domain/reports/make-monthly-report');
    const report = await collateStoredMonth(args.month, deps);
    out(args.format!, report, () => render.renderMonthlyCsv(report, deps.texts, deps.policy), () => render.renderMonthlyHtml(report, deps.texts, deps.policy));
    return;
  }
  const { makeAnnualReport } = await import('../functions/domain/reports/make-annual-report');
  const report = await makeAnnualReport({ year: args.year, publishable: args.publishable }, deps);
  out(args.format, report, () => render.renderAnnualCsv(report, deps.texts, deps.policy), () => render.renderAnnualHtml(report, deps.texts, deps.policy));
}

main().catch((error: unknown) => {
  if (error instanceof ValidationError) fail(error.issues.map((i) => `${i.path}: ${i.message}`).join('\n'), 2);
  if (error instanceof DomainError) fail(`${error.name}: ${error.message}`, 1);
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
