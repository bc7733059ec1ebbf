import { z } from 'zod';

/**
 * The local stack's settings, read from the environment by `npm start` and by `npm run token`
 * (which must use the same PORT and DATA_DIR as the stack it signs for).
 */
const port = z.coerce.number().int().min(0).max(65535);

export const Settings = z.object({
  PORT: port.default(3000),
  DYNAMODB_PORT: port.default(8000),
  SES_PORT: port.default(8005),
  DATA_DIR: z.string().min(1).default('.data'),
  /** Demos: one working day of waiting lasts this many seconds; recorded deadlines stay real dates. */
  LOCAL_WORKING_DAY_SECONDS: z.coerce.number().positive().max(86_400).optional(),
  /**
   * `sources` runs the handlers' TypeScript; `bundles` synthesizes the CDK app first and runs the
   * very bundles it would upload (DATA_DIR/cdk.out).
   */
  LOCAL_HANDLERS: z.enum(['sources', 'bundles']).default('sources'),
});

export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});

/** Reads the settings, or gives a one-line message naming the bad ones. */
export function readSettings(env: NodeJS.ProcessEnv): { ok: true; settings: Settings } | { ok: false; message: string } {
  const parsed = Settings.safeParse(env);
  if (parsed.success) return { ok: true, settings: parsed.data };
  return { ok: false, message: `Bad setting: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}` };
}
