// The hash functions against Go's hash/fnv and kube's rand.SafeEncodeString.
import { describe, expect, it } from 'vitest';
import { canonicalJson, computeHash, fnv32, fnv32a, goJson, safeEncodeString } from './template-hash.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('template hash', () => {
  it('computes FNV-1 and FNV-1a as Go does', () => {
    // Reference values of Go's fnv.New32 / fnv.New32a.
    expect(fnv32a(bytes(''))).toBe(0x811c9dc5);
    expect(fnv32a(bytes('a'))).toBe(0xe40c292c);
    expect(fnv32a(bytes('foobar'))).toBe(0xbf9cf968);
    expect(fnv32(bytes('a'))).toBe(0x050c5d7e);
    expect(fnv32(bytes('foobar'))).toBe(0x31f0b262);
  });

  it('safe-encodes decimal digits into the vowel-free alphabet', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });

  it('hashes templates by content, not key order, and by collision count', () => {
    const a = { metadata: { labels: { app: 'web', tier: 'x' } }, spec: { containers: [{ name: 'c', image: 'i' }] } };
    const b = { spec: { containers: [{ image: 'i', name: 'c' }] }, metadata: { labels: { tier: 'x', app: 'web' } } };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(computeHash(a)).toBe(computeHash(b));
    expect(computeHash(a, 1)).not.toBe(computeHash(a));
    expect(computeHash(a)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  });
});

describe('goJson', () => {
  it('escapes as Go does', () => {
    expect(goJson({ b: '<a&b>', a: 1 })).toBe('{"a":1,"b":"\\u003ca\\u0026b\\u003e"}');
  });
});
