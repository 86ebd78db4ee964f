/**
 * Kubernetes' escaping of property names into CEL identifiers (k8s.io/apiserver pkg/cel
 * Escape): CEL keywords become `__name__`; `__`, `.`, `-` and `/` become `__underscores__`,
 * `__dot__`, `__dash__` and `__slash__`; a name with any other character, or starting with a
 * digit, is not accessible from CEL at all.
 */

/** The reserved words of the CEL lexer (escaped as `__word__`). */
export const CEL_RESERVED_SYMBOLS: ReadonlySet<string> = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

const EXPANSIONS: Record<string, string> = {
  __: '__underscores__',
  '.': '__dot__',
  '-': '__dash__',
  '/': '__slash__',
};

/** The CEL field name of property `name`, or undefined when CEL cannot name it. */
export function escapeFieldName(name: string): string | undefined {
  if (name.length === 0 || /^[0-9]/.test(name)) return undefined;
  if (CEL_RESERVED_SYMBOLS.has(name)) return `__${name}__`;
  if (!/^[A-Za-z0-9_./-]*$/.test(name)) return undefined;
  return name.replace(/__|[./-]/g, (s) => EXPANSIONS[s] ?? s);
}
