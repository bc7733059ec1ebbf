/**
 * The HTTP API, defined once. infra/ makes one Lambda function per entry of `functions` and one API
 * Gateway route per entry of `routes`; local/ routes requests to the same handler modules. A
 * function module serving several routes dispatches on the route's `operation`.
 */
export interface FunctionDefinition {
  /** Module under functions/ exporting `handler`. */
  handler: string;
  /** What the function needs from the table: exactly this is granted. */
  table: 'none' | 'read' | 'write';
  /** Keeps Powertools idempotency records in the table (which also deletes them). */
  idempotency?: boolean;
  /** Renders templates: its bundle carries the templates, texts and govuk-frontend templates (functions/web/files.ts). */
  webFiles?: true;
  /**
   * Serves the site's pages (the public pages, the console's shell and its config.json): it is given
   * the static files' names, the site's address and where staff sign in.
   */
  sitePages?: true;
}

export const functions = {
  Health: { handler: 'api/health.ts', table: 'read' },
  SubmitPublic: { handler: 'api/submit.ts', table: 'write', idempotency: true },
  OpenApi: { handler: 'api/openapi.ts', table: 'none' },
  StaffQueries: { handler: 'api/staff-queries.ts', table: 'read' },
  StaffCommands: { handler: 'api/staff-commands.ts', table: 'write' },
  // The HTML rendering of a report is a Nunjucks template (functions/reports/html.ts).
  Reports: { handler: 'api/reports.ts', table: 'read', webFiles: true },
  PublicPages: { handler: 'web/pages.ts', table: 'write', webFiles: true, sitePages: true },
} as const satisfies Record<string, FunctionDefinition>;

export type FunctionName = keyof typeof functions;

export interface RouteDefinition {
  /** Unique; the OpenAPI operationId and the key a function module dispatches on. */
  operation: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ANY';
  /** API Gateway path syntax, e.g. /api/cases/{reference}; `$default` for what no other route matches. */
  path: string;
  function: FunctionName;
  /** `public`: no sign-in. `staff`: a valid staff token (JWT authorizer); roles are checked by the domain. */
  auth: 'public' | 'staff';
  summary: string;
  /** Requests per second allowed on the route (steady rate) and burst, in AWS. */
  throttle?: { rateLimit: number; burstLimit: number };
  /** Serves HTML pages to people rather than JSON (so it is left out of the OpenAPI document). */
  page?: true;
}

