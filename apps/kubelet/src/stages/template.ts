import { evaluate, truthy, withVars, type Scope } from './expression-eval.js';
import { parseExpression, type Expr } from './expression-parser.js';
import { atField, StageFieldError } from './field-error.js';

/** Renders a compiled template in a scope; undefined means "leave the field out". */
export type Renderer = (scope: Scope) => unknown;

const WHOLE = /^\s*\{\{([\s\S]*?)\}\}\s*$/;
const PLACEHOLDER = /\{\{([\s\S]*?)\}\}/g;

/**
 * Compiles a YAML template. Strings may hold `{{ expression }}`: a string that is only one
 * placeholder takes the expression's value (number, list, map...); otherwise each placeholder
 * is replaced by its text. Maps of the forms `{ $each: expr, $do: template }` (a list, the
 * template rendered for each item as `$item` with `$index`; undefined for no items) and `{ $if: expr, $then: t,
 * $else: t }` are evaluated; a list splices the lists `$each` gives. Fields that render to
 * undefined are left out. Throws a StageFieldError naming the field of a bad expression.
 */
export function compileTemplate(value: unknown, field: string, ctx: CompileContext): Renderer {
  if (typeof value === 'string') return compileString(value, field, ctx);
  if (Array.isArray(value)) return compileList(value, field, ctx);
  if (value !== null && typeof value === 'object') return compileMap(value as Record<string, unknown>, field, ctx);
  return () => value;
}

/** What compiling needs to know: the functions expressions may call. */
export interface CompileContext {
  readonly functions: ReadonlySet<string>;
}

/** Compiles one expression (without braces) at `field`; a call of a function not in `ctx` is refused. */
export function compileExpression(source: string, field: string, ctx: CompileContext): Expr {
  return atField(field, () => {
    const expr = parseExpression(source);
    const unknown = calledFunctions(expr).find((name) => !ctx.functions.has(name));
    if (unknown) throw new StageFieldError(field, `unknown function ${unknown} in "${source}"`);
    return expr;
  });
}

function calledFunctions(e: Expr): string[] {
  switch (e.t) {
    case 'call':
      return [e.name, ...e.args.flatMap(calledFunctions)];
    case 'field':
    case 'each':
    case 'filter':
      return calledFunctions(e.of);
    case 'index':
      return [...calledFunctions(e.of), ...calledFunctions(e.index)];
    case 'unary':
      return calledFunctions(e.arg);
    case 'binary':
      return [...calledFunctions(e.left), ...calledFunctions(e.right)];
    case 'cond':
      return [...calledFunctions(e.test), ...calledFunctions(e.then), ...calledFunctions(e.else)];
    default:
      return [];
  }
}

function compileString(s: string, field: string, ctx: CompileContext): Renderer {
  const whole = WHOLE.exec(s);
  if (whole && !whole[1]!.includes('{{')) {
    const expr = compileExpression(whole[1]!, field, ctx);
    return (scope) => evaluate(expr, scope);
  }
  const parts = s.split(PLACEHOLDER);
  if (parts.length === 1) return () => s;
  const exprs = parts.map((p, i) => (i % 2 === 1 ? compileExpression(p, field, ctx) : p));
  return (scope) => exprs.map((p) => (typeof p === 'string' ? p : textOf(evaluate(p, scope)))).join('');
}

function textOf(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function compileList(items: unknown[], field: string, ctx: CompileContext): Renderer {
  const parts = items.map((item, i) => ({
    spread: isEach(item),
    render: compileTemplate(item, `${field}[${i}]`, ctx),
  }));
  return (scope) =>
    parts.flatMap(({ spread, render }) => {
      const v = render(scope);
      if (v === undefined) return [];
      return spread && Array.isArray(v) ? v : [v];
    });
}

function isEach(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && '$each' in v;
}

function compileMap(map: Record<string, unknown>, field: string, ctx: CompileContext): Renderer {
  if ('$each' in map) return compileEach(map, field, ctx);
  if ('$if' in map) return compileIf(map, field, ctx);
  const entries = Object.entries(map).map(([k, v]) => [k, compileTemplate(v, `${field}.${k}`, ctx)] as const);
  return (scope) => {
    const out: Record<string, unknown> = {};
    for (const [k, render] of entries) {
      const v = render(scope);
      if (v !== undefined) out[k] = v;
    }
    return out;
  };
}

function compileEach(map: Record<string, unknown>, field: string, ctx: CompileContext): Renderer {
  checkKeys(map, ['$each', '$do'], field);
  const list = compileExpression(String(map['$each']), `${field}.$each`, ctx);
  const body = compileTemplate(map['$do'], `${field}.$do`, ctx);
  return (scope) => {
    const items = evaluate(list, scope);
    if (!Array.isArray(items) || items.length === 0) return undefined;
    return items.map((item, index) => body(withVars(scope, { item, index }))).filter((v) => v !== undefined);
  };
}

function compileIf(map: Record<string, unknown>, field: string, ctx: CompileContext): Renderer {
  checkKeys(map, ['$if', '$then', '$else'], field);
  const test = compileExpression(String(map['$if']), `${field}.$if`, ctx);
  const then = compileTemplate(map['$then'], `${field}.$then`, ctx);
  const otherwise = '$else' in map ? compileTemplate(map['$else'], `${field}.$else`, ctx) : () => undefined;
  return (scope) => (truthy(evaluate(test, scope)) ? then(scope) : otherwise(scope));
}

function checkKeys(map: Record<string, unknown>, allowed: string[], field: string): void {
  const extra = Object.keys(map).find((k) => !allowed.includes(k));
  if (extra) throw new StageFieldError(`${field}.${extra}`, `not allowed here (only ${allowed.join(', ')})`);
}
