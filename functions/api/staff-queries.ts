import { parseReference } from '../domain/commands';
import { getCase, getDirectory, listCases } from '../domain/staff-service';
import { getListDeps } from './deps';
import { json, httpRoute } from './http';
import { staffFromEvent } from './identity';
import { router } from './router';

const deps = getListDeps();

/** Staff reads: who am I, the case list, one case with its timeline, the directory. */
export const handler = httpRoute().handler(
  router('StaffQueries', {
    whoAmI: async (event) => json(200, staffFromEvent(event)),
    listCases: async (event) => json(200, await listCases(staffFromEvent(event), event.queryStringParameters ?? {}, deps)),
    getCase: async (event) => {
      const staff = staffFromEvent(event);
      const view = await getCase(staff, parseReference(event.pathParameters?.reference), deps);
      return json(200, view, { etag: `"${view.version}"` });
    },
    getDirectory: async (event) => {
      const directory = await getDirectory(staffFromEvent(event), deps);
      return json(200, directory, { etag: `"${directory.version}"` });
    },
  }),
);
