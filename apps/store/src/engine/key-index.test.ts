import { describe, expect, it } from 'vitest';
import { TreeIndex } from './key-index.js';

describe('TreeIndex', () => {
  it('holds a key as a string, so no kept key pins the buffer it arrived in', () => {
    // A put's key is a view into a shared slab or into the whole request, value included.
    const request = Buffer.alloc(64 * 1024, 'v');
    request.write('/registry/pods/default/web-1', 0, 'latin1');
    const id = request.subarray(0, 28).toString('latin1');
    const ki = new TreeIndex().getOrCreate(id);
    expect(Object.values(ki).some((v) => Buffer.isBuffer(v) || v instanceof ArrayBuffer)).toBe(false);
    request.fill(0);
    expect(ki.key.toString('latin1')).toBe('/registry/pods/default/web-1');
  });

  it('gives back every byte of a binary key', () => {
    const bytes = Buffer.from([0, 1, 0x7f, 0x80, 0xfe, 0xff]);
    const ki = new TreeIndex().getOrCreate(bytes.toString('latin1'));
    expect(ki.key.equals(bytes)).toBe(true);
  });

  it('returns the same entry for a key it already holds', () => {
    const index = new TreeIndex();
    const a = index.getOrCreate('k');
    expect(index.getOrCreate('k')).toBe(a);
    expect(index.size).toBe(1);
  });
});
