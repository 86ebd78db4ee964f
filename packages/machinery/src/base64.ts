/**
 * Where Go's `base64.StdEncoding.Decode` gives up on a string, as Kubernetes' JSON decoder
 * runs it for `[]byte` fields (Secret `data`, ConfigMap `binaryData`): the standard
 * alphabet with `=` padding, not strict (stray bits in the last character are accepted),
 * and `\r` / `\n` skipped anywhere. Offsets count UTF-8 bytes, as Go's do.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 0x3d;
const CR = 0x0d;
const LF = 0x0a;
const VALID = new Uint8Array(256);
for (let i = 0; i < ALPHABET.length; i++) VALID[ALPHABET.charCodeAt(i)] = 1;

const utf8 = new TextEncoder();
/** Padded standard base64 without newlines: what nearly every body carries, and Go decodes all of it. */
const CANONICAL = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** One step of the decoder: where it stopped, and the offset Go reports when the input is corrupt. */
interface Step {
  next: number;
  corruptAt?: number;
}

function isNewline(byte: number | undefined): boolean {
  return byte === CR || byte === LF;
}

function skipNewlines(src: Uint8Array, from: number): number {
  let i = from;
  while (i < src.length && isNewline(src[i])) i++;
  return i;
}

/** The padding that ends a quantum after `digits` alphabet characters; `si` is just past the first `=`. */
function padding(src: Uint8Array, si: number, digits: number): Step {
  if (digits < 2) return { next: si, corruptAt: si - 1 };
  let next = si;
  if (digits === 2) {
    next = skipNewlines(src, next);
    if (next === src.length) return { next, corruptAt: src.length };
    if (src[next] !== PAD) return { next, corruptAt: next - 1 };
    next++;
  }
  next = skipNewlines(src, next);
  return next < src.length ? { next, corruptAt: next } : { next };
}

/** Decodes up to four alphabet characters starting at `si`, as Go's decodeQuantum. */
function quantum(src: Uint8Array, start: number): Step {
  let si = start;
  let digits = 0;
  while (digits < 4) {
    if (si === src.length) return digits === 0 ? { next: si } : { next: si, corruptAt: si - digits };
    const byte = src[si++] ?? 0;
    if (VALID[byte] === 1) digits++;
    else if (isNewline(byte)) continue;
    else if (byte !== PAD) return { next: si, corruptAt: si - 1 };
    else return padding(src, si, digits);
  }
  return { next: si };
}

/**
 * The byte offset Go's decoder reports for `text` (`illegal base64 data at input byte N`,
 * machinery error `Base64Corrupt`), or undefined when Go decodes it. The empty string decodes.
 */
export function base64CorruptOffset(text: string): number | undefined {
  if (CANONICAL.test(text)) return undefined;
  const src = utf8.encode(text);
  let si = 0;
  while (si < src.length) {
    const step = quantum(src, si);
    if (step.corruptAt !== undefined) return step.corruptAt;
    si = step.next;
  }
  return undefined;
}