export const routes: readonly RouteDefinition[] = [
  { operation: 'health', method: 'GET', path: '/api/health', function: 'Health', auth: 'public', summary: 'Is the system ready?' },
  {
    operation: 'submitPublic',
    method: 'POST',
    path: '/api/public/submissions',
    function: 'SubmitPublic',
    auth: 'public',
    summary: 'Submit a complaint or compliment (the public form)',
    throttle: { rateLimit: 5, burstLimit: 20 },
  },
  { operation: 'openApi', method: 'GET', path: '/api/openapi.json', function: 'OpenApi', auth: 'public', summary: 'This API, described in OpenAPI 3.1' },
  { operation: 'whoAmI', method: 'GET', path: '/api/me', function: 'StaffQueries', auth: 'staff', summary: 'The signed-in member of staff and their roles' },
  { operation: 'listCases', method: 'GET', path: '/api/cases', function: 'StaffQueries', auth: 'staff', summary: 'List and filter cases, sorted by next deadline' },
  { operation: 'getCase', method: 'GET', path: '/api/cases/{reference}', function: 'StaffQueries', auth: 'staff', summary: 'One case with its timeline' },
  { operation: 'getDirectory', method: 'GET', path: '/api/directory', function: 'StaffQueries', auth: 'staff', summary: 'The staff directory: functions, Heads, Deputies, Duty Officer' },
  { operation: 'recordCase', method: 'POST', path: '/api/cases', function: 'StaffCommands', auth: 'staff', summary: 'Record a complaint or compliment received by phone, letter, email or in person' },
  { operation: 'updateCase', method: 'PATCH', path: '/api/cases/{reference}', function: 'StaffCommands', auth: 'staff', summary: "Update a case's details" },
  { operation: 'assignOwner', method: 'POST', path: '/api/cases/{reference}/owner', function: 'StaffCommands', auth: 'staff', summary: 'Assign or transfer the owner of the current stage' },
  { operation: 'recordOutcome', method: 'POST', path: '/api/cases/{reference}/outcome', function: 'StaffCommands', auth: 'staff', summary: "Record the current stage's outcome" },
  { operation: 'extendDeadline', method: 'POST', path: '/api/cases/{reference}/extension', function: 'StaffCommands', auth: 'staff', summary: "Extend the current stage's deadline, with a reason for the customer" },
  { operation: 'shareDraftFindings', method: 'POST', path: '/api/cases/{reference}/draft-findings', function: 'StaffCommands', auth: 'staff', summary: 'Share draft findings with the customer for comment' },
  { operation: 'recordDraftComments', method: 'POST', path: '/api/cases/{reference}/draft-findings/comments', function: 'StaffCommands', auth: 'staff', summary: "Record the customer's comments on the draft findings" },
  { operation: 'referToCro', method: 'POST', path: '/api/cases/{reference}/referral', function: 'StaffCommands', auth: 'staff', summary: 'Refer the complaint to the Customer Relations Officer' },
  { operation: 'recordOmbudsman', method: 'POST', path: '/api/cases/{reference}/ombudsman', function: 'StaffCommands', auth: 'staff', summary: 'Record an Ombudsman enquiry, findings and recommendations' },
  {
    operation: 'revokeTrackingLink',
    method: 'POST',
    path: '/api/cases/{reference}/tracking-link/revocation',
    function: 'StaffCommands',
    auth: 'staff',
    summary: "Revoke the customer's private tracking link (it then opens nothing)",
  },
  {
    operation: 'recordAcknowledgement',
    method: 'POST',
    path: '/api/cases/{reference}/acknowledgement',
    function: 'StaffCommands',
    auth: 'staff',
    summary: 'Record an acknowledgement made by hand (by letter, telephone or an email sent by hand) and the day it was made',
  },
  { operation: 'completeTask', method: 'POST', path: '/api/cases/{reference}/task-done', function: 'StaffCommands', auth: 'staff', summary: 'Mark a task done by hand as done (a letter that may not have gone out, a stopped workflow)' },
  { operation: 'setCategory', method: 'POST', path: '/api/cases/{reference}/category', function: 'StaffCommands', auth: 'staff', summary: "Set a complaint's category (one of the policy's complaint categories)" },
  {
    operation: 'decideConsultation',
    method: 'POST',
    path: '/api/cases/{reference}/consultation-decision',
    function: 'StaffCommands',
    auth: 'staff',
    summary: 'Decide whether a forwarded consultation comment enters the procedure (as a complaint or compliment) or not, with a reason',
  },
  {
    operation: 'referInformationReview',
    method: 'POST',
    path: '/api/cases/{reference}/information-review',
    function: 'StaffCommands',
    auth: 'staff',
    summary: 'Refer a complaint about how an information request (FOI, EIR, subject access) was handled to Legal & Governance for review',
  },
  {
    operation: 'extendInformationReview',
    method: 'POST',
    path: '/api/cases/{reference}/information-review/extension',
    function: 'StaffCommands',
    auth: 'staff',
    summary: "Extend an information-request review's deadline once, with a reason for the customer",
  },
  {
    operation: 'decideInformationReview',
    method: 'POST',
    path: '/api/cases/{reference}/information-review/outcome',
    function: 'StaffCommands',
    auth: 'staff',
    summary: "Record an information-request review's outcome: the case closes, and the customer's letter names the Information Commissioner",
  },
  { operation: 'listReports', method: 'GET', path: '/api/reports', function: 'Reports', auth: 'staff', summary: 'The stored monthly reports, newest first' },
  { operation: 'getReport', method: 'GET', path: '/api/reports/{month}', function: 'Reports', auth: 'staff', summary: "A month's stored report as JSON, CSV or HTML (?format=json|csv|html)" },
  { operation: 'updateDirectory', method: 'PUT', path: '/api/directory', function: 'StaffCommands', auth: 'staff', summary: 'Maintain the staff directory' },
  // The public pages (web/): the form, its check-answers and confirmation pages, and the private tracking page.
  { operation: 'startPage', method: 'GET', path: '/', function: 'PublicPages', auth: 'public', page: true, summary: 'The start page: what the form is for and what happens after' },
  { operation: 'showQuestion', method: 'GET', path: '/form/{page}', function: 'PublicPages', auth: 'public', page: true, summary: 'A page of the complaint or compliment form' },
  {
    operation: 'answerQuestion',
    method: 'POST',
    path: '/form/{page}',
    function: 'PublicPages',
    auth: 'public',
    page: true,
    summary: 'Answers to a page of the form (the check-answers page submits)',
    throttle: { rateLimit: 10, burstLimit: 40 },
  },
  { operation: 'showProgress', method: 'GET', path: '/track/{token}', function: 'PublicPages', auth: 'public', page: true, summary: 'The private tracking page of a complaint' },
  {
    operation: 'commentOnDraft',
    method: 'POST',
    path: '/track/{token}',
    function: 'PublicPages',
    auth: 'public',
    page: true,
    summary: "The customer's comments on draft findings, from the tracking page",
    throttle: { rateLimit: 5, burstLimit: 20 },
  },
  // Everything else: the staff console's pages under /staff/ (one page; the console routes in the
  // browser), and a page saying "not found" for any other address, rather than API Gateway's JSON.
  { operation: 'otherPage', method: 'ANY', path: '$default', function: 'PublicPages', auth: 'public', page: true, summary: 'The staff console under /staff/, and a not-found page for any other address' },
];

/** As API Gateway names the route in the event: `GET /api/cases`, or `$default`. */
export const routeKey = (r: Pick<RouteDefinition, 'method' | 'path'>) => (r.path === DEFAULT_ROUTE ? DEFAULT_ROUTE : `${r.method} ${r.path}`);
export const DEFAULT_ROUTE = '$default';
