import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { table } from '../config/table';
import { receiveSubmission, type Receipt } from '../domain/receive-submission';
import { MAX_BODY_BYTES } from '../domain/submission';
import { getWorkflowDeps } from './deps';
import { header, json, jsonRoute } from './http';

const deps = getWorkflowDeps();

const config = new IdempotencyConfig({
  eventKeyJmesPath: 'key',
  payloadValidationJmesPath: 'body',
  expiresAfterSeconds: 24 * 60 * 60,
});

/**
 * Same Idempotency-Key + same body → the stored receipt; same key + other body → 422; while the
 * first is still running → 409. The function wrapper is used rather than Powertools' Middy
 * middleware: in 2.35.0 the middleware's onError deletes a record the request never acquired
 * (aws-powertools/powertools-lambda-typescript#5675), which lets a concurrent duplicate through.
 */
const receiveOnce = makeIdempotent(
  async (request: { key: string; body: unknown }): Promise<Receipt> => receiveSubmission(request.body, deps),
  {
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: deps.env.TABLE_NAME,
      keyAttr: table.partitionKey.name,
      sortKeyAttr: table.sortKey.name,
      staticPkValue: `${table.idempotencyKeyPrefix}public-submission`,
      expiryAttr: table.timeToLiveAttribute,
      awsSdkV3Client: deps.dynamodb,
    }),
    config,
    keyPrefix: 'public-submission',
  },
);

/** POST /api/public/submissions: a complaint or compliment from the public form. */
export const handler = jsonRoute(MAX_BODY_BYTES).handler(async (event, context) => {
  const key = header(event, 'idempotency-key');
  config.registerLambdaContext(context);
  const receipt = key ? await receiveOnce({ key, body: event.jsonBody }) : await receiveSubmission(event.jsonBody, deps);
  return json(201, receipt, { location: `/api/cases/${encodeURIComponent(receipt.reference)}` });
});
