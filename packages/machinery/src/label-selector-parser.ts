/**
 * The label selector string syntax, parsed as labels.Parse does (a port of its lexer and
 * recursive-descent parser, so the same inputs are accepted and the same error texts come
 * back):
 *
 *   selector    ::= requirement | requirement "," selector
 *   requirement ::= ["!"] KEY [ ("in"|"notin") "(" VALUES ")" | ("="|"=="|"!="|">"|"<") VALUE ]
 *
 * Whitespace (space, tab, CR, LF) separates tokens. `in`/`notin` are keywords only where an
 * operator is expected, so `x in (in)` is valid.
 */
import { isMachineryError, machineryError, type MachineryError } from './errors.js';
import { formatFieldErrors, formatFieldError } from './field-errors.js';
import {
  labelKeyErrors,
  labelSelectorOf,
  requirementErrors,
  type LabelOperator,
  type LabelRequirement,
  type ParsedLabelSelector,
} from './label-selector.js';

type Token =
  'ERROR' | 'EOS' | 'CLOSE' | 'COMMA' | 'NOT' | 'DEQ' | 'EQ' | 'GT' | 'ID' | 'IN' | 'LT' | 'NEQ' | 'NOTIN' | 'OPEN';

interface Item {
  readonly tok: Token;
  readonly lit: string;
}

const KEYWORDS: ReadonlyMap<string, Token> = new Map<string, Token>([
  [')', 'CLOSE'],
  [',', 'COMMA'],
  ['!', 'NOT'],
  ['==', 'DEQ'],
  ['=', 'EQ'],
  ['>', 'GT'],
  ['in', 'IN'],
  ['<', 'LT'],
  ['!=', 'NEQ'],
  ['notin', 'NOTIN'],
  ['(', 'OPEN'],
]);

const BINARY_OPERATORS: ReadonlyMap<Token, LabelOperator> = new Map<Token, LabelOperator>([
  ['IN', 'in'],
  ['EQ', '='],
  ['DEQ', '=='],
  ['GT', 'gt'],
  ['LT', 'lt'],
  ['NOTIN', 'notin'],
  ['NEQ', '!='],
]);

const NUL = '\0';

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function isSpecialSymbol(ch: string): boolean {
  return '=!(),><'.includes(ch) && ch !== '';
}

/** Splits the input into tokens; a NUL character ends a token like the end of input does, as in Go. */
class Lexer {
  private pos = 0;

  constructor(private readonly s: string) {}

  private read(): string {
    if (this.pos < this.s.length) return this.s[this.pos++] ?? NUL;
    return NUL;
  }

  private unread(): void {
    this.pos--;
  }

  lex(): Item {
    let ch = this.read();
    while (isWhitespace(ch)) ch = this.read();
    if (ch === NUL) return { tok: 'EOS', lit: '' };
    this.unread();
    return isSpecialSymbol(ch) ? this.scanSpecialSymbol() : this.scanIdOrKeyword();
  }

  private scanIdOrKeyword(): Item {
    let buffer = '';
    for (let ch = this.read(); ch !== NUL; ch = this.read()) {
      if (isSpecialSymbol(ch) || isWhitespace(ch)) {
        this.unread();
        break;
      }
      buffer += ch;
    }
    return { tok: KEYWORDS.get(buffer) ?? 'ID', lit: buffer };
  }

  private scanSpecialSymbol(): Item {
    let buffer = '';
    let last: Item | undefined;
    for (let ch = this.read(); ch !== NUL; ch = this.read()) {
      if (!isSpecialSymbol(ch)) {
        this.unread();
        break;
      }
      buffer += ch;
      const tok = KEYWORDS.get(buffer);
      if (tok !== undefined) last = { tok, lit: buffer };
      else if (last !== undefined) {
        this.unread();
        break;
      }
    }
    return last ?? { tok: 'ERROR', lit: `error expected: keyword found '${buffer}'` };
  }
}

/** In a value position the keywords `in` and `notin` are plain identifiers. */
type Context = 'KEY_AND_OPERATOR' | 'VALUES';

class Parser {
  private readonly items: Item[] = [];
  private position = 0;

  constructor(input: string) {
    const lexer = new Lexer(input);
    for (let item = lexer.lex(); ; item = lexer.lex()) {
      this.items.push(item);
      if (item.tok === 'EOS') break;
    }
  }

  private lookahead(ctx: Context): Item {
    return contextual(this.items[this.position], ctx);
  }

