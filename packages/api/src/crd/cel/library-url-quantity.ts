/**
 * Kubernetes' CEL URL library (url, isURL, getScheme, getHost, getHostname, getPort,
 * getEscapedPath, getQuery) and quantity library (quantity, isQuantity, sign, compareTo,
 * isGreaterThan, isLessThan, add, sub, asInteger, isInteger, asApproximateFloat).
 */
import type { Environment } from '@marcbachmann/cel-js';
import { isMachineryError, parseQuantity, type Quantity } from '@wheelhouse/machinery';
import { celError } from './values.js';

type Handler = (...args: unknown[]) => unknown;

/** A parsed URL as CEL sees it (Kubernetes' `kubernetes.URL`). */
export class CelURL {
  constructor(readonly url: URL) {}
}

function parseURL(s: string): URL {
  try {
    const u = new URL(s);
    return u;
  } catch {
    throw celError(
      `URL parse error during conversion from string: parse ${JSON.stringify(s)}: invalid URI for request`,
    );
  }
}

function isURL(s: string): boolean {
  try {
    return new URL(s).protocol.length > 1 || s.startsWith('/');
  } catch {
    return s.startsWith('/');
  }
}

/** A resource quantity as CEL sees it (Kubernetes' `kubernetes.Quantity`). */
export class CelQuantity {
  constructor(readonly q: Quantity) {}
}

function toQuantity(s: string): CelQuantity {
  try {
    return new CelQuantity(parseQuantity(s));
  } catch (err) {
    if (isMachineryError(err)) throw celError(err.message);
    throw err;
  }
}

function isQuantity(s: string): boolean {
  try {
    parseQuantity(s);
    return true;
  } catch {
    return false;
  }
}

const qOf = (x: CelQuantity | bigint): Quantity => (x instanceof CelQuantity ? x.q : parseQuantity(String(x)));

function asInteger(x: CelQuantity): bigint {
  const value = x.q.value();
  if (!Number.isSafeInteger(value) || x.q.cmp(parseQuantity(String(value))) !== 0)
    throw celError('cannot convert value to integer');
  return BigInt(value);
}

/** Registers the URL and quantity functions on `env`. */
export function registerURLAndQuantityLibrary(env: Environment): void {
  env.registerType('kubernetes.URL', { ctor: CelURL, fields: {} });
  env.registerType('kubernetes.Quantity', { ctor: CelQuantity, fields: {} });
  env.registerFunction('url(string): kubernetes.URL', ((s: string) => new CelURL(parseURL(s))) as Handler);
  env.registerFunction('isURL(string): bool', isURL as Handler);
  const urlMethod = (name: string, returnType: string, fn: (u: URL) => unknown) =>
    env.registerFunction({
      name,
      receiverType: 'kubernetes.URL',
      returnType,
      handler: ((u: CelURL) => fn(u.url)) as Handler,
      params: [],
    });
  urlMethod('getScheme', 'string', (u) => u.protocol.replace(/:$/, ''));
  urlMethod('getHost', 'string', (u) => u.host);
  urlMethod('getHostname', 'string', (u) => u.hostname.replace(/^\[(.*)\]$/, '$1'));
  urlMethod('getPort', 'string', (u) => u.port);
  urlMethod('getEscapedPath', 'string', (u) => u.pathname);
  urlMethod('getQuery', 'map<string, list<string>>', (u) => {
    const out: Record<string, string[]> = {};
    for (const [k, v] of u.searchParams) (out[k] ??= []).push(v);
    return out;
  });
  env.registerFunction('quantity(string): kubernetes.Quantity', toQuantity as Handler);
  env.registerFunction('isQuantity(string): bool', isQuantity as Handler);
  const qMethod = (name: string, returnType: string, fn: Handler, params: string[] = []) =>
    env.registerFunction({
      name,
      receiverType: 'kubernetes.Quantity',
      returnType,
      handler: fn,
      params: params.map((type, i) => ({ name: `a${i}`, type })),
    });
  qMethod('sign', 'int', ((x: CelQuantity) => BigInt(x.q.sign())) as Handler);
  qMethod('isInteger', 'bool', ((x: CelQuantity) => Number.isInteger(x.q.value())) as Handler);
  qMethod('asInteger', 'int', asInteger as Handler);
  qMethod('asApproximateFloat', 'double', ((x: CelQuantity) => x.q.value()) as Handler);
  for (const t of ['kubernetes.Quantity', 'int']) {
    qMethod(
      'add',
      'kubernetes.Quantity',
      ((a: CelQuantity, b: CelQuantity | bigint) => new CelQuantity(a.q.add(qOf(b)))) as Handler,
      [t],
    );
    qMethod(
      'sub',
      'kubernetes.Quantity',
      ((a: CelQuantity, b: CelQuantity | bigint) => new CelQuantity(a.q.sub(qOf(b)))) as Handler,
      [t],
    );
  }
  qMethod('compareTo', 'int', ((a: CelQuantity, b: CelQuantity) => BigInt(a.q.cmp(b.q))) as Handler, [
    'kubernetes.Quantity',
  ]);
  qMethod('isGreaterThan', 'bool', ((a: CelQuantity, b: CelQuantity) => a.q.cmp(b.q) > 0) as Handler, [
    'kubernetes.Quantity',
  ]);
  qMethod('isLessThan', 'bool', ((a: CelQuantity, b: CelQuantity) => a.q.cmp(b.q) < 0) as Handler, [
    'kubernetes.Quantity',
  ]);
}
