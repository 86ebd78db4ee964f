import { KubeletError } from '../errors.js';
import type { Expr } from './expression-parser.js';

/** A function callable from expressions; it gets the evaluated arguments and the scope. */
export type ExpressionFunction = (args: unknown[], scope: Scope) => unknown;

/** What an expression sees: the object (`.`), variables (`$name`) and functions. */
export interface Scope {
  readonly root: unknown;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly functions: Readonly<Record<string, ExpressionFunction>>;
}

/** The values a path yields once it went through `[]`: several, none missing. */
class Many {
  constructor(readonly values: unknown[]) {}
}

/** Evaluates to a plain value: the values of a `[]` path come back as an array. */
export function evaluate(expr: Expr, scope: Scope): unknown {
  const v = evalNode(expr, scope);
  return v instanceof Many ? v.values : v;
}

/** Evaluates a path for a selector: every value it yields, without missing ones (undefined or null). */
export function evaluateAll(expr: Expr, scope: Scope): unknown[] {
  const v = evalNode(expr, scope);
  if (v instanceof Many) return v.values;
  return v === undefined || v === null ? [] : [v];
}

/** A new scope with `vars` added. */
export function withVars(scope: Scope, vars: Record<string, unknown>): Scope {
  return { ...scope, vars: { ...scope.vars, ...vars } };
}

function evalNode(e: Expr, scope: Scope): unknown {
  switch (e.t) {
    case 'lit':
      return e.value;
    case 'root':
      return scope.root;
    case 'var':
      return scope.vars[e.name];
    case 'field':
      return step(evalNode(e.of, scope), (v) => fieldOf(v, e.name));
    case 'index': {
      const key = evaluate(e.index, scope);
      return step(evalNode(e.of, scope), (v) => fieldOf(v, key));
    }
    case 'each':
      return eachOf(evalNode(e.of, scope));
    case 'filter':
      return filterOf(evalNode(e.of, scope), e.field, e.value);
    case 'call':
      return callFunction(e.name, e.args, scope);
    case 'unary':
      return unary(e.op, evaluate(e.arg, scope));
    case 'binary':
      return binary(e, scope);
    case 'cond':
      return truthy(evaluate(e.test, scope)) ? evalNode(e.then, scope) : evalNode(e.else, scope);
  }
}

function step(v: unknown, f: (x: unknown) => unknown): unknown {
  if (!(v instanceof Many)) return f(v);
  return new Many(v.values.map(f).filter((x) => x !== undefined && x !== null));
}

function fieldOf(v: unknown, key: unknown): unknown {
  if (v === null || typeof v !== 'object') return undefined;
  if (Array.isArray(v)) return typeof key === 'number' ? v[key] : undefined;
  return Object.prototype.hasOwnProperty.call(v, String(key)) ? (v as Record<string, unknown>)[String(key)] : undefined;
}

function eachOf(v: unknown): Many {
  const items = v instanceof Many ? v.values : [v];
  return new Many(items.flatMap((x) => (Array.isArray(x) ? x : [])).filter((x) => x !== undefined && x !== null));
}

/** On one list: the first element whose field equals value; on several: all such elements. */
function filterOf(v: unknown, field: string, value: string): unknown {
  const matches = (x: unknown): boolean => looseEqual(fieldOf(x, field), value);
  if (v instanceof Many) return new Many(v.values.filter(matches));
  return Array.isArray(v) ? v.find(matches) : undefined;
}

function callFunction(name: string, args: Expr[], scope: Scope): unknown {
  const fn = scope.functions[name];
  if (!fn) throw new KubeletError('Expression', { expression: `${name}(...)`, problem: `unknown function ${name}` });
  return fn(
    args.map((a) => evaluate(a, scope)),
    scope,
  );
}

function unary(op: string, v: unknown): unknown {
  if (op === '!') return !truthy(v);
  const n = toNumber(v);
  return n === undefined ? undefined : -n;
}

function binary(e: Extract<Expr, { t: 'binary' }>, scope: Scope): unknown {
  const left = evaluate(e.left, scope);
  if (e.op === '&&') return truthy(left) ? evaluate(e.right, scope) : left;
  if (e.op === '||') return truthy(left) ? left : evaluate(e.right, scope);
  if (e.op === '??') return left ?? evaluate(e.right, scope);
  const right = evaluate(e.right, scope);
  if (e.op === '==') return looseEqual(left, right);
  if (e.op === '!=') return !looseEqual(left, right);
  if (e.op === '+' && (typeof left === 'string' || typeof right === 'string')) return `${left ?? ''}${right ?? ''}`;
  if (e.op === '+' && (Array.isArray(left) || Array.isArray(right))) return [...listOf(left), ...listOf(right)];
  return arithmetic(e.op, toNumber(left), toNumber(right));
}

/** A list operand of `+`: a list as is, nothing as empty, anything else as one item. */
function listOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  return v === undefined || v === null ? [] : [v];
}

function arithmetic(op: string, a: number | undefined, b: number | undefined): unknown {
  if (a === undefined || b === undefined)
    return op === '<' || op === '<=' || op === '>' || op === '>=' ? false : undefined;
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? undefined : a / b;
    default:
      return b === 0 ? undefined : a % b;
  }
}

/** JavaScript truthiness, except that an empty list is false. */
export function truthy(v: unknown): boolean {
  return Array.isArray(v) ? v.length > 0 : Boolean(v);
}

/** A number, or a string holding one; anything else is undefined. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Equal as values; null equals a missing value, a number the string that spells it ("3" == 3), as YAML selectors need. */
function looseEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  if (typeof a === 'number' || typeof b === 'number') return toNumber(a) !== undefined && toNumber(a) === toNumber(b);
  if (typeof a === 'boolean' || typeof b === 'boolean') return String(a) === String(b);
  return false;
}
