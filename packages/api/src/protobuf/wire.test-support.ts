/**
 * A minimal protobuf writer for tests: builds messages field by field with explicit field
 * numbers, so tests state the wire bytes independently of the descriptors under test.
 */

/** A field value: string (length-delimited UTF-8), number/bigint (varint), bytes (nested message or raw bytes). */
export type WireValue = string | number | bigint | Uint8Array;

function varint(n: bigint): number[] {
  let v = BigInt.asUintN(64, n);
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return out;
}

/** Encodes `[fieldNumber, value]` pairs, in order, as one message. */
export function pb(...fields: Array<[number, WireValue]>): Uint8Array {
  const out: number[] = [];
  for (const [id, v] of fields) {
    if (typeof v === 'number' || typeof v === 'bigint') {
      out.push(...varint(BigInt(id) << 3n), ...varint(BigInt(v)));
      continue;
    }
    const bytes = typeof v === 'string' ? new TextEncoder().encode(v) : v;
    out.push(...varint((BigInt(id) << 3n) | 2n), ...varint(BigInt(bytes.length)), ...bytes);
  }
  return Uint8Array.from(out);
}

/** A Kubernetes protobuf body: magic + runtime.Unknown{typeMeta{apiVersion, kind}, raw}. */
export function envelope(apiVersion: string, kind: string, raw: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), pb([1, pb([1, apiVersion], [2, kind])], [2, raw])]);
}
