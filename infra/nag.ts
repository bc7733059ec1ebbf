import { Validations, type App } from 'aws-cdk-lib';
import { STRICT_CFN_VALIDATE_ERRORS } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks, ServerlessChecks, type NagPack } from 'cdk-nag';

/** The cdk-nag rule packs the app is checked against at every synth. */
export const nagPacks = (app: App): NagPack[] => [new AwsSolutionsChecks(app), new ServerlessChecks(app)];

/**
 * Checks the app with cdk-nag's AwsSolutions and Serverless packs at synth, and fails synth on
 * any finding not acknowledged where it arises (`Validations.of(construct).acknowledge`), warnings
 * included: without the strict flag CDK fails only on errors once anything is acknowledged.
 * Call it before adding stacks (context cannot change after that).
 */
export function applyNag(app: App): void {
  app.node.setContext(STRICT_CFN_VALIDATE_ERRORS, true);
  Validations.of(app).addPlugins(...nagPacks(app));
}
