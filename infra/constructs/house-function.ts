import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing, type EnvironmentOptions, type IDestination } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { BUNDLED_POLICY_IDENTIFIER } from '../../functions/config/policy-source';
import { WEB_FILES } from '../../functions/web/files';
import type { Policy } from '../../functions/domain/policy';
import { longestResolved, UnboundedValueError } from '../environment-bound';
import type { CasesTable, TableAccess } from './cases-table';

/** The repository root, found from this file, so synth does not depend on the working directory. */
export const repoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const serviceName = 'fire-complaints';

/**
 * Lambda rejects a function whose environment variables total more than 4 KB; the house keeps each
 * function within a quarter of that: configuration, never data (the policy ships inside the bundle).
 * A value known only at deploy time (a table's name, an ARN, the staff sign-in's addresses) counts
 * as the longest value AWS allows for it (infra/environment-bound.ts), so the limit holds for any
 * deployment, not only for the names one account happened to get.
 */
export const HOUSE_ENVIRONMENT_LIMIT_BYTES = 1024;

/**
 * How every function is bundled (CDK's option names). Exported so that bench/ measures the bundles
 * with exactly these options rather than a copy of them.
 */
export const bundlingOptions: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  // CommonJS dependencies call require(); an ESM bundle has none unless we make one.
  banner: "import { createRequire as __houseCreateRequire } from 'node:module'; const require = __houseCreateRequire(import.meta.url);",
  minify: true,
  // No keepNames (it costs about 25 KB a bundle): errors carry literal names, which is what the state
  // machine and callers match (test/bundles/error-names.test.ts), and stack traces have source maps.
  sourceMap: true,
  sourcesContent: false,
  bundleAwsSDK: true,
  // esbuild's own summary of every file it wrote is noise in synth, tests and `npm start`.
  logLevel: LogLevel.WARNING,
  // Credentials come from the environment in Lambda: see functions/adapters/lambda-credentials.ts.
  esbuildArgs: { '--alias:@aws-sdk/credential-provider-node': './functions/adapters/lambda-credentials.ts' },
};

/**
 * The bundling options with the validated policy built in: `readPolicy` (functions/config/
 * policy-source.ts) reads it at cold start, so the policy needs no environment variable.
 */
export function bundlingWithPolicy(policy: Policy): BundlingOptions {
  return { ...bundlingOptions, define: { ...bundlingOptions.define, [BUNDLED_POLICY_IDENTIFIER]: JSON.stringify(JSON.stringify(policy)) } };
}

/**
 * The bundling options with files copied beside the bundle: the pages' files
 * (HouseFunctionProps.webFiles) or the texts alone (HouseFunctionProps.locales).
 */
function withFiles(options: BundlingOptions, commands: (inputDir: string, outputDir: string) => string[]): BundlingOptions {
  return {
    ...options,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: commands,
    },
  };
}

export interface HouseFunctionProps {
  /** Module under functions/ exporting `handler`, e.g. 'api/health.ts'. */
  readonly handler: string;
  /** The validated policy, built into the function's bundle. */
  readonly policy: Policy;
  readonly description?: string;
  /** Default 10 seconds. */
  readonly timeout?: Duration;
  /**
   * Copies the pages' files beside the bundled index.mjs, where functions/web/files.ts looks for
   * them (WEB_FILES): the templates, the texts and govuk-frontend's Nunjucks templates.
   */
  readonly webFiles?: boolean;
  /**
   * Copies only the texts (`web/locales`) beside the bundled index.mjs, where functions/web/files.ts
   * looks for them: for a function that writes emails but renders no page (the workflow steps).
   */
  readonly locales?: boolean;
  /**
   * For a function invoked asynchronously (a scheduled job): how often Lambda retries a failed run,
   * for how long, and where a run that still fails is sent (its on-failure destination, which
   * records the event with the error).
   */
  readonly asyncInvoke?: { readonly retryAttempts: number; readonly maxEventAge: Duration; readonly onFailure: IDestination };
}

/** Quotes a path for the shell that runs the bundling hooks. */
const shellQuote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
/** A relative path of WEB_FILES as the shell writes it. */
const toPosix = (p: string) => p.split(path.sep).join('/');

/** The shell commands that copy only the texts, `web/locales`, into a bundle's output folder. */
export function localesCommands(inputDir: string, outputDir: string): string[] {
  const [root, out] = [shellQuote(inputDir), shellQuote(outputDir)];
  const locales = toPosix(WEB_FILES.locales);
  return [`mkdir -p ${out}/${path.posix.dirname(locales)}`, `cp -R ${root}/${locales} ${out}/${locales}`];
}

/**
 * The shell commands that copy the pages' files into a bundle's output folder, keeping the layout
 * WEB_FILES names: `web/templates`, `web/locales`, and every `*.njk` of govuk-frontend under
 * `govuk-frontend/dist/govuk/` (its Sass, scripts and fonts are served from S3, not read by the
 * function). Run locally by bash at synth; tar rather than `cp --parents` or cpio, which not every
 * system has.
 */
