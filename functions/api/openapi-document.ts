import * as z from '../domain/zod';
import { routes, type RouteDefinition } from '../config/routes';
import {
  AssignOwner,
  CompleteTask,
  ExtendDeadline,
  ListCasesQuery,
  RecordDraftComments,
  RecordAcknowledgement,
  RecordOmbudsman,
  RevokeTrackingLink,
  RecordOutcome,
  SetCategory,
  recordCaseSchema,
  ReferToCro,
  ShareDraftFindings,
  UpdateDirectory,
  updateCaseSchema,
} from '../domain/commands';
import { DecideConsultation } from '../domain/consultation';
import { DecideInformationReview, ExtendInformationReview, ReferInformationReview } from '../domain/information-review';
import type { Policy } from '../domain/policy';
import { REPORT_FORMATS } from '../domain/reports/read-reports';
import { submissionSchema } from '../domain/submission';

/**
 * The OpenAPI 3.1 document, generated from routes.ts and the same zod schemas that validate each
 * request (zod's own JSON Schema output), so the description cannot drift from the behaviour.
 */

interface OperationDoc {
  body?: z.ZodMiniType;
  query?: z.ZodMiniObject;
  /** Success status and what it returns. */
  success: [number, string];
  /** Changes carry the version they read. */
  versioned?: boolean;
  /** What the success may be, when not JSON alone. */
  contentTypes?: string[];
}

/** The reports' format, as readReport checks it (functions/domain/reports/read-reports.ts). */
const ReportQuery = z.object({ format: z._default(z.enum(REPORT_FORMATS), 'json') });

function operations(policy: Policy): Record<string, OperationDoc> {
  return {
    health: { success: [200, 'The system is ready'] },
    submitPublic: { body: submissionSchema(policy), success: [201, 'Logged: the reference and the acknowledgement deadline'] },
    openApi: { success: [200, 'This document'] },
    whoAmI: { success: [200, 'The caller: staff id and roles'] },
    listCases: { query: ListCasesQuery(policy), success: [200, '{ items: [...], nextCursor? }, sorted by next deadline'] },
    getCase: { success: [200, 'The case, its current stage, owner and deadline, and its timeline'] },
    getDirectory: { success: [200, 'The staff directory'] },
    recordCase: { body: recordCaseSchema(policy), success: [201, 'Logged: the reference and the acknowledgement deadline'] },
    updateCase: { body: updateCaseSchema(policy), success: [200, 'The case after the change'], versioned: true },
    assignOwner: { body: AssignOwner, success: [200, 'The case after the change'], versioned: true },
    recordOutcome: { body: RecordOutcome, success: [200, 'The case after the change'], versioned: true },
    extendDeadline: { body: ExtendDeadline(policy), success: [200, 'The case after the change'], versioned: true },
    shareDraftFindings: { body: ShareDraftFindings, success: [200, 'The case after the change'], versioned: true },
    recordDraftComments: { body: RecordDraftComments, success: [200, 'The case after the change'], versioned: true },
    referToCro: { body: ReferToCro, success: [200, 'The case after the change'], versioned: true },
    recordOmbudsman: { body: RecordOmbudsman, success: [200, 'The case after the change'], versioned: true },
    revokeTrackingLink: { body: RevokeTrackingLink, success: [200, 'The case after the change'], versioned: true },
    setCategory: { body: SetCategory(policy), success: [200, 'The case after the change'], versioned: true },
    recordAcknowledgement: { body: RecordAcknowledgement, success: [200, 'The case after the change'], versioned: true },
    completeTask: { body: CompleteTask, success: [200, 'The case after the change'], versioned: true },
    decideConsultation: { body: DecideConsultation, success: [200, 'The comment after the decision: entered (its workflow started) or closed as not entered'], versioned: true },
    referInformationReview: { body: ReferInformationReview, success: [200, 'The complaint under review: its stage ended, the review due in the policy\'s working days'], versioned: true },
    extendInformationReview: { body: ExtendInformationReview(policy), success: [200, 'The case after the extension (the customer is told why)'], versioned: true },
    decideInformationReview: { body: DecideInformationReview, success: [200, "The closed case (the closing letter names the Information Commissioner's Office)"], versioned: true },
    listReports: { success: [200, '{ items: [{ month, generatedAt, complaints, compliments, openOverdue }] }, newest first'] },
    getReport: {
      query: ReportQuery,
      success: [200, "The month's report: JSON (the keys month, received, outcomes, open... are stable), CSV (UTF-8 with BOM) or HTML, as an attachment"],
      contentTypes: ['application/json', 'text/csv', 'text/html'],
    },
    updateDirectory: { body: UpdateDirectory, success: [200, 'The directory after the change'], versioned: true },
  };
}

