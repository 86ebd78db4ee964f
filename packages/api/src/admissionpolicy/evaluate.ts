/**
 * Evaluating a compiled ValidatingAdmissionPolicy on one request (kube's validating policy
 * validator): matchConditions first (all must be true), then each validation, with variables
 * evaluated lazily on first use. Outcomes carry kube's texts: an evaluation error is
 * `expression '<expr>' resulted in error: <why>`, a failed validation's message is its
 * messageExpression's result, else its message, else `failed expression: <expr>`. Cost budgets
 * are not enforced.
 */
import { EvaluationError } from '@marcbachmann/cel-js';
import { runtimeMessage } from '../crd/cel/evaluate.js';
import { toCelValue } from '../crd/cel/values.js';
import type { CompiledExpression, CompiledPolicy } from './compile.js';

/** The JSON inputs of an evaluation (null where kube passes nil). */
export interface PolicyInput {
  object: unknown;
  oldObject: unknown;
  /** The admission request (kind, resource, operation, userInfo, ...). */
  request: unknown;
  /** The parameter object, or null (no paramKind, or no paramRef). */
  params: unknown;
  /** The namespace of a namespaced request, trimmed as kube trims it; null otherwise. */
  namespaceObject: unknown;
}

/** What one validation decided: admit, or deny with a message and a Status reason. */
export type PolicyDecision =
  | { action: 'admit' }
  | {
      action: 'deny';
      message: string;
      /** The validation's reason (Invalid by default, and for evaluation errors). */
      reason: string;
      /** True when the denial comes from an evaluation error under failurePolicy Fail. */
      evalError: boolean;
    };

/** The outcome of a policy on one request: it did not apply (matchConditions), or its decisions. */
export type PolicyOutcome = { matched: false } | { matched: true; decisions: PolicyDecision[] };

type Activation = Record<string, unknown>;

/** Runs one expression: its value, or kube's error detail. */
function run(expr: CompiledExpression, activation: Activation): { value: unknown } | { error: string } {
  if (!expr.program) return { error: `compilation error: ${expr.error ?? 'empty expression'}` };
  try {
    return { value: expr.program(activation) };
  } catch (err) {
    return { error: `expression '${expr.source}' resulted in error: ${runtimeMessage(err)}` };
  }
}

/** `variables`: each variable evaluated on first access, once; a failing one fails its reader. */
function lazyVariables(policy: CompiledPolicy, activation: Activation): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const v of policy.variables) {
    let memo: { value: unknown } | { error: string } | undefined;
    Object.defineProperty(vars, v.name, {
      enumerable: true,
      get: () => {
        memo ??= v.expression.program
          ? run(v.expression, activation)
          : { error: `composited variable "${v.name}" fails to compile: ${v.expression.error ?? ''}` };
        if ('error' in memo)
          throw new EvaluationError(`composited variable "${v.name}" fails to evaluate: ${memo.error}`);
        return memo.value;
      },
    });
  }
  return vars;
}

/**
 * CEL values already made from JSON inputs, by input object. One request's evaluations (its
 * bindings and params) share its object, oldObject, request and namespace: given one cache,
 * each is converted once. The inputs must not change while the cache is in use.
 */
export type CelValueCache = Map<object, unknown>;

function celValueOf(json: unknown, cache: CelValueCache): unknown {
  if (typeof json !== 'object' || json === null) return toCelValue(json, undefined);
  let value = cache.get(json);
  if (value === undefined) cache.set(json, (value = toCelValue(json, undefined)));
  return value;
}

function activationOf(policy: CompiledPolicy, input: PolicyInput, cache: CelValueCache): Activation {
  const activation: Activation = {
    object: celValueOf(input.object, cache),
    oldObject: celValueOf(input.oldObject, cache),
    request: celValueOf(input.request, cache),
    params: celValueOf(input.params, cache),
    namespaceObject: celValueOf(input.namespaceObject, cache),
  };
  activation.variables = lazyVariables(policy, activation);
  return activation;
}

/** matchConditions: false as soon as one is false; errors (none false) follow failurePolicy. */
function matchConditions(policy: CompiledPolicy, activation: Activation, fail: boolean): PolicyOutcome | undefined {
  const errors: string[] = [];
  for (const c of policy.matchConditions) {
    const out = run(c.expression, activation);
    if ('error' in out) errors.push(out.error);
    else if (out.value === false) return { matched: false };
  }
  if (errors.length === 0) return undefined;
  if (!fail) return { matched: false };
  const message = errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`;
  return { matched: true, decisions: [{ action: 'deny', message, reason: 'Invalid', evalError: true }] };
}

/** kube's MaxEvaluatedMessageExpressionSizeBytes: a longer messageExpression result is not used. */
const MAX_MESSAGE_BYTES = 5 * 1024;

function messageOf(v: CompiledPolicy['validations'][number], activation: Activation): string {
  if (v.messageExpression) {
    const out = run(v.messageExpression, activation);
    if ('value' in out && typeof out.value === 'string') {
      const trimmed = out.value.trim();
      if (trimmed !== '' && !trimmed.includes('\n') && Buffer.byteLength(trimmed) <= MAX_MESSAGE_BYTES) return trimmed;
    }
  }
  const message = (v.validation.message ?? '').trim();
  return message !== '' ? message : `failed expression: ${(v.validation.expression ?? '').trim()}`;
}

/**
 * Evaluates `policy` on `input`. `failurePolicy` Fail turns evaluation errors into denials;
 * Ignore admits them. `values` shares conversions between the evaluations of one request.
 */
export function evaluatePolicy(
  policy: CompiledPolicy,
  input: PolicyInput,
  failurePolicy: string,
  values: CelValueCache = new Map(),
): PolicyOutcome {
  const fail = failurePolicy !== 'Ignore';
  const activation = activationOf(policy, input, values);
  const unmatched = matchConditions(policy, activation, fail);
  if (unmatched) return unmatched;
  const decisions = policy.validations.map((v): PolicyDecision => {
    const out = run(v.expression, activation);
    if ('error' in out)
      return fail ? { action: 'deny', message: out.error, reason: 'Invalid', evalError: true } : { action: 'admit' };
    if (out.value === true) return { action: 'admit' };
    return {
      action: 'deny',
      message: messageOf(v, activation),
      reason: v.validation.reason ?? 'Invalid',
      evalError: false,
    };
  });
  return { matched: true, decisions };
}
