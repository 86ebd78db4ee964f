/**
 * Compiling a ValidatingAdmissionPolicy's CEL expressions (validations, messageExpressions,
 * matchConditions, variables) once, with kube's error details: `compilation failed: ERROR:
 * <input>:L:C: ...` for a syntax or reference error, `must evaluate to bool but got <type>` for
 * a validation or condition of another type. Reference and type errors are worded and placed
 * as cel-go's, with the CRD rule compiler's helpers (crd/cel/cel-go-errors.ts); syntax errors
 * keep @marcbachmann/cel-js's wording.
 */
import type { ASTNode, ParseResult } from '@marcbachmann/cel-js';
import { celGoOffset, celIssue, checkErrorText, children } from '../crd/cel/cel-go-errors.js';
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

interface Issue {
  offset: number;
  message: string;
}

const undeclared = (name: string) => `undeclared reference to '${name}' (in container '')`;
const unimplemented = (name: string) =>
  `function '${name}' is a Kubernetes CEL library function that Wheelhouse does not implement`;

/** The reference issues of one node, as cel-go's checker reports them (and what Wheelhouse lacks). */
function nodeIssues(source: string, n: ASTNode, hasParams: boolean, known: ReadonlySet<string>): Issue[] {
  if (n.op === 'id') {
    if (n.args === 'authorizer')
      return [
        {
          offset: n.range.start,
          message: "variable 'authorizer' is not supported by Wheelhouse (it has no authorizer)",
        },
      ];
    if (n.args === 'params' && !hasParams) return [{ offset: n.range.start, message: undeclared('params') }];
    return [];
  }
  if (n.op !== 'call' && n.op !== 'rcall') return [];
  const name = n.args[0];
  if (UNIMPLEMENTED_KUBERNETES_FUNCTIONS.has(name))
    return [{ offset: celGoOffset(source, n), message: unimplemented(name) }];
  if (n.op === 'call' && !known.has(name)) return [{ offset: celGoOffset(source, n), message: undeclared(name) }];
  return [];
}

/** Unknown variables and functions (and ones Wheelhouse lacks), as cel-go reports them: by position, one per line. */
function referenceProblem(source: string, root: ASTNode, hasParams: boolean): string | undefined {
  const known = ruleEnvironment().names;
  const issues: Issue[] = [];
  const walk = (n: ASTNode): void => {
    issues.push(...nodeIssues(source, n, hasParams, known));
    children(n).forEach(walk);
  };
  walk(root);
  if (issues.length === 0) return undefined;
  issues.sort((x, y) => x.offset - y.offset);
  return issues.map((i) => celIssue(source, i.offset, i.message)).join('\n');
}

function errorOffset(err: unknown): number {
  return (err as { range?: { start?: number } }).range?.start ?? 0;
}

function summary(err: unknown): string {
  const e = err as { summary?: string; message?: string };
  return e.summary ?? (e.message ?? '').split('\n')[0] ?? '';
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
    return { source, error: `compilation failed: ${checkErrorText(source, program.ast, checked.error)}` };
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
