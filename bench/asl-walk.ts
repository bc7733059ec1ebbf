/**
 * Walks an Amazon States Language definition (JSONPath) along one path, as Step Functions would run
 * it, and counts what Standard workflows bill: one state transition for every state entered,
 * Choice, Succeed and Fail included, and one more for every retry of a Task.
 *
 * The path is given as what each Task does, in order (the step it is expected to run, and its
 * result or its error). Choice states are not scripted: they are evaluated against the state's data
 * as the definition's ResultSelector/ResultPath shape it, so the walk follows the definition and
 * fails loudly when the script and the definition disagree.
 */

export type TaskOutcome =
  /** The Task succeeded: `result` is the Lambda's payload, or for `.waitForTaskToken` the callback's output. */
  | { step: string; result: unknown }
  /** The Task failed with this error name (one attempt; a retry is another outcome in the script). */
  | { step: string; error: string };

export interface Walk {
  /** Billed state transitions: states entered, retries included. */
  transitions: number;
  /** Every state entered, in order. */
  states: string[];
  /** The workflow steps invoked (one Lambda invocation each), in order. */
  steps: string[];
  /** How the execution ended. */
  end: 'Succeed' | 'Fail';
}

type Json = Record<string, unknown>;

interface Retrier {
  ErrorEquals: string[];
  MaxAttempts?: number;
}
interface Catcher {
  ErrorEquals: string[];
  ResultPath?: string | null;
  Next: string;
}
interface ChoiceRule {
  Variable?: string;
  Next?: string;
  And?: ChoiceRule[];
  Or?: ChoiceRule[];
  Not?: ChoiceRule;
  [operator: string]: unknown;
}
interface State {
  Type: string;
  Resource?: string;
  Parameters?: Json;
  ResultSelector?: Json;
  ResultPath?: string | null;
  InputPath?: string | null;
  OutputPath?: string | null;
  Retry?: Retrier[];
  Catch?: Catcher[];
  Choices?: ChoiceRule[];
  Default?: string;
  Next?: string;
  End?: boolean;
}
export interface Definition {
  StartAt: string;
  States: Record<string, State>;
}

const MAX_STATES = 10_000;

function segments(path: string): string[] {
  if (path === '$') return [];
  if (!/^\$(\.[A-Za-z_][\w-]*)+$/.test(path)) throw new Error(`asl-walk handles only simple JSONPaths like $.a.b, not ${path}`);
  return path.slice(2).split('.');
}

function read(data: unknown, path: string): unknown {
  let value = data;
  for (const key of segments(path)) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Json)[key];
  }
  return value;
}

/** ResultPath: null keeps the input; `$` replaces it; `$.a.b` puts the result there. */
function place(input: unknown, resultPath: string | null | undefined, result: unknown): unknown {
  if (resultPath === null) return input;
  if (resultPath === undefined || resultPath === '$') return result;
  const keys = segments(resultPath);
  const out = structuredClone((typeof input === 'object' && input !== null ? input : {}) as Json);
  let at = out;
  for (const key of keys.slice(0, -1)) {
    if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
    at = at[key] as Json;
  }
  at[keys.at(-1)!] = result;
  return out;
}

/** A ResultSelector or Parameters template: `key.$` takes a path from `data`, other keys are literal. */
function select(template: Json, data: unknown): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$')) out[key.slice(0, -2)] = read(data, String(value));
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) out[key] = select(value as Json, data);
    else out[key] = value;
  }
  return out;
}

const COMPARATORS: Record<string, (value: unknown, expected: unknown) => boolean> = {
  StringEquals: (v, e) => v === e,
  BooleanEquals: (v, e) => v === e,
  NumericEquals: (v, e) => v === e,
  NumericGreaterThan: (v, e) => typeof v === 'number' && v > (e as number),
  NumericLessThan: (v, e) => typeof v === 'number' && v < (e as number),
  IsPresent: (v, e) => (v !== undefined) === e,
  IsNull: (v, e) => (v === null) === e,
};

function matches(rule: ChoiceRule, data: unknown): boolean {
  if (rule.And) return rule.And.every((r) => matches(r, data));
  if (rule.Or) return rule.Or.some((r) => matches(r, data));
  if (rule.Not) return !matches(rule.Not, data);
  const operators = Object.keys(rule).filter((k) => k !== 'Variable' && k !== 'Next');
  if (operators.length !== 1 || !rule.Variable) throw new Error(`asl-walk cannot evaluate the choice rule ${JSON.stringify(rule)}`);
  const compare = COMPARATORS[operators[0]!];
  if (!compare) throw new Error(`asl-walk does not know the choice operator ${operators[0]}`);
  // Like Step Functions, a missing variable does not match (except for IsPresent).
  const value = read(data, rule.Variable);
  if (value === undefined && operators[0] !== 'IsPresent') return false;
  return compare(value, rule[operators[0]!]);
}

