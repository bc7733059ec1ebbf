import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { table } from '../config/table';
import { receiveSubmission } from '../domain/receive-submission';
import { MAX_BODY_BYTES } from '../domain/submission';
import { getDeps } from './deps';
import { json, jsonRoute } from './http';

const deps = getDeps();

/** Same Idempotency-Key + same body → the stored answer; same key + other body → 422. */
const idempotency = makeHandlerIdempotent({
  persistenceStore: new DynamoDBPersistenceLayer({
    tableName: deps.env.TABLE_NAME,
    keyAttr: table.partitionKey.name,
    sortKeyAttr: table.sortKey.name,
    staticPkValue: 'IDEMPOTENCY#public-submission',
    expiryAttr: table.timeToLiveAttribute,
    awsSdkV3Client: deps.dynamodb,
  }),
  config: new IdempotencyConfig({
    eventKeyJmesPath: 'headers."idempotency-key"',
    payloadValidationJmesPath: 'jsonBody',
    throwOnNoIdempotencyKey: false,
    expiresAfterSeconds: 24 * 60 * 60,
  }),
  keyPrefix: 'public-submission',
});

/** POST /api/public/submissions: a complaint or compliment from the public form. */
export const handler = jsonRoute(MAX_BODY_BYTES)
  .use(idempotency)
  .handler(async (event) => {
    const receipt = await receiveSubmission(event.jsonBody, deps);
    return json(201, receipt, { location: `/api/cases/${encodeURIComponent(receipt.reference)}` });
  });
