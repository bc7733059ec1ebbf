import { readPolicy } from '../config/policy-source';
import { httpRoute, json } from './http';
import { openApiDocument } from './openapi-document';

const document = openApiDocument(readPolicy(process.env));

/** GET /api/openapi.json: the API, described from the schemas that validate it. */
export const handler = httpRoute().handler(async () => json(200, document, { 'cache-control': 'public, max-age=300' }));
