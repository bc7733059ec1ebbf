import { z } from 'zod';
import { DomainError } from '../functions/domain/errors';
import { MissingJavaError } from './dynamodb';
import { startLocalStack } from './stack';

/** `npm start`: the whole system on this machine. Settings: PORT, DYNAMODB_PORT, SES_PORT, DATA_DIR. */
const port = z.coerce.number().int().min(0).max(65535);
const Settings = z.object({
  PORT: port.default(3000),
  DYNAMODB_PORT: port.default(8000),
  SES_PORT: port.default(8005),
  DATA_DIR: z.string().min(1).default('.data'),
});

async function main() {
  const parsed = Settings.safeParse(process.env);
  if (!parsed.success) {
    console.error(`Bad setting: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    process.exit(2);
  }
  const s = parsed.data;
  const stack = await startLocalStack({ port: s.PORT, dynamodbPort: s.DYNAMODB_PORT, sesPort: s.SES_PORT, dataDir: s.DATA_DIR });
  console.log(
    [
      'Fire complaints and compliments: running locally.',
      `  API                    ${stack.apiUrl}/api  (health: ${stack.apiUrl}/api/health)`,
      `  Public submissions     POST ${stack.apiUrl}/api/public/submissions`,
      `  Mailbox (sent email)   ${stack.mailboxUrl}/  (JSON: ${stack.mailboxUrl}/store)`,
      `  DynamoDB Local         ${stack.dynamodbEndpoint}  (data in ${s.DATA_DIR}/)`,
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
  if (error instanceof MissingJavaError || error instanceof DomainError) console.error(error.message);
  else console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
