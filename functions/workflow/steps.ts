import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from '../domain/zod';
import { getStepsDeps } from '../api/deps';
import { logger } from '../api/http';
import { runStep, type StepInput } from '../domain/workflow-steps';

const deps = getStepsDeps();

const Input = z.looseObject({ step: z.string(), reference: z.string().check(z.minLength(1), z.maxLength(40)) });

/**
 * The Lambda behind every Task of statemachines/complaint.asl.json. Errors keep their names
 * (MailerUnavailableError, StoreUnavailableError, ...) so the state machine's Retry and Catch
 * can tell a passing fault from a lasting one.
 */
export const handler = middy<unknown, unknown>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const input = Input.parse(event) as unknown as StepInput;
    logger.appendKeys({ reference: input.reference, step: input.step });
    try {
      return await runStep(input, deps);
    } catch (error) {
      logger.warn('workflow step failed', { error: { name: (error as Error).name, message: (error as Error).message } });
      throw error;
    }
  });
