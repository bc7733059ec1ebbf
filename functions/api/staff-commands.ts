import { parseReference } from '../domain/commands';
import * as service from '../domain/staff-service';
import { getWorkflowDeps } from './deps';
import { ifMatchVersion, json, mixedRoute, type HttpEvent } from './http';
import { staffFromEvent } from './identity';
import { router } from './router';

const deps = getWorkflowDeps();

/** The most any staff request may carry (a full staff directory is the largest). */
const MAX_BODY_BYTES = 256 * 1024;

const change = (event: HttpEvent) => ({
  reference: parseReference(event.pathParameters?.reference),
  body: event.jsonBody,
  ifMatch: ifMatchVersion(event),
});

type CaseChange = (staff: ReturnType<typeof staffFromEvent>, req: ReturnType<typeof change>, d: typeof deps) => Promise<service.CaseView>;

const caseChange = (run: CaseChange) => async (event: HttpEvent) => {
  const view = await run(staffFromEvent(event), change(event), deps);
  return json(200, view, { etag: `"${view.version}"` });
};

/** Staff changes: record, update, assign, decide, extend, draft findings, refer, Ombudsman, directory. */
export const handler = mixedRoute(MAX_BODY_BYTES).handler(
  router('StaffCommands', {
    recordCase: async (event) => {
      const receipt = await service.recordCase(staffFromEvent(event), event.jsonBody, deps);
      return json(201, receipt, { location: `/api/cases/${encodeURIComponent(receipt.reference)}` });
    },
    updateCase: caseChange(service.updateCase),
    assignOwner: caseChange(service.assignOwner),
    recordOutcome: caseChange(service.recordOutcome),
    extendDeadline: caseChange(service.extendDeadline),
    shareDraftFindings: caseChange(service.shareDraftFindings),
    recordDraftComments: caseChange(service.recordDraftComments),
    referToCro: caseChange(service.referToCro),
    recordOmbudsman: caseChange(service.recordOmbudsman),
    revokeTrackingLink: caseChange(service.revokeTrackingLink),
    setCategory: caseChange(service.setCategory),
    recordAcknowledgement: caseChange(service.recordAcknowledgement),
    completeTask: caseChange(service.completeTask),
    decideConsultation: caseChange(service.decideConsultation),
    referInformationReview: caseChange(service.referInformationReview),
    extendInformationReview: caseChange(service.extendInformationReview),
    decideInformationReview: caseChange(service.decideInformationReview),
    updateDirectory: async (event) => {
      const directory = await service.updateDirectory(staffFromEvent(event), event.jsonBody, ifMatchVersion(event), deps);
      return json(200, directory, { etag: `"${directory.version}"` });
    },
  }),
);
