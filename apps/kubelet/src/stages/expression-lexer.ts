import { KubeletError } from '../errors.js';

/** One token of an expression. `op` covers punctuation and operators. */
export interface Token {
  kind: 'num' | 'str' | 'ident' | 'var' | 'op' | 'end';
  value: string;
  pos: number;
}

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '??', '<', '>', '!', '+', '-', '*', '/', '%', '?', ':'];
const PUNCTUATION = new Set(['.', '[', ']', '(', ')', ',', '=']);
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /[0-9]+(\.[0-9]+)?/y;

/** Splits `source` into tokens; throws an Expression error naming the position of anything it cannot read. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < source.length) {
    const ch = source[pos]!;
    if (/\s/.test(ch)) {
      pos++;
      continue;
    }
    const token = readToken(source, pos);
    tokens.push(token);
    pos = token.pos + tokenLength(source, token);
  }
  tokens.push({ kind: 'end', value: '', pos });
  return tokens;
}

function readToken(source: string, pos: number): Token {
  const ch = source[pos]!;
  if (ch === '"' || ch === "'") return { kind: 'str', value: readString(source, pos), pos };
  if (ch === '$') {
    const name = matchAt(IDENT, source, pos + 1);
    if (!name) throw syntaxError(source, pos, 'expected a variable name after $');
    return { kind: 'var', value: name, pos };
  }
  const num = matchAt(NUMBER, source, pos);
  if (num) return { kind: 'num', value: num, pos };
  const ident = matchAt(IDENT, source, pos);
  if (ident) return { kind: 'ident', value: ident, pos };
  const op = OPERATORS.find((o) => source.startsWith(o, pos));
  if (op) return { kind: 'op', value: op, pos };
  if (PUNCTUATION.has(ch)) return { kind: 'op', value: ch, pos };
  throw syntaxError(source, pos, `unexpected character ${JSON.stringify(ch)}`);
}

/** The number of source characters a token spans (strings include quotes and escapes). */
function tokenLength(source: string, token: Token): number {
  if (token.kind === 'var') return token.value.length + 1;
  if (token.kind !== 'str') return token.value.length;
  return stringEnd(source, token.pos) + 1 - token.pos;
}

function readString(source: string, start: number): string {
  const end = stringEnd(source, start);
  return source.slice(start + 1, end).replace(/\\(.)/g, '$1');
}

function stringEnd(source: string, start: number): number {
  const quote = source[start];
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === quote) return i;
  }
  throw syntaxError(source, start, 'unterminated string');
}

function matchAt(re: RegExp, source: string, pos: number): string | undefined {
  re.lastIndex = pos;
  return re.exec(source)?.[0];
}

/** An Expression error for `source` pointing at `pos`. */
export function syntaxError(source: string, pos: number, problem: string): KubeletError {
  return new KubeletError('Expression', { expression: source, problem: `${problem} at position ${pos + 1}` });
}
