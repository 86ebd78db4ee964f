import { describe, it, expect } from 'vitest';
import { prefixRangeEnd, resolveRange } from './keys.js';

describe('prefixRangeEnd', () => {
  it('increments the last byte below 0xff and drops trailing 0xff bytes, like etcdctl --prefix', () => {
    expect(prefixRangeEnd('/a/')).toEqual(Buffer.from('/a0'));
    expect(prefixRangeEnd(Buffer.from([0x61, 0xff, 0xff]))).toEqual(Buffer.from([0x62]));
    expect(prefixRangeEnd(Buffer.from([0xff, 0xff]))).toEqual(Buffer.from([0]));
    expect(prefixRangeEnd('')).toEqual(Buffer.from([0]));
  });
});

describe('resolveRange', () => {
  it('selects one key, a prefix, an explicit range or every key from a key', () => {
    // No range_end at all: an explicit empty one would make etcd read every key >= key.
    expect(resolveRange('/k', {})).toEqual({ key: Buffer.from('/k') });
    expect(resolveRange('/k', { prefix: true }).range_end).toEqual(Buffer.from('/l'));
    expect(resolveRange('/a', { rangeEnd: '/b' }).range_end).toEqual(Buffer.from('/b'));
    expect(resolveRange('/a', { fromKey: true }).range_end).toEqual(Buffer.from([0]));
  });

  it('treats an empty key with prefix or fromKey as every key', () => {
    const all = { key: Buffer.from([0]), range_end: Buffer.from([0]) };
    expect(resolveRange('', { prefix: true })).toEqual(all);
    expect(resolveRange('', { fromKey: true })).toEqual(all);
  });

  it('refuses more than one way of giving the range end', () => {
    expect(() => resolveRange('/a', { prefix: true, rangeEnd: '/b' })).toThrow(/at most one/);
  });
});
