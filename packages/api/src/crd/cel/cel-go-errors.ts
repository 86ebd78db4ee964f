/**
 * cel-go's type-check error texts for @marcbachmann/cel-js check failures: the position cel-go
 * reports for an expression (the `.` of a selection, the `(` of a call, the operator of a binary
 * expression), its spelling of types (`list(int)`, `map(string, int)`, `timestamp`) and of
 * operators (`_==_`, `@in`, `_[_]`), and `found no matching overload for ...`,
 * `undefined field ...`, `undeclared reference to ...`.
 */
import type { ASTNode } from '@marcbachmann/cel-js';

/** cel-go's `ERROR: <input>:L:C: msg` with the source line and a caret under the column. */
export function celIssue(source: string, offset: number, message: string): string {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  const col = offset - (before.lastIndexOf('\n') + 1);
  const text = source.split('\n')[line - 1] ?? '';
  return `ERROR: <input>:${line}:${col + 1}: ${message}\n | ${text}\n | ${'.'.repeat(col)}^`;
}

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

/** The child nodes of `node`. */
export function children(node: ASTNode): ASTNode[] {
  const out: ASTNode[] = [];
  const visit = (x: unknown) => {
    if (typeof x === 'object' && x !== null && 'op' in x) out.push(x as ASTNode);
    else if (Array.isArray(x)) x.forEach(visit);
  };
  visit(node.args);
  return out;
}

function parentOf(root: ASTNode, node: ASTNode): ASTNode | undefined {
  for (const child of children(root)) {
    if (child === node) return root;
    const found = parentOf(child, node);
    if (found) return found;
  }
  return undefined;
}

/** A cel-js check error (from checking the expression `root` parsed from `source`) as cel-go words it. */
export function checkErrorText(source: string, root: ASTNode, err: unknown): string {
  const e = err as { code?: string; node?: ASTNode; summary?: string; range?: { start?: number } };
  const node = e.node;
  if (node === undefined || !('op' in node)) return celIssue(source, e.range?.start ?? 0, e.summary ?? String(err));
  const args = node.args as unknown[];
  const [first] = operands(node);
  switch (e.code) {
    case 'no_such_key':
      return issueAt(source, node, `undefined field '${String(args[1])}'`);
    case 'unknown_variable':
      return issueAt(source, node, `undeclared reference to '${String(node.args)}' (in container '')`);
    case 'no_such_overload':
      return issueAt(source, node, noMatchingOverload(celGoOperator(node.op), operands(node).map(checkedType)));
    case 'no_matching_overload':
      return node.op === 'rcall'
        ? issueAt(
            source,
            node,
            noMatchingOverload(String(args[0]), operands(node).map(checkedType), checkedType(args[1])),
          )
        : issueAt(source, node, noMatchingOverload(String(args[0]), operands(node).map(checkedType)));
    case 'cannot_index_type':
    case 'invalid_index_type':
      return node.op === '.' || node.op === '.?'
        ? issueAt(source, node, `type '${formatCelType(checkedType(first))}' does not support field selection`)
        : issueAt(source, node, noMatchingOverload('_[_]', operands(node).map(checkedType)));
    case 'invalid_logical_operand': {
      const bad = operands(node).find((n) => !['bool', 'dyn'].includes(formatCelType(checkedType(n)))) ?? node;
      return issueAt(source, bad, `expected type 'bool' but found '${formatCelType(checkedType(bad))}'`);
    }
    case 'invalid_condition_type':
    case 'incompatible_ternary_branches': {
      const ternary = node.op === '?:' ? node : (parentOf(root, node) ?? node);
      return issueAt(source, ternary, noMatchingOverload('_?_:_', operands(ternary).map(checkedType)));
    }
    default:
      return celIssue(source, e.range?.start ?? node.range.start, e.summary ?? String(err));
  }
}
