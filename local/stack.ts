import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import sesLocalModule from 'aws-ses-v2-local';
import { readPolicy } from '../functions/config/policy-source';
import { routes } from '../functions/config/routes';
import { ensureTable, startDynamoDbLocal } from './dynamodb';
import { startGateway, type LambdaHandler, type LoadedRoute } from './gateway';

/**
 * The embedded default (DESIGN.md §4): DynamoDB Local, aws-ses-v2-local and the local gateway,
 * with the same handlers as the cloud. The handlers find the stand-ins through the SDK's own
 * AWS_ENDPOINT_URL_* settings, so they have no local-only branch. One stack per process: the
 * handlers and the SES stand-in keep module-level state.
 */

export interface LocalStackOptions {
  /** Gateway port; 0 picks a free one. */
  port: number;
  dynamodbPort: number;
  /** Mailbox (aws-ses-v2-local) port; 0 picks a free one. */
  sesPort: number;
  /** Where DynamoDB Local keeps its data; null keeps it in memory (tests). */
  dataDir: string | null;
  tableName?: string;
}

export interface LocalStack {
  apiUrl: string;
  mailboxUrl: string;
  dynamodbEndpoint: string;
  tableName: string;
  stop(): Promise<void>;
}

// The package is CommonJS with `exports.default`; under ESM interop the function sits one level down.
const sesLocal = (sesLocalModule as unknown as { default?: typeof sesLocalModule }).default ?? sesLocalModule;

const FUNCTIONS_DIR = resolve(import.meta.dirname, '../functions');

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  // Validate the policy first: a bad policy stops the start with a message naming the field.
  const policy = readPolicy(process.env);
  // Local runs are supported on Node 20 (DESIGN.md §4); Lambda runs Node 22.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const tableName = options.tableName ?? 'fire-complaints';
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const dynamodb = await startDynamoDbLocal({ port: options.dynamodbPort, dataDir: options.dataDir ? resolve(options.dataDir, 'dynamodb') : null });
    stops.push(dynamodb.stop);

    const ses: Server = await sesLocal({ host: '127.0.0.1', port: options.sesPort });
    stops.push(() => new Promise<void>((r) => { ses.close(() => r()); ses.closeAllConnections(); }));
    const mailboxUrl = `http://127.0.0.1:${(ses.address() as AddressInfo).port}`;

    Object.assign(process.env, {
      AWS_REGION: process.env.AWS_REGION ?? 'eu-west-2',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      AWS_ENDPOINT_URL_SES: mailboxUrl,
      AWS_ENDPOINT_URL_SESV2: mailboxUrl,
      TABLE_NAME: tableName,
      POLICY: JSON.stringify(policy),
      POWERTOOLS_SERVICE_NAME: 'fire-complaints',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    });

    const client = new DynamoDBClient({ endpoint: dynamodb.endpoint });
    await ensureTable(client, tableName);
    client.destroy();

    const loaded: LoadedRoute[] = [];
    for (const route of routes) {
      const mod = (await import(join(FUNCTIONS_DIR, route.handler))) as { handler: LambdaHandler };
      loaded.push({ route, handler: mod.handler });
    }
    const gateway = await startGateway({ port: options.port, routes: loaded });
    stops.push(gateway.close);

    return { apiUrl: gateway.url, mailboxUrl, dynamodbEndpoint: dynamodb.endpoint, tableName, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
