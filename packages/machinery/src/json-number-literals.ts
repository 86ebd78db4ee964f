/**
 * The number literals of a JSON text that `JSON.parse` cannot hand on faithfully to a
 * decoder that wants integers. Go's decoder reads an integer field from the literal text
 * (`strconv.ParseInt`), so it refuses `1.0`, `1e2` and `1e-400`, which JSON.parse turns
 * into the integers 1, 100 and 0; and it reads big integers exactly, which JSON.parse
 * rounds. A decoder that is given this map can refuse what Go refuses, quoting the text.
 */
import { formatJsonPointer } from './json-pointer.js';

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const STRING = /"[^"\\]*(?:\\.[^"\\]*)*"/y;
const WORD = /true|false|null/y;
const WHITESPACE = /[ \t\n\r]*/y;
/**
 * Text has something to report only where a number with a fraction, an exponent or 16
 * digits starts a value: at the start, after a key's `":`, or after `[` or `,`. Image
 * tags and versions inside strings (`"nginx:1.25"`) do not start a scan of the text.
 */
const CANDIDATE = /(?:^|"[ \t\n\r]*:|[,[])[ \t\n\r]*-?[0-9]*(?:[0-9][.eE]|[0-9]{16})/;
/** Integers with fewer digits than this are always safe integers. */
const SAFE_DIGITS = 15;

/** Whether JSON.parse may change the meaning of this literal for an integer field. */
function needsText(literal: string): boolean {
  if (/[.eE]/.test(literal)) return true;
  const digits = literal.startsWith('-') ? literal.length - 1 : literal.length;
  return digits > SAFE_DIGITS && !Number.isSafeInteger(Number(literal));
}

/** Where the scanner is: the path of the current value and what each enclosing container expects. */
interface Cursor {
  readonly path: string[];
  /** Per enclosing container: its kind, and for objects whether a key comes next. */
  readonly frames: { array: boolean; expectKey: boolean }[];
}

function match(re: RegExp, text: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(text)?.[0];
}

/** Handles one token at `at`; returns the index after it, or -1 when the text is not JSON. */
function step(text: string, at: number, cur: Cursor, out: Map<string, string>): number {
  const top = cur.frames[cur.frames.length - 1];
  const ch = text[at];
  if (ch === '{' || ch === '[') {
    cur.frames.push({ array: ch === '[', expectKey: ch === '{' });
    cur.path.push(ch === '[' ? '0' : '');
    return at + 1;
  }
  if (ch === '}' || ch === ']') {
    cur.frames.pop();
    cur.path.pop();
    return at + 1;
  }
  if (ch === ',') {
    if (top?.array) cur.path[cur.path.length - 1] = String(Number(cur.path[cur.path.length - 1]) + 1);
    else if (top) top.expectKey = true;
    return at + 1;
  }
  if (ch === ':') return at + 1;
  if (ch === '"') return stringToken(text, at, cur, top);
  const literal = match(NUMBER, text, at) ?? match(WORD, text, at);
  if (literal === undefined || literal === '') return -1;
  if (/^[-0-9]/.test(literal) && needsText(literal)) out.set(formatJsonPointer(cur.path), literal);
  return at + literal.length;
}

function stringToken(text: string, at: number, cur: Cursor, top: Cursor['frames'][number] | undefined): number {
  const token = match(STRING, text, at);
  if (token === undefined) return -1;
  if (top !== undefined && !top.array && top.expectKey) {
    cur.path[cur.path.length - 1] = JSON.parse(token) as string;
    top.expectKey = false;
  }
  return at + token.length;
}

/**
 * Maps the JSON Pointer of each number literal in `text` that is not a plain safe integer
 * (it has a fraction or an exponent, or more digits than a double holds exactly) to the
 * literal as written. With duplicate keys the last one wins, as in JSON.parse. Meant for
 * text JSON.parse has accepted; on anything else it stops early and returns what it found.
 */
export function jsonNumberLiterals(text: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!CANDIDATE.test(text)) return out;
  const cur: Cursor = { path: [], frames: [] };
  let at = 0;
  while (at < text.length) {
    at += match(WHITESPACE, text, at)?.length ?? 0;
    if (at >= text.length) break;
    at = step(text, at, cur, out);
    if (at < 0) break;
  }
  return out;
}
