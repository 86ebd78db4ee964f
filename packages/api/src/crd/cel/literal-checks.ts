/**
 * cel-go's AST validators that kube 1.29+ enables, run over a type-checked @marcbachmann/cel-js
 * AST: homogeneous list and map literals (except inside `format(...)`), and duration, timestamp
 * and matches() literals that must convert or compile. Texts and positions are cel-go's.
 */
import type { ASTNode } from '@marcbachmann/cel-js';
import { checkedType, formatCelType, issueAt, type CheckedType } from './cel-go-errors.js';
import { libraryEnvironment } from './environment.js';

/**
 * cel-go's homogeneous aggregate literal validator (kube's cel.HomogeneousAggregateLiterals): a
 * list's elements, a map's keys and its values each of one type, except inside `format(...)`.
 */
function mixedLiteral(source: string, node: ASTNode): string | undefined {
  const mismatch = (all: (ASTNode | undefined)[]) => {
    // An empty literal (`[]`, `{}`) takes the type of its neighbours in cel-go.
    const elements = all.filter((e) => !hasTypeParam(checkedType(e)));
    const [first, ...rest] = elements;
    const want = formatCelType(checkedType(first));
    const bad = rest.find((e) => formatCelType(checkedType(e)) !== want);
    return bad && issueAt(source, bad, `expected type '${want}' but found '${formatCelType(checkedType(bad))}'`);
  };
  if (node.op === 'list') return mismatch(node.args);
  if (node.op !== 'map') return undefined;
  return mismatch(node.args.map((e) => e[0])) ?? mismatch(node.args.map((e) => e[1]));
}

function hasTypeParam(t: CheckedType | undefined): boolean {
  return t !== undefined && (t.kind === 'param' || hasTypeParam(t.valueType) || hasTypeParam(t.keyType));
}

/**
 * cel-go's literal validators (kube 1.29+): a duration or timestamp literal that does not
 * convert, or a matches() pattern that does not compile, is refused at its literal.
 */
function badLiteral(source: string, node: ASTNode): string | undefined {
  if (node.op === 'call' && (node.args[0] === 'duration' || node.args[0] === 'timestamp')) {
    const [arg] = node.args[1];
    if (arg?.op !== 'value') return undefined;
    try {
      libraryEnvironment().evaluate(`${node.args[0]}(${source.slice(arg.range.start, arg.range.end)})`, {});
      return undefined;
    } catch {
      return issueAt(source, arg, `invalid ${node.args[0]} argument`);
    }
  }
  if (node.op === 'rcall' && node.args[0] === 'matches') {
    const [arg] = node.args[2];
    if (arg?.op !== 'value' || typeof arg.args !== 'string') return undefined;
    try {
      new RegExp(arg.args, 'u');
      return undefined;
    } catch {
      return issueAt(source, arg, 'invalid matches argument');
    }
  }
  return undefined;
}

/** True for a `format(...)` call, whose literal arguments may mix types. */
export const isFormatCall = (node: ASTNode) => (node.op === 'rcall' || node.op === 'call') && node.args[0] === 'format';

/** The first literal problem of `node` (not of its children); `inFormat` exempts mixed literals. */
export function literalIssue(source: string, node: ASTNode, inFormat: boolean): string | undefined {
  return (inFormat ? undefined : mixedLiteral(source, node)) ?? badLiteral(source, node);
}
