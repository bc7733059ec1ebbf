import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { documentClient, DynamoDbCaseRepository, DynamoDbDirectoryRepository } from '../adapters/dynamodb-case-repository';
import { readPolicy } from '../config/policy-source';
import { WorkingDayCalendar } from '../domain/calendar';
import { ConfigurationError } from '../domain/errors';

/**
 * Configuration and adapters, built once per cold start. Missing or bad configuration fails here,
 * at start, not on the first request. The SDK finds local stand-ins through AWS_ENDPOINT_URL_*.
 */
const Env = z.object({
  TABLE_NAME: z.string().min(1, 'TABLE_NAME is required'),
});

function load() {
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) {
    throw new ConfigurationError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const policy = readPolicy(process.env);
  const dynamodb = new DynamoDBClient({});
  const doc = documentClient(dynamodb);
  return {
    env: parsed.data,
    policy,
    calendar: WorkingDayCalendar.fromPolicy(policy),
    dynamodb,
    cases: new DynamoDbCaseRepository(doc, parsed.data.TABLE_NAME),
    directory: new DynamoDbDirectoryRepository(doc, parsed.data.TABLE_NAME),
    now: () => new Date(),
  };
}

export type Deps = ReturnType<typeof load>;

let deps: Deps | undefined;

/** The process-wide dependencies (created on first use, which is module load in every handler). */
export function getDeps(): Deps {
  deps ??= load();
  return deps;
}
