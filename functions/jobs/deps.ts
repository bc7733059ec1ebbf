import { SESv2Client } from '@aws-sdk/client-sesv2';
import * as z from '../domain/zod';
import { DynamoDbSendMarkers } from '../adapters/dynamodb-send-markers';
import { SesMailer } from '../adapters/ses-mailer';
import { getDeps } from '../api/deps';
import { readMessages } from '../config/locale-source';
import { ConfigurationError } from '../domain/errors';
import type { MonitorDeps } from '../domain/monitor-timescales';
import { webFilesFrom } from '../web/files';

/**
 * What the scheduled jobs that mail need, built once per cold start on the handlers' common
 * dependencies (functions/api/deps.ts: the table, the policy, the calendar): the mailer, the texts of
 * the policy's language (beside index.mjs in the bundle: infra/constructs/schedules.ts) and the
 * markers that keep each send to once. Missing or bad configuration fails here, at start.
 */
const MailEnv = z.object({
  /** The sender; defaults to the policy's organisation address (infra/constructs/mail-sender.ts sets it). */
  MAIL_FROM: z.optional(z.email({ error: 'MAIL_FROM must be an email address' })),
});

function load(): MonitorDeps {
  const core = getDeps();
  const parsed = MailEnv.safeParse(process.env);
  if (!parsed.success) throw new ConfigurationError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return {
    cases: core.cases,
    directory: core.directory,
    markers: new DynamoDbSendMarkers(core.doc, core.env.TABLE_NAME),
    mailer: new SesMailer(new SESv2Client({}), parsed.data.MAIL_FROM ?? core.policy.organisation.email),
    policy: core.policy,
    calendar: core.calendar,
    texts: readMessages(webFilesFrom(import.meta.url).locales, core.policy.language),
    now: core.now,
  };
}

let deps: MonitorDeps | undefined;

/** The mailing jobs' dependencies (created on first use, which is module load in each job). */
export function getMailingJobDeps(): MonitorDeps {
  deps ??= load();
  return deps;
}
