/**
 * JSON Pointer (RFC 6901): parsing `/a/b~1c/0` into reference tokens, building pointers
 * from tokens, and resolving them against a JSON document.
 */
import { hasOwn, isJsonObject, type JsonValue } from './json.js';

/** Decodes one reference token: `~1` becomes `/`, then `~0` becomes `~`. */
export function unescapePointerToken(token: string): string {
  return token.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));
}

/** Encodes one reference token: `~` becomes `~0`, `/` becomes `~1`. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The decoded tokens of a pointer: '' is the whole document ([]); undefined when it does not start with '/'. */
export function parseJsonPointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer.slice(1).split('/').map(unescapePointerToken);
}

/** The pointer for the given tokens, escaped: ['a/b', '0'] gives `/a~1b/0`. */
export function formatJsonPointer(tokens: readonly string[]): string {
  return tokens.map((t) => `/${escapePointerToken(t)}`).join('');
}

/** True for an RFC 6901 array index: `0` or digits without a leading zero. */
export function isArrayIndex(token: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(token);
}

/** The value a pointer refers to, or undefined when any step is missing. */
export function resolveJsonPointer(doc: JsonValue, pointer: string): JsonValue | undefined {
  const tokens = parseJsonPointer(pointer);
  if (tokens === undefined) return undefined;
  let current: JsonValue | undefined = doc;
  for (const token of tokens) current = child(current, token);
  return current;
}

/** The child of a container under one token, or undefined. */
export function child(container: JsonValue | undefined, token: string): JsonValue | undefined {
  if (Array.isArray(container)) return isArrayIndex(token) ? container[Number(token)] : undefined;
  if (isJsonObject(container) && hasOwn(container, token)) return container[token];
  return undefined;
}
