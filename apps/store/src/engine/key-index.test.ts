import { describe, expect, it } from 'vitest';
import { TreeIndex } from './key-index.js';

describe('TreeIndex', () => {
  it('keeps its own copy of a new key, not the request it arrived in', () => {
    // A put's key is a view into the whole request, value included: the index must not pin it.
    const request = Buffer.alloc(64 * 1024, 'v');
    request.write('/registry/pods/default/web-1', 0, 'latin1');
    const key = request.subarray(0, 28);
    const ki = new TreeIndex().getOrCreate(key, key.toString('latin1'));
    expect(ki.key.toString('latin1')).toBe('/registry/pods/default/web-1');
    expect(ki.key.buffer).not.toBe(request.buffer);
    expect(ki.key.buffer.byteLength).toBeLessThan(request.length);
    request.fill(0);
    expect(ki.key.toString('latin1')).toBe('/registry/pods/default/web-1');
  });

  it('returns the same entry for a key it already holds', () => {
    const index = new TreeIndex();
    const a = index.getOrCreate(Buffer.from('k'), 'k');
    expect(index.getOrCreate(Buffer.from('k'), 'k')).toBe(a);
    expect(index.size).toBe(1);
  });
});
