/**
 * cel-go's type-check error texts for @marcbachmann/cel-js check failures: the position cel-go
 * reports for an expression (the `.` of a selection, the `(` of a call, the operator of a binary
 * expression), its spelling of types (`list(int)`, `map(string, int)`, `timestamp`) and of
 * operators (`_==_`, `@in`, `_[_]`), and `found no matching overload for ...`,
 * `undefined field ...`, `undeclared reference to ...`.
 */
import type { ASTNode } from '@marcbachmann/cel-js';
import { celIssue } from './compile.js';

/** The type cel-js records on a checked node (a TypeDeclaration). */
export interface CheckedType {
  kind: string;
  name: string;
  valueType?: CheckedType;
  keyType?: CheckedType;
}

const TYPE_NAMES: Record<string, string> = {
  'google.protobuf.Timestamp': 'timestamp',
  'google.protobuf.Duration': 'duration',
  null_type: 'null',
};

/** cel-go's FormatCELType of a checked type. */
export function formatCelType(t: CheckedType | undefined): string {
  if (t === undefined) return 'dyn';
  switch (t.kind) {
    case 'list':
      return `list(${formatCelType(t.valueType)})`;
    case 'map':
      return `map(${formatCelType(t.keyType)}, ${formatCelType(t.valueType)})`;
    case 'optional':
      return `optional_type(${formatCelType(t.valueType)})`;
    case 'param':
    case 'dyn':
      return 'dyn';
    default:
      return TYPE_NAMES[t.name] ?? t.name;
  }
}

/** The type cel-js checked `node` to (undefined when it did not get there). */
export function checkedType(node: unknown): CheckedType | undefined {
  return (node as { checkedType?: CheckedType } | undefined)?.checkedType;
}

const BINARY = new Set(['==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', 'in', '&&', '||']);

/** cel-go's function name of an operator node (`_==_`, `@in`, `!_`, `_[_]`, `_?_:_`). */
export function celGoOperator(op: string): string {
  if (op === 'in') return '@in';
  if (BINARY.has(op)) return `_${op}_`;
  if (op === '[]') return '_[_]';
  if (op === '[?]') return '_[?_]';
  if (op === '?:') return '_?_:_';
  return op;
}

function end(node: unknown): number {
  return (node as ASTNode).range?.end ?? 0;
}

/** The offset cel-go reports errors on `node` at (the location of its expression id). */
export function celGoOffset(source: string, node: ASTNode): number {
  const args = node.args as unknown;
  const at = (token: string, from: number) => {
    const i = source.indexOf(token, from);
    return i < 0 ? node.range.start : i;
  };
  switch (node.op) {
    case '.':
    case '.?':
      return at('.', end((args as ASTNode[])[0]));
    case '[]':
    case '[?]':
      return at('[', end((args as ASTNode[])[0]));
    case 'call':
      return at('(', node.range.start);
    case 'rcall':
      return at('(', end((args as unknown[])[1]));
    case '?:':
      return at('?', end((args as ASTNode[])[0]));
    default:
      return BINARY.has(node.op) ? at(node.op, end((args as ASTNode[])[0])) : node.range.start;
  }
}

/** `ERROR: <input>:L:C: message` (with snippet) at cel-go's position for `node`. */
export function issueAt(source: string, node: ASTNode, message: string): string {
  return celIssue(source, celGoOffset(source, node), message);
}

/** cel-go's `found no matching overload for 'fn' applied to '(A, B)'` (`'R.(A)'` for a method). */
export function noMatchingOverload(fn: string, args: (CheckedType | undefined)[], receiver?: CheckedType): string {
  const list = `(${args.map(formatCelType).join(', ')})`;
  const applied = receiver === undefined ? list : `${formatCelType(receiver)}.${list}`;
  return `found no matching overload for '${fn}' applied to '${applied}'`;
}

/** The operand nodes of an operator or call node, in cel-go's argument order (receiver first for methods). */
export function operands(node: ASTNode): ASTNode[] {
  const args = node.args as unknown;
  if (node.op === 'call') return (args as [string, ASTNode[]])[1];
  if (node.op === 'rcall') return (args as [string, ASTNode, ASTNode[]])[2];
  if (node.op === '!_' || node.op === '-_') return [args as ASTNode];
  return Array.isArray(args) ? (args as ASTNode[]) : [];
}
