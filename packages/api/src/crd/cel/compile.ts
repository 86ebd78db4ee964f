/**
 * Compiling x-kubernetes-validations rules: parse, refuse Kubernetes functions Wheelhouse does not
 * implement (naming them) and functions nobody declares (cel-go's `undeclared reference`), type
 * check, and note whether the rule is a transition rule (uses oldSelf). Error details follow
 * kube's `compilation failed: ERROR: <input>:L:C: <message>` with cel-go's source snippet; the
 * messages after the position are @marcbachmann/cel-js's, not cel-go's.
 */
import type { ASTNode, Environment, ParseResult } from '@marcbachmann/cel-js';
import type { ValidationRule } from '../../schema/apiextensions-v1.js';
import { ruleEnvironment, UNIMPLEMENTED_KUBERNETES_FUNCTIONS } from './environment.js';

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

interface CalledFunction {
  name: string;
  pos: number;
}

function isNode(x: unknown): x is ASTNode {
  return typeof x === 'object' && x !== null && 'op' in x;
}

function children(node: ASTNode): ASTNode[] {
  const out: ASTNode[] = [];
  const visit = (x: unknown) => {
    if (isNode(x)) out.push(x);
    else if (Array.isArray(x)) x.forEach(visit);
  };
  visit((node as { args?: unknown }).args);
  return out;
}

function nodePos(node: ASTNode): number {
  return (node as { pos?: number }).pos ?? 0;
}

/** Every function a rule calls (`ns.name` for calls on a namespace identifier such as `sets`). */
function calledFunctions(root: ASTNode): CalledFunction[] {
  const out: CalledFunction[] = [];
  const walk = (node: ASTNode) => {
    const args = (node as { args?: unknown }).args;
    if (node.op === 'call' && Array.isArray(args) && typeof args[0] === 'string')
      out.push({ name: args[0], pos: nodePos(node) });
    if (node.op === 'rcall' && Array.isArray(args) && typeof args[0] === 'string') {
      const receiver = args[1];
      const ns =
        isNode(receiver) && receiver.op === 'id' && typeof (receiver as { args?: unknown }).args === 'string'
          ? `${(receiver as { args: string }).args}.`
          : '';
      out.push({ name: `${ns}${args[0]}`, pos: nodePos(node) });
      out.push({ name: args[0], pos: nodePos(node) });
    }
    children(node).forEach(walk);
  };
  walk(root);
  return out;
}

function usesIdentifier(root: ASTNode, name: string): boolean {
  if (root.op === 'id' && (root as { args?: unknown }).args === name) return true;
  return children(root).some((c) => usesIdentifier(c, name));
}

/** cel-go's `ERROR: <input>:L:C: msg` with the source line and a caret under the column. */
export function celIssue(source: string, offset: number, message: string): string {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  const col = offset - (before.lastIndexOf('\n') + 1);
  const text = source.split('\n')[line - 1] ?? '';
  return `ERROR: <input>:${line}:${col + 1}: ${message}\n | ${text}\n | ${'.'.repeat(col)}^`;
}

function errorOffset(err: unknown): number {
  return (err as { range?: { start?: number } }).range?.start ?? 0;
}

function errorSummary(err: unknown): string {
  const e = err as { summary?: string; message?: string };
  return e.summary ?? (e.message ?? '').split('\n')[0] ?? '';
}

function functionProblem(source: string, program: ParseResult, known: ReadonlySet<string>): string | undefined {
  const calls = calledFunctions(program.ast);
  const missing = calls.find((c) => UNIMPLEMENTED_KUBERNETES_FUNCTIONS.has(c.name));
  if (missing)
    return celIssue(
      source,
      missing.pos,
      `function '${missing.name}' is a Kubernetes CEL library function that Wheelhouse does not implement`,
    );
  const unknown = calls.find((c) => !c.name.includes('.') && !known.has(c.name));
  if (unknown) return celIssue(source, unknown.pos, `undeclared reference to '${unknown.name}' (in container '')`);
  return undefined;
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
  const problem = functionProblem(source, program, known);
  if (problem !== undefined) return { error: `compilation failed: ${problem}` };
  const checked = program.check();
  if (!checked.valid)
    return {
      error: `compilation failed: ${celIssue(source, errorOffset(checked.error), errorSummary(checked.error))}`,
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
