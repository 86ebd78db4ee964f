/**
 * Compiling a ValidatingAdmissionPolicy's CEL expressions (validations, messageExpressions,
 * matchConditions, variables) once, with kube's error details: `compilation failed: ERROR:
 * <input>:L:C: ...` for a syntax or reference error, `must evaluate to bool but got <type>` for
 * a validation or condition of another type. The texts after the position are
 * @marcbachmann/cel-js's, not cel-go's, except for undeclared references.
 */
import type { ASTNode, ParseResult } from '@marcbachmann/cel-js';
import { celIssue } from '../crd/cel/compile.js';
import { ruleEnvironment, UNIMPLEMENTED_KUBERNETES_FUNCTIONS } from '../crd/cel/environment.js';
import type { ValidatingAdmissionPolicySpec, Validation } from '../schema/admissionregistration-v1.js';
import { policyEnvironment } from './environment.js';

/** One compiled expression: its program, or kube's error detail. */
export interface CompiledExpression {
  source: string;
  program?: ParseResult | undefined;
  /** kube's compile error detail (`compilation failed: ...`, `must evaluate to ...`). */
  error?: string | undefined;
}

/** A validation and its compiled expression and messageExpression. */
export interface CompiledValidation {
  validation: Validation;
  expression: CompiledExpression;
  messageExpression?: CompiledExpression | undefined;
}

/** A named compiled expression (a matchCondition or a variable). */
export interface NamedExpression {
  name: string;
  expression: CompiledExpression;
}

/** Every expression of a policy, compiled. */
export interface CompiledPolicy {
  validations: CompiledValidation[];
  matchConditions: NamedExpression[];
  variables: NamedExpression[];
}

/** The type an expression must have: a boolean, a string, or anything. */
export type ExpressionType = 'bool' | 'string' | 'any';

function isNode(x: unknown): x is ASTNode {
  return typeof x === 'object' && x !== null && 'op' in x;
}

function walk(node: ASTNode, visit: (n: ASTNode) => void): void {
  visit(node);
  const each = (x: unknown): void => {
    if (isNode(x)) walk(x, visit);
    else if (Array.isArray(x)) x.forEach(each);
  };
  each((node as { args?: unknown }).args);
}

function pos(node: ASTNode): number {
  return (node as { pos?: number }).pos ?? 0;
}

/** An unknown variable, or a function Wheelhouse lacks, as cel-go reports it (or says Wheelhouse lacks it). */
function referenceProblem(source: string, root: ASTNode, hasParams: boolean): string | undefined {
  const known = ruleEnvironment().names;
  let problem: string | undefined;
  walk(root, (n) => {
    if (problem !== undefined) return;
    const args = (n as { args?: unknown }).args;
    if (n.op === 'id' && typeof args === 'string') {
      if (args === 'authorizer')
        problem = celIssue(
          source,
          pos(n),
          "variable 'authorizer' is not supported by Wheelhouse (it has no authorizer)",
        );
      else if (args === 'params' && !hasParams)
        problem = celIssue(source, pos(n), "undeclared reference to 'params' (in container '')");
    }
    if ((n.op === 'call' || n.op === 'rcall') && Array.isArray(args) && typeof args[0] === 'string') {
      const name = args[0];
      if (UNIMPLEMENTED_KUBERNETES_FUNCTIONS.has(name))
        problem = celIssue(
          source,
          pos(n),
          `function '${name}' is a Kubernetes CEL library function that Wheelhouse does not implement`,
        );
      else if (n.op === 'call' && !known.has(name))
        problem = celIssue(source, pos(n), `undeclared reference to '${name}' (in container '')`);
    }
  });
  return problem;
}

function errorOffset(err: unknown): number {
  return (err as { range?: { start?: number } }).range?.start ?? 0;
}

function summary(err: unknown): string {
  const e = err as { summary?: string; message?: string };
  const text = e.summary ?? (e.message ?? '').split('\n')[0] ?? '';
  const unknown = /^Unknown variable: (\S+)/.exec(text);
  return unknown ? `undeclared reference to '${unknown[1]}' (in container '')` : text;
}

const compiledByKey = new Map<string, CompiledExpression>();

function compileUncached(source: string, type: ExpressionType, hasParams: boolean): CompiledExpression {
  let program: ParseResult;
  try {
    program = policyEnvironment(hasParams).parse(source);
  } catch (err) {
    return {
      source,
      error: `compilation failed: ${celIssue(source, errorOffset(err), `Syntax error: ${summary(err)}`)}`,
    };
  }
  const problem = referenceProblem(source, program.ast, hasParams);
  if (problem !== undefined) return { source, error: `compilation failed: ${problem}` };
  const checked = program.check();
  if (!checked.valid)
    return {
      source,
      error: `compilation failed: ${celIssue(source, errorOffset(checked.error), summary(checked.error))}`,
    };
  if (type !== 'any' && checked.type !== type && checked.type !== 'dyn')
    return { source, error: `must evaluate to ${type} but got ${checked.type}` };
  return { source, program };
}

/** Compiles one expression of `type` (cached by text). Never throws: a problem is in `error`. */
export function compileExpression(source: string, type: ExpressionType, hasParams: boolean): CompiledExpression {
  const key = JSON.stringify([source, type, hasParams]);
  let hit = compiledByKey.get(key);
  if (!hit) {
    hit = compileUncached(source, type, hasParams);
    if (compiledByKey.size > 10_000) compiledByKey.clear();
    compiledByKey.set(key, hit);
  }
  return hit;
}

/** Compiles every expression of a policy spec. Never throws. */
export function compilePolicy(spec: ValidatingAdmissionPolicySpec): CompiledPolicy {
  const hasParams = spec.paramKind !== undefined;
  return {
    validations: (spec.validations ?? []).map((validation) => ({
      validation,
      expression: compileExpression(validation.expression ?? '', 'bool', hasParams),
      messageExpression:
        (validation.messageExpression ?? '').trim() === ''
          ? undefined
          : compileExpression(validation.messageExpression ?? '', 'string', hasParams),
    })),
    matchConditions: (spec.matchConditions ?? []).map((c) => ({
      name: c.name ?? '',
      expression: compileExpression(c.expression ?? '', 'bool', hasParams),
    })),
    variables: (spec.variables ?? []).map((v) => ({
      name: v.name ?? '',
      expression: compileExpression(v.expression ?? '', 'any', hasParams),
    })),
  };
}