export function webFilesCommands(inputDir: string, outputDir: string): string[] {
  const [root, out] = [shellQuote(inputDir), shellQuote(outputDir)];
  const [templates, locales] = [toPosix(WEB_FILES.templates), toPosix(WEB_FILES.locales)];
  const govuk = `${toPosix(WEB_FILES.govukFrontend)}/govuk`;
  return [
    `mkdir -p ${out}/${path.posix.dirname(templates)} ${out}/${path.posix.dirname(locales)}`,
    `cp -R ${root}/${templates} ${out}/${templates}`,
    `cp -R ${root}/${locales} ${out}/${locales}`,
    // The tar pair keeps each file's folders; -print0/--null, so that no file name can split the list.
    `cd ${root}/node_modules && find ${govuk} -type f -name '*.njk' -print0 | tar --null -cf - -T - | tar -xf - -C ${out}`,
  ];
}

/**
 * A Lambda function with the house defaults: Node.js 22 on arm64, bundled locally by esbuild as a
 * minified ESM module with source maps, the AWS SDK bundled (the version the tests ran against,
 * not whatever the runtime ships), 512 MB, 10 s, X-Ray tracing active, logs kept three months in its
 * own log group, a role of its own that may write to that log group only, the policy built into its bundle, and the service
 * name in its environment. Access to other resources is added with binder methods that set the
 * environment and grant in one call.
 */
export class HouseFunction extends NodejsFunction {
  /** Every variable set on the function (by any binder), to check the house's size limit at synth. */
  private declare variables: Map<string, string> | undefined;
  /** Whether its bundle carries the pages' files (HouseFunctionProps.webFiles): it renders pages. */
  readonly webFiles: boolean;

  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.THREE_MONTHS });
    // Its own role, allowed to write to its own log group only (AWSLambdaBasicExecutionRole would
    // allow every log group of the account); binders grant the rest.
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    super(scope, id, {
      description: props.description,
      entry: path.join(repoRoot, 'functions', props.handler),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: path.join(repoRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout ?? Duration.seconds(10),
      logGroup,
      role,
      tracing: Tracing.ACTIVE,
      ...(props.asyncInvoke ?? {}),
      bundling: props.webFiles
        ? withFiles(bundlingWithPolicy(props.policy), webFilesCommands)
        : props.locales
          ? withFiles(bundlingWithPolicy(props.policy), localesCommands)
          : bundlingWithPolicy(props.policy),
    });
    this.webFiles = props.webFiles ?? false;
    acknowledgeHouseDefaults(this, role);
    this.addEnvironment('POWERTOOLS_SERVICE_NAME', serviceName);
    this.addEnvironment('NODE_OPTIONS', '--enable-source-maps');
    this.node.addValidation({ validate: () => this.checkEnvironmentSize() });
  }

  /** Gives the function the cases table: sets TABLE_NAME and grants exactly `access`. */
  bindTable(table: CasesTable, access: TableAccess): this {
    this.addEnvironment('TABLE_NAME', table.tableName);
    table.grant(this, access);
    return this;
  }

  /** Records the variable for the size check, so binders of other constructs are counted too. */
  override addEnvironment(key: string, value: string, options?: EnvironmentOptions): this {
    // Lazily created: the base constructor may add variables before this class's fields exist.
    (this.variables ??= new Map()).set(key, value);
    return super.addEnvironment(key, value, options);
  }

  /** The most bytes its environment can take once deployed (keys and values, as Lambda counts them). */
  environmentBytes(): number {
    const stack = Stack.of(this);
    let bytes = 0;
    for (const [key, value] of this.variables ?? []) {
      bytes += Buffer.byteLength(key) + (Token.isUnresolved(value) ? longestResolved(stack.resolve(value), stack) : Buffer.byteLength(value));
    }
    return bytes;
  }

  private checkEnvironmentSize(): string[] {
    let bytes: number;
    try {
      bytes = this.environmentBytes();
    } catch (error) {
      if (error instanceof UnboundedValueError) return [`Environment of ${this.node.path}: ${error.message}`];
      throw error;
    }
    return bytes > HOUSE_ENVIRONMENT_LIMIT_BYTES
      ? [
          `Environment of ${this.node.path} can reach ${bytes} bytes; the house allows ${HOUSE_ENVIRONMENT_LIMIT_BYTES} (Lambda 4 KB). ` +
            'Keep configuration in the environment and data (such as the policy) in the bundle or the table.',
        ]
      : [];
  }
}

/** The cdk-nag findings every HouseFunction has by design, acknowledged on the function and its role. */
function acknowledgeHouseDefaults(fn: HouseFunction, role: Role): void {
  const runtime =
    'Node.js 22 on purpose: the bundles target node22 and every test and the local stack run on the same Node 22 ' +
    '(the `node` devDependency), so what is tested is what runs; nodejs22.x is supported until Node 22 ends in April 2027. ' +
    'Move the runtime, the esbuild target and the devDependency together.';
  Validations.of(fn).acknowledge({ id: 'AwsSolutions-L1', reason: runtime }, { id: 'Serverless-LambdaLatestVersion', reason: runtime });
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Only the X-Ray statement that Tracing.ACTIVE adds (xray:PutTraceSegments, xray:PutTelemetryRecords): X-Ray has no ' +
      "resource-level permissions for them, so AWS's own AWSXRayDaemonWriteAccess grants them on *. Every other statement names its resource.",
  });
}
