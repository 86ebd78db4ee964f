/**
 * The CEL string functions Kubernetes has that @marcbachmann/cel-js lacks: string() of a
 * timestamp or duration, charAt, replace,
 * strings.quote and format (the cel-go strings extension, version 2), and Kubernetes' regex
 * library (find, findAll).
 */
import type { Environment } from '@marcbachmann/cel-js';
import { celError } from './values.js';

type Handler = (...args: unknown[]) => unknown;

function charAt(s: string, i: bigint): string {
  const chars = [...s];
  if (i < 0n || i > BigInt(chars.length)) throw celError(`index out of range: ${i}`);
  return chars[Number(i)] ?? '';
}

function replace(s: string, from: string, to: string, limit = -1n): string {
  if (limit < 0n) return s.split(from).join(to);
  let out = s;
  let at = 0;
  for (let n = 0n; n < limit; n++) {
    const i = out.indexOf(from, at);
    if (i < 0) break;
    out = out.slice(0, i) + to + out.slice(i + from.length);
    at = i + to.length;
  }
  return out;
}

function formatValue(verb: string, precision: number | undefined, arg: unknown): string {
  switch (verb) {
    case 's':
      return typeof arg === 'string'
        ? arg
        : JSON.stringify(arg, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
    case 'd':
      if (typeof arg !== 'bigint')
        throw celError('error during formatting: decimal clause can only be used on integers');
      return arg.toString();
    case 'f':
      return Number(arg).toFixed(precision ?? 6);
    case 'e':
      return Number(arg)
        .toExponential(precision ?? 6)
        .replace(/e([+-])(\d)$/, 'e$10$2');
    case 'x':
    case 'X': {
      const hex = typeof arg === 'string' ? Buffer.from(arg).toString('hex') : BigInt(arg as bigint).toString(16);
      return verb === 'X' ? hex.toUpperCase() : hex;
    }
    case 'o':
      return BigInt(arg as bigint).toString(8);
    case 'b':
      return typeof arg === 'boolean' ? String(arg) : BigInt(arg as bigint).toString(2);
    default:
      throw celError(`could not parse formatting clause: unrecognized formatting clause "${verb}"`);
  }
}

function format(template: string, args: unknown[]): string {
  let i = 0;
  return template.replace(/%(?:\.(\d+))?([a-zA-Z%])/g, (_m, precision: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (i >= args.length) throw celError(`index ${i} out of range`);
    return formatValue(verb, precision === undefined ? undefined : Number(precision), args[i++]);
  });
}

const quote = (s: string) => JSON.stringify(s);

/** The namespace object `strings.quote` is called on. */
export class CelStringsNamespace {}

function compile(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'gu');
  } catch (err) {
    throw celError(`Invalid regular expression: ${(err as Error).message}`);
  }
}

/** cel-go's string(timestamp): RFC 3339 in UTC, fractional seconds without trailing zeros. */
function timestampString(t: Date): string {
  return t.toISOString().replace(/\.(\d*?)0*Z$/, (_m, frac: string) => (frac === '' ? 'Z' : `.${frac}Z`));
}

/** cel-go's string(duration): decimal seconds (never an exponent), no trailing zeros, then `s`. */
function durationString(d: { seconds: number | bigint; nanos: number }): string {
  const total = BigInt(d.seconds) * 1_000_000_000n + BigInt(d.nanos);
  const abs = total < 0n ? -total : total;
  const fraction = (abs % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${total < 0n ? '-' : ''}${abs / 1_000_000_000n}${fraction === '' ? '' : `.${fraction}`}s`;
}

/** Registers the string and regex functions on `env`. */
export function registerStringLibrary(env: Environment): void {
  const method = (name: string, returnType: string, handler: Handler, params: string[]) =>
    env.registerFunction({
      name,
      receiverType: 'string',
      returnType,
      handler,
      params: params.map((type, i) => ({ name: `a${i}`, type })),
    });
  env.registerFunction('string(google.protobuf.Timestamp): string', timestampString as Handler);
  env.registerFunction('string(google.protobuf.Duration): string', durationString as Handler);
  method('charAt', 'string', charAt as Handler, ['int']);
  method('replace', 'string', replace as Handler, ['string', 'string']);
  method('replace', 'string', replace as Handler, ['string', 'string', 'int']);
  method('format', 'string', format as Handler, ['list']);
  method('find', 'string', ((s: string, p: string) => s.match(compile(p))?.[0] ?? '') as Handler, ['string']);
  method(
    'findAll',
    'list<string>',
    ((s: string, p: string) => [...s.matchAll(compile(p))].map((m) => m[0])) as Handler,
    ['string'],
  );
  method(
    'findAll',
    'list<string>',
    ((s: string, p: string, n: bigint) => {
      const all = [...s.matchAll(compile(p))].map((m) => m[0]);
      return n < 0n ? all : all.slice(0, Number(n));
    }) as Handler,
    ['string', 'int'],
  );
  env.registerType('kubernetes.Strings', { ctor: CelStringsNamespace, fields: {} });
  env.registerConstant('strings', 'kubernetes.Strings', new CelStringsNamespace());
  env.registerFunction({
    name: 'quote',
    receiverType: 'kubernetes.Strings',
    returnType: 'string',
    handler: ((_ns: unknown, s: string) => quote(s)) as Handler,
    params: [{ name: 's', type: 'string' }],
  });
}
