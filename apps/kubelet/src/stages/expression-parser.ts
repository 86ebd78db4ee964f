import { syntaxError, tokenize, type Token } from './expression-lexer.js';

/** The syntax tree of an expression. */
export type Expr =
  | { t: 'lit'; value: unknown }
  | { t: 'root' }
  | { t: 'var'; name: string }
  | { t: 'field'; of: Expr; name: string }
  | { t: 'index'; of: Expr; index: Expr }
  | { t: 'each'; of: Expr }
  | { t: 'filter'; of: Expr; field: string; value: string }
  | { t: 'call'; name: string; args: Expr[] }
  | { t: 'unary'; op: string; arg: Expr }
  | { t: 'binary'; op: string; left: Expr; right: Expr }
  | { t: 'cond'; test: Expr; then: Expr; else: Expr };

const BINARY_PRECEDENCE: Readonly<Record<string, number>> = {
  '??': 1,
  '||': 2,
  '&&': 3,
  '==': 4,
  '!=': 4,
  '<': 5,
  '<=': 5,
  '>': 5,
  '>=': 5,
  '+': 6,
  '-': 6,
  '*': 7,
  '/': 7,
  '%': 7,
};

const KEYWORDS: Readonly<Record<string, unknown>> = { true: true, false: false, null: null };

/**
 * Parses an expression: JSON paths from the object (`.status.phase`,
 * `.metadata.annotations["a/b"]`, `.status.conditions[type=Ready].status`, `.spec.containers[].name`),
 * variables (`$now`, `$item.name`), literals, function calls, `! - * / % + - < <= > >= == != && || ??`
 * and `a ? b : c`. Throws an Expression error naming the position of a syntax error.
 */
export function parseExpression(source: string): Expr {
  const p = new Parser(source, tokenize(source));
  const expr = p.ternary();
  p.expectEnd();
  return expr;
}

class Parser {
  private i = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  ternary(): Expr {
    const test = this.binary(1);
    if (!this.takeOp('?')) return test;
    const then = this.ternary();
    this.expectOp(':');
    return { t: 'cond', test, then, else: this.ternary() };
  }

  expectEnd(): void {
    const tok = this.peek();
    if (tok.kind !== 'end') throw this.error(tok, `unexpected ${describe(tok)}`);
  }

  private binary(minPrecedence: number): Expr {
    let left = this.unary();
    for (;;) {
      const tok = this.peek();
      const prec = tok.kind === 'op' ? BINARY_PRECEDENCE[tok.value] : undefined;
      if (prec === undefined || prec < minPrecedence) return left;
      this.i++;
      left = { t: 'binary', op: tok.value, left, right: this.binary(prec + 1) };
    }
  }

  private unary(): Expr {
    const tok = this.peek();
    if (tok.kind === 'op' && (tok.value === '!' || tok.value === '-')) {
      this.i++;
      return { t: 'unary', op: tok.value, arg: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private primary(): Expr {
    const tok = this.next();
    if (tok.kind === 'num') return { t: 'lit', value: Number(tok.value) };
    if (tok.kind === 'str') return { t: 'lit', value: tok.value };
    if (tok.kind === 'var') return { t: 'var', name: tok.value };
    if (tok.kind === 'ident') return this.identifier(tok);
    if (tok.kind === 'op' && tok.value === '(') {
      const inner = this.ternary();
      this.expectOp(')');
      return inner;
    }
    if (tok.kind === 'op' && tok.value === '.') return this.rootPath();
    throw this.error(tok, `unexpected ${describe(tok)}`);
  }

  private identifier(tok: Token): Expr {
    if (this.takeOp('(')) return { t: 'call', name: tok.value, args: this.args() };
    if (tok.value in KEYWORDS) return { t: 'lit', value: KEYWORDS[tok.value] };
    throw this.error(tok, `unknown name "${tok.value}" (variables start with $, paths with .)`);
  }

  /** After a leading '.': the object itself, or a path into it. */
  private rootPath(): Expr {
    const tok = this.peek();
    if (tok.kind === 'ident') {
      this.i++;
      return { t: 'field', of: { t: 'root' }, name: tok.value };
    }
    return { t: 'root' };
  }

  private args(): Expr[] {
    const args: Expr[] = [];
    if (this.takeOp(')')) return args;
    do args.push(this.ternary());
    while (this.takeOp(','));
    this.expectOp(')');
    return args;
  }

  private postfix(expr: Expr): Expr {
    for (;;) {
      if (this.takeOp('.')) expr = { t: 'field', of: expr, name: this.expectIdent() };
      else if (this.takeOp('[')) expr = this.bracket(expr);
      else return expr;
    }
  }

  /** `[]` (every element), `[field=value]` (the elements whose field equals value) or `[expr]`. */
  private bracket(of: Expr): Expr {
    if (this.takeOp(']')) return { t: 'each', of };
    const a = this.peek();
    const b = this.tokens[this.i + 1];
    if (a.kind === 'ident' && b?.kind === 'op' && b.value === '=') {
      this.i += 2;
      const v = this.next();
      if (v.kind !== 'ident' && v.kind !== 'str' && v.kind !== 'num') throw this.error(v, 'expected a value after =');
      this.expectOp(']');
      return { t: 'filter', of, field: a.value, value: v.value };
    }
    const index = this.ternary();
    this.expectOp(']');
    return { t: 'index', of, index };
  }

  private expectIdent(): string {
    const tok = this.next();
    if (tok.kind !== 'ident') throw this.error(tok, `expected a field name, found ${describe(tok)}`);
    return tok.value;
  }

  private expectOp(op: string): void {
    const tok = this.next();
    if (tok.kind !== 'op' || tok.value !== op) throw this.error(tok, `expected "${op}", found ${describe(tok)}`);
  }

  private takeOp(op: string): boolean {
    const tok = this.peek();
    if (tok.kind !== 'op' || tok.value !== op) return false;
    this.i++;
    return true;
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    return this.tokens[this.i++]!;
  }

  private error(tok: Token, problem: string): Error {
    return syntaxError(this.source, tok.pos, problem);
  }
}

function describe(tok: Token): string {
  return tok.kind === 'end' ? 'end of expression' : `"${tok.value}"`;
}