/** `States.ALL` matches every error but `States.Runtime` (and, for catchers, every error a Task can raise). */
const covers = (errorEquals: string[], error: string) => errorEquals.includes(error) || (errorEquals.includes('States.ALL') && error !== 'States.Runtime');

function stepOf(name: string, state: State): string {
  const payload = (state.Parameters?.Payload ?? {}) as Json;
  const step = payload.step;
  if (typeof step !== 'string') throw new Error(`asl-walk: Task "${name}" has no Parameters.Payload.step`);
  return step;
}

/**
 * Runs the definition from `StartAt` with `input`, taking one scripted outcome for every Task
 * attempt. Throws if the script runs out, names another step than the Task runs, or is left over.
 */
export function walk(definition: Definition, input: unknown, script: TaskOutcome[]): Walk {
  const states: string[] = [];
  const steps: string[] = [];
  let transitions = 0;
  let data = input;
  let name = definition.StartAt;
  let next = 0;
  for (;;) {
    const state = definition.States[name];
    if (!state) throw new Error(`asl-walk: no state "${name}"`);
    if (states.length > MAX_STATES) throw new Error('asl-walk: the path does not end');
    if (state.InputPath !== undefined || state.OutputPath !== undefined) throw new Error(`asl-walk does not handle InputPath/OutputPath (state "${name}")`);
    states.push(name);
    transitions++;
    switch (state.Type) {
      case 'Succeed':
      case 'Fail':
        if (next !== script.length) throw new Error(`asl-walk: the execution ended at "${name}" with ${script.length - next} scripted outcome(s) left`);
        return { transitions, states, steps, end: state.Type };
      case 'Choice': {
        const rule = (state.Choices ?? []).find((r) => matches(r, data));
        const to = rule?.Next ?? state.Default;
        if (!to) throw new Error(`asl-walk: no choice of "${name}" matched and it has no Default`);
        name = to;
        break;
      }
      case 'Pass':
        name = state.End ? fail(name, 'a Pass state that ends is not handled') : state.Next!;
        break;
      case 'Task': {
        const step = stepOf(name, state);
        const attempts = new Map<Retrier, number>();
        let outcome: TaskOutcome | undefined;
        let caught: Catcher | undefined;
        let error = '';
        // One scripted outcome per attempt; a retry re-enters the state (one more transition).
        for (;;) {
          outcome = script[next++];
          if (!outcome) throw new Error(`asl-walk: the script ran out at Task "${name}" (step ${step})`);
          if (outcome.step !== step) throw new Error(`asl-walk: Task "${name}" runs step ${step}, but the script says ${outcome.step}`);
          steps.push(step);
          if (!('error' in outcome)) break;
          error = outcome.error;
          const retrier = (state.Retry ?? []).find((r) => covers(r.ErrorEquals, error));
          const used = retrier ? (attempts.get(retrier) ?? 0) : 0;
          if (retrier && used < (retrier.MaxAttempts ?? 3)) {
            attempts.set(retrier, used + 1);
            states.push(name);
            transitions++;
            continue;
          }
          caught = (state.Catch ?? []).find((c) => covers(c.ErrorEquals, error));
          if (!caught) {
            // An uncaught error fails the execution without entering another state.
            if (next !== script.length) throw new Error(`asl-walk: Task "${name}" failed the execution with outcomes left`);
            return { transitions, states, steps, end: 'Fail' };
          }
          break;
        }
        if (caught) {
          data = place(data, caught.ResultPath, { Error: error, Cause: '' });
          name = caught.Next;
          break;
        }
        const raw = state.Resource?.endsWith('.waitForTaskToken') ? (outcome as { result: unknown }).result : { Payload: (outcome as { result: unknown }).result, StatusCode: 200 };
        const result = state.ResultSelector ? select(state.ResultSelector, raw) : raw;
        data = place(data, state.ResultPath, result);
        if (state.End) {
          if (next !== script.length) throw new Error(`asl-walk: the execution ended at "${name}" with outcomes left`);
          return { transitions, states, steps, end: 'Succeed' };
        }
        name = state.Next!;
        break;
      }
      default:
        throw new Error(`asl-walk does not handle ${state.Type} states ("${name}")`);
    }
  }
}

function fail(name: string, why: string): never {
  throw new Error(`asl-walk: "${name}": ${why}`);
}
