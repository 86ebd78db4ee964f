/**
 * Compiling x-kubernetes-validations rules: parse, refuse Kubernetes functions Wheelhouse does not
 * implement (naming them) and functions nobody declares (cel-go's `undeclared reference`), type
 * check, and note whether the rule is a transition rule (uses oldSelf). Error details follow
 * kube's `compilation failed: ERROR: <input>:L:C: <message>` with cel-go's source snippet and, for
 * type errors, cel-go's message (cel-go-errors.ts). `self` is dynamically typed here; the check
 * against the schema is type-check.ts's.
 */
import type { ASTNode, Environment, ParseResult } from '@marcbachmann/cel-js';
import type { ValidationRule } from '../../schema/apiextensions-v1.js';
import { celGoOffset, celIssue, checkErrorText, children } from './cel-go-errors.js';
import { ruleEnvironment, UNIMPLEMENTED_KUBERNETES_FUNCTIONS } from './environment.js';

/** cel-go's `ERROR: <input>:L:C: msg` with snippet (kept here for callers of its former home). */
export { celIssue } from './cel-go-errors.js';

/** A compiled rule: its program, or why it does not compile. */
export interface CompiledRule {
  rule: ValidationRule;
  program?: ParseResult | undefined;
  messageProgram?: ParseResult | undefined;
  /** kube's compile error detail for `rule` (`compilation failed: ...`). */
  error?: string | undefined;
  /** kube's compile error detail for `messageExpression`. */
  messageError?: string | undefined;
  usesOldSelf: boolean;
}

interface Issue {
  offset: number;
  message: string;
}

function usesIdentifier(root: ASTNode, name: string): boolean {
  if (root.op === 'id' && root.args === name) return true;
  return children(root).some((c) => usesIdentifier(c, name));
}

function errorOffset(err: unknown): number {
  return (err as { range?: { start?: number } }).range?.start ?? 0;
}

function errorSummary(err: unknown): string {
  const e = err as { summary?: string; message?: string };
  return e.summary ?? (e.message ?? '').split('\n')[0] ?? '';
}

const unimplemented = (name: string) =>
  `function '${name}' is a Kubernetes CEL library function that Wheelhouse does not implement`;
const undeclared = (name: string) => `undeclared reference to '${name}' (in container '')`;

/** The issues of one call as cel-go's checker finds them (a namespaced function, else the receiver, then the name). */
function callIssues(source: string, node: ASTNode, env: Environment, known: ReadonlySet<string>): Issue[] {
  const at = celGoOffset(source, node);
  if (node.op === 'call') {
    const name = node.args[0];
    if (UNIMPLEMENTED_KUBERNETES_FUNCTIONS.has(name)) return [{ offset: at, message: unimplemented(name) }];
    return known.has(name) ? [] : [{ offset: at, message: undeclared(name) }];
  }
  if (node.op !== 'rcall') return [];
  const [name, receiver] = node.args;
  const namespace = receiver.op === 'id' ? receiver.args : undefined;
  const qualified = namespace === undefined ? name : `${namespace}.${name}`;
  if (UNIMPLEMENTED_KUBERNETES_FUNCTIONS.has(qualified) || UNIMPLEMENTED_KUBERNETES_FUNCTIONS.has(name))
    return [{ offset: at, message: unimplemented(UNIMPLEMENTED_KUBERNETES_FUNCTIONS.has(name) ? name : qualified) }];
  if (known.has(name)) return [];
  const issues: Issue[] = [];
  if (namespace !== undefined && !env.hasVariable(namespace))
    issues.push({ offset: receiver.range.start, message: undeclared(namespace) });
  issues.push({ offset: at, message: undeclared(name) });
  return issues;
}

/** Every unknown or unimplemented function a rule calls, as cel-go reports them: by position, one per line. */
function functionProblem(
  source: string,
  program: ParseResult,
  env: Environment,
  known: ReadonlySet<string>,
): string | undefined {
  const issues: Issue[] = [];
  const walk = (node: ASTNode) => {
    issues.push(...callIssues(source, node, env, known));
    children(node).forEach(walk);
  };
  walk(program.ast);
  if (issues.length === 0) return undefined;
  issues.sort((a, b) => a.offset - b.offset);
  return issues.map((i) => celIssue(source, i.offset, i.message)).join('\n');
}

interface Compiled {
  program?: ParseResult;
  error?: string;
}

function compileExpression(
  env: Environment,
  known: ReadonlySet<string>,
  source: string,
  want: 'bool' | 'string',
): Compiled {
  let program: ParseResult;
  try {
    program = env.parse(source);
  } catch (err) {
    return { error: `compilation failed: ${celIssue(source, errorOffset(err), `Syntax error: ${errorSummary(err)}`)}` };
  }
  const problem = functionProblem(source, program, env, known);
  if (problem !== undefined) return { error: `compilation failed: ${problem}` };
  const checked = program.check();
  if (!checked.valid)
    return {
      error: `compilation failed: ${checkErrorText(source, program.ast, checked.error)}`,
    };
  if (checked.type !== want && checked.type !== 'dyn')
    return { error: want === 'bool' ? 'cel expression must evaluate to a bool' : 'must evaluate to a string' };
  return { program };
}

/** Compiled rules by text (rule and messageExpression): the same rule in another CRD object compiles once. */
const byText = new Map<string, CompiledRule>();
/**
 * Compiled rules by rule object: a served CRD version keeps its schema objects, so validating
 * its custom resources finds each rule's program here without building a key.
 */
const byRule = new WeakMap<ValidationRule, CompiledRule>();

function compileText(rule: ValidationRule): CompiledRule {
  const { env, names } = ruleEnvironment();
  const compiled = compileExpression(env, names, rule.rule ?? '', 'bool');
  const out: CompiledRule = { rule, program: compiled.program, error: compiled.error, usesOldSelf: false };
  if (compiled.program) out.usesOldSelf = usesIdentifier(compiled.program.ast, 'oldSelf');
  if (rule.messageExpression) {
    const msg = compileExpression(env, names, rule.messageExpression, 'string');
    out.messageProgram = msg.program;
    if (msg.error !== undefined) out.messageError = `messageExpression ${msg.error}`;
  }
  return out;
}

/** Compiles one rule (cached per rule object and by its text). Never throws: problems are in `error` / `messageError`. */
export function compileRule(rule: ValidationRule): CompiledRule {
  const own = byRule.get(rule);
  if (own) return own;
  const key = JSON.stringify([rule.rule, rule.messageExpression]);
  let hit = byText.get(key);
  if (!hit) {
    hit = compileText(rule);
    if (byText.size > 10_000) byText.clear();
    byText.set(key, hit);
  }
  const out = hit.rule === rule ? hit : { ...hit, rule };
  byRule.set(rule, out);
  return out;
}
