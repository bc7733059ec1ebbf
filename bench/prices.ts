/**
 * The one table of AWS prices the bench uses: eu-west-2 (London) list prices in US dollars, on
 * demand, with no free tier and no savings plan. Prices change: every figure is as of `checkedOn`,
 * with where it came from and how far it could be checked from here (no AWS pricing page or Price
 * List API could be read from this machine; see `verified`).
 */
export const PRICES = {
  region: 'eu-west-2',
  checkedOn: '2026-11-22',
  stepFunctions: {
    /** Standard workflows, per state transition. */
    perTransition: 0.025 / 1_000,
    source: 'https://aws.amazon.com/step-functions/pricing/ ($0.025 per 1,000 state transitions)',
    verified: 'the $0.025 per 1,000 figure is quoted by third-party guides; the eu-west-2 figure itself was not checked',
  },
  lambda: {
    /** arm64, per GB-second of duration. */
    perGbSecondArm64: 0.0000133334,
    perRequest: 0.2 / 1_000_000,
    source: 'https://aws.amazon.com/lambda/pricing/ (arm64 $0.0000133334 per GB-s, $0.20 per 1M requests)',
    verified: "artillery's Lambda price table (lib/platform/aws-lambda/prices.js) gives arm64 $0.0000133334 as the base price, eu-west-2 not an exception",
  },
  dynamodb: {
    /**
     * On-demand, Standard table class. AWS halved on-demand throughput prices from 1 November 2024;
     * the London figures before that were $1.4135 per million WRU and $0.283 per million RRU, so
     * these are those halved.
     */
    perWriteRequestUnit: 0.70675 / 1_000_000,
    perReadRequestUnit: 0.1415 / 1_000_000,
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (eu-west-2 pre-2024-11 $1.4135/M WRU, $0.283/M RRU, then 50% off)',
    verified: 'unit rules (1 WRU per 1 KB written, 2 for a transactional write; 1 RRU per 4 KB strongly consistent read) checked on the AWS pricing page; the 50% cut from third-party reports; the London figures not checked',
  },
  ses: {
    /** Outbound email, pay as you go. */
    perEmail: 0.1 / 1_000,
    source: 'https://aws.amazon.com/ses/pricing/ ($0.10 per 1,000 outbound emails)',
    verified: 'quoted by third-party comparisons; not checked against the 2026 SES pricing plans',
  },
} as const;

/** What each Lambda invocation is assumed to cost in duration (not measured: local runs are not Lambda). */
export const LAMBDA_ASSUMPTION = { memoryMb: 512, durationMs: 200, architecture: 'arm64' } as const;

export interface Usage {
  transitions: number;
  lambdaInvocations: number;
  writeUnits: number;
  readUnits: number;
  emails: number;
}

/** Dollars for one complaint with this usage, by service and in all. */
export function costOf(u: Usage): { stepFunctions: number; lambda: number; dynamodb: number; ses: number; total: number } {
  const gbSeconds = (LAMBDA_ASSUMPTION.memoryMb / 1024) * (LAMBDA_ASSUMPTION.durationMs / 1000);
  const stepFunctions = u.transitions * PRICES.stepFunctions.perTransition;
  const lambda = u.lambdaInvocations * (PRICES.lambda.perRequest + gbSeconds * PRICES.lambda.perGbSecondArm64);
  const dynamodb = u.writeUnits * PRICES.dynamodb.perWriteRequestUnit + u.readUnits * PRICES.dynamodb.perReadRequestUnit;
  const ses = u.emails * PRICES.ses.perEmail;
  return { stepFunctions, lambda, dynamodb, ses, total: stepFunctions + lambda + dynamodb + ses };
}
