import { join } from 'node:path';
import { readPolicy } from '../functions/config/policy-source';
import { schedules } from '../functions/config/schedules';
import { DomainError } from '../functions/domain/errors';
import { synthesizeBundles } from './bundles';
import { usersByRole } from './demo-users';
import { MissingJavaError } from './dynamodb';
import { SigningKeyFileError } from './issuer';
import { DEFAULT_SETTINGS, readSettings, type Settings } from './settings';
import { startLocalStack } from './stack';

/** `npm start`: the whole system on this machine. Settings: PORT, DYNAMODB_PORT, SES_PORT, DATA_DIR. */

/** `npm run -s token -- <role>` with the settings the token CLI needs to match this stack. */
function tokenCommand(s: Settings, role: string): string {
  const env = [
    s.PORT !== DEFAULT_SETTINGS.PORT ? `PORT=${s.PORT}` : '',
    s.DATA_DIR !== DEFAULT_SETTINGS.DATA_DIR ? `DATA_DIR=${/^[\w./-]+$/.test(s.DATA_DIR) ? s.DATA_DIR : `'${s.DATA_DIR.replace(/'/g, `'\\''`)}'`}` : '',
  ].filter(Boolean);
  return [...env, 'npm run -s token --', role].join(' ');
}

async function main() {
  const read = readSettings(process.env);
  if (!read.ok) {
    console.error(read.message);
    process.exit(2);
  }
  const s = read.settings;
  const bundleDir = join(s.DATA_DIR, 'cdk.out');
  if (s.LOCAL_HANDLERS === 'bundles') console.log(`Synthesizing the CDK app into ${bundleDir}/ to run its bundles…`);
  const bundles = s.LOCAL_HANDLERS === 'bundles' ? await synthesizeBundles(bundleDir, readPolicy(process.env)) : undefined;
  const stack = await startLocalStack({
    bundles,
    port: s.PORT,
    dynamodbPort: s.DYNAMODB_PORT,
    sesPort: s.SES_PORT,
    dataDir: s.DATA_DIR,
    workingDaySeconds: s.LOCAL_WORKING_DAY_SECONDS,
    // The schedules of functions/config/schedules.ts fire by the clock, in their time zone.
    runSchedules: true,
  });
  const indent = ' '.repeat(25);
  console.log(
    [
      'Fire complaints and compliments: running locally.',
      `  Public form            ${stack.publicUrl}  (start page; the form is under /form/, tracking links under /track/)`,
      `  Staff console          ${stack.apiUrl}/staff/  (sign in as any demo user)`,
      `  API                    ${stack.apiUrl}/api  (health: ${stack.apiUrl}/api/health)`,
      `  Public submissions     POST ${stack.apiUrl}/api/public/submissions`,
      `  Mailbox (sent email)   ${stack.mailboxUrl}/  (JSON: ${stack.mailboxUrl}/store)`,
      `  DynamoDB Local         ${stack.dynamodbEndpoint}  (data in ${s.DATA_DIR}/)`,
      `  Step Functions         ${stack.stepFunctionsEndpoint}  (${stack.resumed} open case workflow(s) resumed${s.LOCAL_WORKING_DAY_SECONDS ? `; a working day lasts ${s.LOCAL_WORKING_DAY_SECONDS} s` : ''})`,
      `  Handlers               ${bundles ? `the bundles CDK uploads (${bundleDir}/)` : 'TypeScript sources (LOCAL_HANDLERS=bundles runs the deployed bundles)'}`,
      `  Schedules              ${Object.keys(schedules).map((name) => `${name} (next ${stack.scheduler.nextRuns(name, 1)[0]?.toISOString() ?? 'never'})`).join(', ')}`,
      `  Token issuer           ${stack.issuerUrl}  (keys: ${stack.issuerUrl}/.well-known/jwks.json)`,
      `  Staff token            ${tokenCommand(s, 'admin-manager')}  (any role; --user <id>, --expires-in <seconds>)`,
      `  Demo staff by role     ${usersByRole(stack.users).join(`\n${indent}`)}`,
      `  Try                    curl -H "Authorization: Bearer $(${tokenCommand(s, 'admin-manager')})" ${stack.apiUrl}/api/me`,
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await stack.stop();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));
}

main().catch((error: unknown) => {
  if (error instanceof MissingJavaError || error instanceof DomainError || error instanceof SigningKeyFileError) console.error(error.message);
  else console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
