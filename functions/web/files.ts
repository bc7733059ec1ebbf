import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the pages function finds its templates, its texts and govuk-frontend's templates, and the
 * workflow steps their texts. In the bundle CDK builds, they are copied beside `index.mjs`
 * (infra/constructs/house-function.ts, `webFiles`; `locales` for the texts alone): `web/templates`,
 * `web/locales` and `govuk-frontend/dist`. Run from the sources, the
 * same relative paths hold from the repository root and its node_modules.
 */
export const WEB_FILES = {
  templates: join('web', 'templates'),
  locales: join('web', 'locales'),
  govukFrontend: join('govuk-frontend', 'dist'),
} as const;

export interface WebFiles {
  templates: string;
  locales: string;
  govukFrontend: string;
}

export function webFilesFrom(moduleUrl: string): WebFiles {
  const here = dirname(fileURLToPath(moduleUrl));
  // The bundle: everything beside index.mjs. Found by the texts, which every bundle with web files
  // carries (the workflow steps' carries only them: HouseFunctionProps.locales).
  if (existsSync(join(here, WEB_FILES.locales))) {
    return { templates: join(here, WEB_FILES.templates), locales: join(here, WEB_FILES.locales), govukFrontend: join(here, WEB_FILES.govukFrontend) };
  }
  // The sources: functions/web/ → the repository root.
  const root = resolve(here, '..', '..');
  return {
    templates: join(root, WEB_FILES.templates),
    locales: join(root, WEB_FILES.locales),
    govukFrontend: join(root, 'node_modules', WEB_FILES.govukFrontend),
  };
}
