import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Token } from 'aws-cdk-lib';
import { Architecture, Runtime, type EnvironmentOptions } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { Policy } from '../../functions/domain/policy';
import type { CasesTable, TableAccess } from './cases-table';

/** The repository root, found from this file, so synth does not depend on the working directory. */
export const repoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const serviceName = 'fire-complaints';

/** Lambda rejects a function whose environment variables total more than 4 KB. */
const lambdaEnvironmentLimitBytes = 4096;
/** Room assumed for a value only known at deploy time (a table name is at most 255 characters). */
const unresolvedValueBytes = 255;

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
  sourceMap: true,
  sourcesContent: false,
  bundleAwsSDK: true,
};

export interface HouseFunctionProps {
  /** Module under functions/ exporting `handler`, e.g. 'api/health.ts'. */
  readonly handler: string;
  /** The validated policy; every function receives it as the POLICY variable. */
  readonly policy: Policy;
  readonly description?: string;
  /** Default 10 seconds. */
  readonly timeout?: Duration;
}

/**
 * A Lambda function with the house defaults: Node.js 22 on arm64, bundled locally by esbuild as a
 * minified ESM module with source maps, the AWS SDK bundled (the version the tests ran against,
 * not whatever the runtime ships), 512 MB, 10 s, logs kept three months, and the policy and service
 * name in its environment. Access to other resources is added with binder methods that set the
 * environment and grant in one call.
 */
export class HouseFunction extends NodejsFunction {
  /** Every variable set on the function (by any binder), to check Lambda's size limit at synth. */
  private declare variables: Map<string, string> | undefined;

  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.THREE_MONTHS });
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
      bundling: bundlingOptions,
    });
    this.addEnvironment('POLICY', JSON.stringify(props.policy));
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

  private checkEnvironmentSize(): string[] {
    let bytes = 0;
    for (const [key, value] of this.variables ?? []) {
      bytes += Buffer.byteLength(key) + (Token.isUnresolved(value) ? unresolvedValueBytes : Buffer.byteLength(value));
    }
    return bytes > lambdaEnvironmentLimitBytes
      ? [
          `Environment of ${this.node.path} is about ${bytes} bytes; Lambda allows ${lambdaEnvironmentLimitBytes}. ` +
            'The POLICY variable is most of it: shorten the policy or load it from a file/parameter instead.',
        ]
      : [];
  }
}