  private consume(ctx: Context): Item {
    return contextual(this.items[this.position++], ctx);
  }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead('VALUES');
      if (tok === 'EOS') return reqs;
      if (tok !== 'ID' && tok !== 'NOT') throw syntax(lit, "!, identifier, or 'end of string'");
      reqs.push(this.parseWrappedRequirement());
      if (this.endOfRequirement()) return reqs;
    }
  }

  /** After a requirement: true at the end of input, false after a comma followed by a requirement. */
  private endOfRequirement(): boolean {
    const { tok, lit } = this.consume('VALUES');
    if (tok === 'EOS') return true;
    if (tok !== 'COMMA') throw syntax(lit, "',' or 'end of string'");
    const next = this.lookahead('VALUES');
    if (next.tok !== 'ID' && next.tok !== 'NOT') throw syntax(next.lit, "identifier after ','");
    return false;
  }

  private parseWrappedRequirement(): LabelRequirement {
    try {
      return this.parseRequirement();
    } catch (err) {
      if (!isMachineryError(err)) throw err;
      throw wrapRequirementError(err);
    }
  }

  private parseRequirement(): LabelRequirement {
    const [key, unary] = this.parseKeyAndInferOperator();
    if (unary !== undefined) return checkedRequirement(key, unary, []);
    const operator = this.parseOperator();
    const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    return checkedRequirement(key, operator, [...values].sort());
  }

  private parseKeyAndInferOperator(): [string, LabelOperator | undefined] {
    let item = this.consume('VALUES');
    const negated = item.tok === 'NOT';
    if (negated) item = this.consume('VALUES');
    if (item.tok !== 'ID') throw syntax(item.lit, 'identifier');
    const keyErrs = labelKeyErrors(item.lit, '<nil>');
    if (keyErrs[0] !== undefined) throw machineryError('LabelSelectorInvalid', formatFieldError(keyErrs[0]));
    if (negated) return [item.lit, '!'];
    const next = this.lookahead('VALUES').tok;
    return [item.lit, next === 'EOS' || next === 'COMMA' ? 'exists' : undefined];
  }

  private parseOperator(): LabelOperator {
    const { tok, lit } = this.consume('KEY_AND_OPERATOR');
    const op = BINARY_OPERATORS.get(tok);
    if (op === undefined) throw syntax(lit, 'in, notin, =, ==, !=, gt, lt');
    return op;
  }

  private parseValues(): Set<string> {
    const open = this.consume('VALUES');
    if (open.tok !== 'OPEN') throw machineryError('LabelSelectorOpenParen', open.lit);
    const first = this.lookahead('VALUES');
    if (first.tok === 'CLOSE') {
      this.consume('VALUES');
      return new Set(['']);
    }
    if (first.tok !== 'ID' && first.tok !== 'COMMA') throw syntax(first.lit, "',', ')' or identifier");
    const values = this.parseIdentifiersList();
    if (this.consume('VALUES').tok !== 'CLOSE') throw syntax(first.lit, "')'");
    return values;
  }

  /** A comma-separated list of possibly empty identifiers, up to (not including) ')'. */
  private parseIdentifiersList(): Set<string> {
    const values = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume('VALUES');
      if (tok === 'ID') {
        values.add(lit);
        const next = this.lookahead('VALUES');
        if (next.tok === 'CLOSE') return values;
        if (next.tok !== 'COMMA') throw syntax(next.lit, "',' or ')'");
      } else if (tok === 'COMMA') {
        if (this.afterComma(values)) return values;
      } else {
        throw syntax(lit, "',', or identifier");
      }
    }
  }

  /** Handles the empty values around a comma (`(,`, `,,`, `,)`); true when the list ends. */
  private afterComma(values: Set<string>): boolean {
    if (values.size === 0) values.add('');
    const next = this.lookahead('VALUES').tok;
    if (next === 'CLOSE') {
      values.add('');
      return true;
    }
    if (next === 'COMMA') {
      this.consume('VALUES');
      values.add('');
    }
    return false;
  }

  private parseExactValue(): string[] {
    const next = this.lookahead('VALUES').tok;
    if (next === 'EOS' || next === 'COMMA') return [''];
    const { tok, lit } = this.consume('VALUES');
    if (tok === 'ID') return [lit];
    throw syntax(lit, 'identifier');
  }
}

function contextual(item: Item | undefined, ctx: Context): Item {
  const it = item ?? { tok: 'EOS', lit: '' };
  if (ctx === 'VALUES' && (it.tok === 'IN' || it.tok === 'NOTIN')) return { tok: 'ID', lit: it.lit };
  return it;
}

function syntax(found: string, expected: string): MachineryError {
  return machineryError('LabelSelectorSyntax', found, expected);
}

function wrapRequirementError(err: MachineryError): MachineryError {
  const wrapped = machineryError('LabelSelectorRequirement', err.message);
  return Object.assign(wrapped, { cause: err });
}

function checkedRequirement(key: string, operator: LabelOperator, values: string[]): LabelRequirement {
  const errs = requirementErrors(key, operator, values);
  if (errs.length > 0) throw machineryError('LabelSelectorInvalid', formatFieldErrors(errs));
  return Object.freeze({ key, operator, values: Object.freeze(values) });
}

/**
 * Parses a label selector string (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`,
 * `!a`, `a>1`, `a<1`, comma = AND) into a selector sorted by key; '' gives the empty
 * selector. Throws MachineryError with Kubernetes' text: `LabelSelectorSyntax`
 * (`found ',', expected: ...`), `LabelSelectorOpenParen`, or `LabelSelectorRequirement`
 * (`unable to parse requirement: ...`).
 */
export function parseLabelSelector(selector: string): ParsedLabelSelector {
  return labelSelectorOf(new Parser(selector).parse());
}
