import { CfnResource, type Stack } from 'aws-cdk-lib';
import { CfnUserPoolDomain } from 'aws-cdk-lib/aws-cognito';
import { CfnGlobalTable, CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { CfnStateMachine } from 'aws-cdk-lib/aws-stepfunctions';

/**
 * The most bytes a value of the template can take once CloudFormation resolves it, so that a
 * function's environment is measured before anything is deployed. A value written in the template
 * counts as written; a reference counts as the longest value AWS allows for what it refers to (a
 * table name up to 255 characters, a user pool client id up to 128, ...), or as the name the stack
 * gives it. Anything this does not know is refused by name rather than guessed.
 */
export function longestResolved(value: unknown, stack: Stack): number {
  if (typeof value === 'string') {
    if (value.includes('{{resolve:')) throw new UnboundedValueError(`a dynamic reference outside the secret's own form: ${value}`);
    return Buffer.byteLength(value);
  }
  if (typeof value !== 'object' || value === null) throw new UnboundedValueError(JSON.stringify(value));
  const entries = Object.entries(value);
  const [intrinsic, argument] = entries.length === 1 ? entries[0]! : ['', undefined];
  switch (intrinsic) {
    case 'Ref':
      return longestReference(String(argument), stack);
    case 'Fn::GetAtt':
      return longestAttribute(argument as [string, string], stack);
    case 'Fn::Join': {
      const [separator, parts] = argument as [string, unknown[]];
      const secret = secretOf(parts, stack);
      if (secret) return secret;
      return parts.reduce<number>((sum, part) => sum + longestResolved(part, stack), 0) + Buffer.byteLength(separator) * Math.max(parts.length - 1, 0);
    }
    case 'Fn::Select': {
      // One piece of a list: at most as long as the longest of the list's values.
      const [, list] = argument as [unknown, unknown];
      const split = (list as Record<string, unknown>)?.['Fn::Split'] as [string, unknown] | undefined;
      if (!split) throw new UnboundedValueError(JSON.stringify(value));
      return longestResolved(split[1], stack);
    }
    default:
      throw new UnboundedValueError(JSON.stringify(value));
  }
}

/** A value whose longest resolved form is not known here. */
export class UnboundedValueError extends Error {
  override readonly name = 'UnboundedValueError';
  constructor(what: string) {
    super(`No longest length is known for ${what}: add one to infra/environment-bound.ts, with where AWS documents it`);
  }
}

const ARN_FRAME = (service: string, resource: string) => 4 + PSEUDO['AWS::Partition']! + 1 + service.length + 1 + PSEUDO['AWS::Region']! + 1 + PSEUDO['AWS::AccountId']! + 1 + resource.length;

/** Pseudo parameters: the longest partition is aws-us-gov, region codes are at most 14 characters today (16 allowed here), account ids are 12 digits. */
const PSEUDO: Readonly<Record<string, number>> = {
  'AWS::Partition': 10,
  'AWS::Region': 16,
  'AWS::AccountId': 12,
  // amazonaws.com.cn
  'AWS::URLSuffix': 16,
  // CloudFormation's own limit on a stack name.
  'AWS::StackName': 128,
};
const STACK_ID = ARN_FRAME('cloudformation', 'stack/') + PSEUDO['AWS::StackName']! + 1 + 36;

function longestReference(target: string, stack: Stack): number {
  if (target === 'AWS::StackId') return STACK_ID;
  if (target in PSEUDO) return PSEUDO[target]!;
  const resource = resourceOf(target, stack);
  if (resource instanceof CfnTable || resource instanceof CfnGlobalTable) {
    // A DynamoDB table name is at most 255 characters.
    return literalLength(resource.tableName, stack) ?? 255;
  }
  if (resource instanceof CfnStateMachine) {
    // Ref gives the ARN; a state machine's name is at most 80 characters.
    return ARN_FRAME('states', 'stateMachine:') + (literalLength(resource.stateMachineName, stack) ?? 80);
  }
  if (resource instanceof CfnUserPoolDomain) {
    // Ref gives the domain: a prefix of at most 63 characters (a custom domain is a host name of at most 253).
    return Math.min(longestResolved(stack.resolve(resource.domain), stack), resource.customDomainConfig ? 253 : 63);
  }
  switch (resource.cfnResourceType) {
    case 'AWS::Cognito::UserPool':
      // A user pool id: <region>_<id>, at most 55 characters.
      return 55;
    case 'AWS::Cognito::UserPoolClient':
      // An app client id: at most 128 characters.
      return 128;
    default:
      throw new UnboundedValueError(`Ref to ${target} (${resource.cfnResourceType})`);
  }
}

function longestAttribute([target, attribute]: [string, string], stack: Stack): number {
  const resource = resourceOf(target, stack);
  // d + 13 characters + .cloudfront.net (29); room for a partition's other suffix.
  if (resource.cfnResourceType === 'AWS::CloudFront::Distribution' && attribute === 'DomainName') return 32;
  throw new UnboundedValueError(`Fn::GetAtt ${target}.${attribute} (${resource.cfnResourceType})`);
}

/**
 * `{{resolve:secretsmanager:<secret>:SecretString:::}}`: the generated secret's own length (Secrets
 * Manager's default is 32 characters).
 */
function secretOf(parts: unknown[], stack: Stack): number | undefined {
  const [head, reference, tail] = parts;
  if (typeof head !== 'string' || !head.startsWith('{{resolve:secretsmanager:')) return undefined;
  const target = (reference as { Ref?: string } | undefined)?.Ref;
  const resource = target ? resourceOf(target, stack) : undefined;
  if (parts.length !== 3 || tail !== ':SecretString:::}}' || !(resource instanceof CfnSecret)) {
    throw new UnboundedValueError(`the dynamic reference ${JSON.stringify(parts)}`);
  }
  const generated = stack.resolve(resource.generateSecretString) as { passwordLength?: number; secretStringTemplate?: string } | undefined;
  if (!generated || generated.secretStringTemplate) throw new UnboundedValueError(`the secret ${target}, which is not one generated string`);
  return generated.passwordLength ?? 32;
}

function resourceOf(logicalId: string, stack: Stack): CfnResource {
  const found = stack.node.findAll().find((c): c is CfnResource => c instanceof CfnResource && stack.resolve(c.logicalId) === logicalId);
  if (!found) throw new UnboundedValueError(`Ref to ${logicalId}, which is not a resource of ${stack.stackName}`);
  return found;
}

/** The length of a property the stack writes out in full (a name it chose), else undefined. */
function literalLength(value: unknown, stack: Stack): number | undefined {
  const resolved = stack.resolve(value) as unknown;
  return typeof resolved === 'string' ? Buffer.byteLength(resolved) : undefined;
}