const schemaOf = (s: z.ZodMiniType) => {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
  return schema;
};

const ERRORS: Record<number, string> = {
  400: 'Invalid input: `issues` names every bad field',
  401: 'Missing, expired, forged or wrong-audience token',
  403: 'Your role may not do this; the message says why',
  404: 'No such case (or no report stored for the month)',
  409: 'The case changed since you read it, or the action does not fit its state',
  413: 'Body too large',
  415: 'Send application/json',
  422: 'Idempotency-Key reused with a different body',
  428: 'Send If-Match or expectedVersion',
  503: 'Busy or unavailable; retry',
};

function errorsFor(route: RouteDefinition, op: OperationDoc): number[] {
  const codes = new Set<number>([503]);
  if (op.body || op.query) codes.add(400);
  if (op.body) [413, 415].forEach((c) => codes.add(c));
  if (route.auth === 'staff') [401, 403].forEach((c) => codes.add(c));
  if (route.path.includes('{reference}') || route.path.includes('{month}')) codes.add(404);
  if (op.versioned) [409, 428].forEach((c) => codes.add(c));
  if (route.operation === 'submitPublic') [409, 422].forEach((c) => codes.add(c));
  return [...codes].sort();
}

export function openApiDocument(policy: Policy): Record<string, unknown> {
  const ops = operations(policy);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes.filter((r) => !r.page)) {
    const op = ops[route.operation];
    if (!op) throw new Error(`openapi: no description for operation ${route.operation}`);
    const parameters: unknown[] = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (op.query) {
      const shape = schemaOf(op.query) as { properties?: Record<string, unknown> };
      for (const [name, schema] of Object.entries(shape.properties ?? {})) parameters.push({ name, in: 'query', required: false, schema });
    }
    if (op.versioned) {
      parameters.push({ name: 'If-Match', in: 'header', required: false, description: 'The version you read, e.g. "3" (or expectedVersion in the body)', schema: { type: 'string' } });
    }
    if (route.operation === 'submitPublic') {
      parameters.push({ name: 'Idempotency-Key', in: 'header', required: false, description: 'Retries with the same key and body create one case', schema: { type: 'string', maxLength: 255 } });
    }
    const responses: Record<string, unknown> = {
      [op.success[0]]: { description: op.success[1], content: Object.fromEntries((op.contentTypes ?? ['application/json']).map((type) => [type, { schema: {} }])) },
    };
    for (const code of errorsFor(route, op)) {
      responses[code] = { description: ERRORS[code], content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: route.operation,
      summary: route.summary,
      tags: [route.auth === 'staff' ? 'staff' : 'public'],
      ...(route.auth === 'staff' ? { security: [{ staffToken: [] }] } : { security: [] }),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(op.body) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `${policy.organisation.name}: complaints and compliments API`,
      version: '1',
      description: 'Staff routes need a bearer token from the staff user pool; what each role may do is in the 403 messages.',
    },
    paths,
    components: {
      securitySchemes: { staffToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: { type: 'string' },
            message: { type: 'string' },
            issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
    },
  };
}
