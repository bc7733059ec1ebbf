import { App } from 'aws-cdk-lib';
import { readPolicy } from '../functions/config/policy-source';
import { applyNag } from './nag';
import { FireComplaintsStack } from './stack';

// Invalid policy throws PolicyError naming the field, so synth fails before anything is built.
const policy = readPolicy(process.env);

const app = new App();
// cdk-nag's AwsSolutions and Serverless packs: any finding not acknowledged in code fails synth.
applyNag(app);
// Environment-agnostic: no account or region lookups, so synth runs offline without credentials.
new FireComplaintsStack(app, 'FireComplaints', {
  policy,
  description: 'Complaints and compliments system for a UK Fire and Rescue Service',
});
app.synth();
