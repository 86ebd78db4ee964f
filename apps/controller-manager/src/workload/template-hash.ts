/**
 * The hash that names a Deployment's ReplicaSets and a StatefulSet's or DaemonSet's
 * revisions (kube's controller.ComputeHash): FNV-1a (32 bit) over the pod template, then the
 * collision count as 8 little-endian bytes when set, printed in decimal and safe-encoded into
 * kube's vowel-free alphabet. kube hashes Go's in-memory struct; we hash the template's JSON
 * with sorted keys, which is as stable (the same template always gives the same hash).
 */
import { NAME_SUFFIX_ALPHABET } from '@wheelhouse/machinery';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a 32-bit of `bytes`, continuing from `hash`. */
export function fnv32a(bytes: Uint8Array, hash = FNV_OFFSET): number {
  let h = hash >>> 0;
  for (const b of bytes) h = Math.imul(h ^ b, FNV_PRIME) >>> 0;
  return h;
}

/** FNV-1 32-bit of `bytes` (multiply, then xor: Go's fnv.New32), continuing from `hash`. */
export function fnv32(bytes: Uint8Array, hash = FNV_OFFSET): number {
  let h = hash >>> 0;
  for (const b of bytes) h = (Math.imul(h, FNV_PRIME) ^ b) >>> 0;
  return h;
}

/** JSON with object keys sorted at every level (Go's encoding of maps); undefined fields dropped. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Go's json.Marshal of a value: sorted-key JSON with <, >, & and U+2028/9 escaped as Go escapes them. */
export function goJson(value: unknown): string {
  return canonicalJson(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** kube's rand.SafeEncodeString: each character mapped into the name-suffix alphabet by its code. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += NAME_SUFFIX_ALPHABET[s.charCodeAt(i) % NAME_SUFFIX_ALPHABET.length];
  return out;
}

/** The hash of `template` and `collisionCount` (see the module comment). */
export function computeHash(template: unknown, collisionCount?: number): string {
  let h = fnv32a(new TextEncoder().encode(canonicalJson(template ?? {})));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(bytes, h);
  }
  return safeEncodeString(String(h));
}
