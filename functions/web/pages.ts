// Placeholder while the pages are being written (replaced in the same piece of work).
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import nunjucks from 'nunjucks';
import { webFilesFrom } from './files';

const files = webFilesFrom(import.meta.url);
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([files.templates, files.govukFrontend]), { autoescape: true });

export const handler = async (): Promise<APIGatewayProxyStructuredResultV2> => ({
  statusCode: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: env.renderString('<p>{{ x }}</p>', { x: 'pages' }),
});
