/**
 * The JSONPath subset CRDs use in additionalPrinterColumns, selectableFields and scale
 * paths: `.a.b`, `['a']`, `[0]`, `[*]` and filters `[?(@.type=="Ready")]`. Returns every
 * value the path reaches, in order.
 */

type Step = { field: string } | { index: number } | { all: true } | { filter: { path: string[]; value: string } };

function parseFilter(body: string): Step {
  const m = /^\?\(@((?:\.[^=!<>\s]+)*)\s*==\s*(?:"([^"]*)"|'([^']*)'|([^)\s]+))\)$/.exec(body);
  if (!m) throw new Error(`unsupported JSONPath filter: [${body}]`);
  return { filter: { path: (m[1] ?? '').split('.').filter(Boolean), value: m[2] ?? m[3] ?? m[4] ?? '' } };
}

function parseBracket(body: string): Step {
  if (body === '*') return { all: true };
  if (/^-?\d+$/.test(body)) return { index: Number(body) };
  const quoted = /^'([^']*)'$|^"([^"]*)"$/.exec(body);
  if (quoted) return { field: quoted[1] ?? quoted[2] ?? '' };
  return parseFilter(body);
}

/** Parses a path (with or without `{...}` around it). Throws on what it does not support. */
export function parseJsonPath(path: string): Step[] {
  let p = path.trim();
  if (p.startsWith('{') && p.endsWith('}')) p = p.slice(1, -1);
  if (p.startsWith('$')) p = p.slice(1);
  const steps: Step[] = [];
  let i = 0;
  while (i < p.length) {
    if (p[i] === '.') {
      const m = /^\.([^.[]+)/.exec(p.slice(i));
      if (!m) throw new Error(`invalid JSONPath: ${path}`);
      steps.push(m[1] === '*' ? { all: true } : { field: m[1]! });
      i += m[0].length;
    } else if (p[i] === '[') {
      const end = p.indexOf(']', i);
      if (end < 0) throw new Error(`invalid JSONPath: ${path}`);
      steps.push(parseBracket(p.slice(i + 1, end)));
      i = end + 1;
    } else throw new Error(`invalid JSONPath: ${path}`);
  }
  return steps;
}

function child(v: unknown, key: string): unknown {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
}

function at(v: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((x, k) => child(x, k), v);
}

function step(values: unknown[], s: Step): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    if ('field' in s) {
      const c = child(v, s.field);
      if (c !== undefined) out.push(c);
    } else if ('index' in s) {
      if (Array.isArray(v)) {
        const c = v[s.index < 0 ? v.length + s.index : s.index];
        if (c !== undefined) out.push(c);
      }
    } else if ('all' in s) {
      if (Array.isArray(v)) out.push(...v);
      else if (v !== null && typeof v === 'object') out.push(...Object.values(v));
    } else if (Array.isArray(v)) {
      const f = s.filter;
      out.push(...v.filter((e) => String(at(e, f.path)) === f.value));
    }
  }
  return out;
}

/** Every value `steps` reach from `root`. */
export function evaluateJsonPath(root: unknown, steps: readonly Step[]): unknown[] {
  return steps.reduce<unknown[]>((vals, s) => step(vals, s), [root]);
}

/** The field names of a simple `.a.b.c` path (scale paths), or undefined for anything else. */
export function simplePath(path: string): string[] | undefined {
  return /^(\.[A-Za-z0-9_-]+)+$/.test(path) ? path.slice(1).split('.') : undefined;
}

export type { Step as JsonPathStep };
