import { SESv2Client } from '@aws-sdk/client-sesv2';
import * as z from '../domain/zod';
import { DynamoDbReportRepository } from '../adapters/dynamodb-report-repository';
import { SesMailer } from '../adapters/ses-mailer';
import { readMessages } from '../config/locale-source';
import { ConfigurationError } from '../domain/errors';
import type { MakeMonthlyReportDeps } from '../domain/reports/make-monthly-report';
import { webFilesFrom } from '../web/files';
import { getDeps } from './deps';

/**
 * What the monthly report needs, built once per cold start on the handlers' common dependencies
 * (deps.ts: the table, the policy, the calendar, the clock): the report store for the staff API's
 * reports routes; also the mailer, the texts of the policy's language and the console's address
 * for the job that makes and emails a month (functions/jobs/monthly-report.ts).
 */
const MailEnv = z.object({
  /** The sender; defaults to the policy's organisation address. */
  MAIL_FROM: z.optional(z.email({ error: 'MAIL_FROM must be an email address' })),
  /** Where the site is served: the email links to <PUBLIC_URL>/staff/reports/<month>. Unset: no link. */
  PUBLIC_URL: z.optional(z.url({ protocol: /^https?$/, error: 'PUBLIC_URL must be an http(s) URL' })),
});

function loadReports() {
  const core = getDeps();
  return {
    ...core,
    reports: new DynamoDbReportRepository(core.doc, core.env.TABLE_NAME),
    // Every word of the emails and the renderings, in the policy's language (beside index.mjs in the bundle).
    texts: readMessages(webFilesFrom(import.meta.url).locales, core.policy.language),
  };
}

function loadJob(): MakeMonthlyReportDeps & ReportDeps {
  const core = getReportDeps();
  const parsed = MailEnv.safeParse(process.env);
  if (!parsed.success) throw new ConfigurationError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return {
    ...core,
    mailer: new SesMailer(new SESv2Client({}), parsed.data.MAIL_FROM ?? core.policy.organisation.email),
    publicUrl: parsed.data.PUBLIC_URL,
  };
}

export type ReportDeps = ReturnType<typeof loadReports>;

let reportDeps: ReportDeps | undefined;
let jobDeps: (MakeMonthlyReportDeps & ReportDeps) | undefined;

/** The report store and the texts with the common dependencies: for reading and rendering reports. */
export function getReportDeps(): ReportDeps {
  reportDeps ??= loadReports();
  return reportDeps;
}

/** Also the mailer, the texts and the console's address: for making and emailing a month. */
export function getMonthlyReportJobDeps(): MakeMonthlyReportDeps & ReportDeps {
  jobDeps ??= loadJob();
  return jobDeps;
}
