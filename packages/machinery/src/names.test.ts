import { describe, expect, it } from 'vitest';
import {
  GENERATED_SUFFIX_LENGTH,
  NAME_SUFFIX_ALPHABET,
  generateName,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  randomNameSuffix,
} from './names.js';

function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
}

describe('generateName', () => {
  it('appends five characters from the Kubernetes alphabet', () => {
    expect(NAME_SUFFIX_ALPHABET).toBe('bcdfghjklmnpqrstvwxz2456789');
    expect(generateName('web-', () => 0)).toBe('web-bbbbb');
    expect(generateName('web-', () => 0.999999)).toBe('web-99999');
    expect(generateName('web-', sequence(0, 1 / 27, 2 / 27, 3 / 27, 26 / 27))).toBe('web-bcdf9');
  });

  it('cuts the base to 58 characters so the name fits 63', () => {
    const name = generateName('x'.repeat(70), () => 0);
    expect(name).toBe(`${'x'.repeat(58)}bbbbb`);
    expect(name).toHaveLength(63);
  });

  it('never leaves the alphabet, even at the edge of the random range', () => {
    expect(randomNameSuffix(3, () => 1)).toBe('999');
    const suffix = randomNameSuffix();
    expect(suffix).toHaveLength(GENERATED_SUFFIX_LENGTH);
    for (const ch of suffix) expect(NAME_SUFFIX_ALPHABET).toContain(ch);
  });

  it('produces different names with Math.random', () => {
    const names = new Set(Array.from({ length: 50 }, () => generateName('p-')));
    expect(names.size).toBeGreaterThan(45);
  });
});

describe('name validators', () => {
  it('validate full names', () => {
    expect(nameIsDNSSubdomain('web.example')).toEqual([]);
    expect(nameIsDNSSubdomain('Web')).toHaveLength(1);
    expect(nameIsDNSLabel('a.b')).toEqual(['must not contain dots']);
    expect(nameIsDNS1035Label('1svc')).toHaveLength(1);
    expect(nameIsDNS1035Label('svc-1')).toEqual([]);
  });

  it('allow a trailing dash in a generateName prefix', () => {
    expect(nameIsDNSSubdomain('web-', true)).toEqual([]);
    expect(nameIsDNSSubdomain('web-')).toHaveLength(1);
    expect(nameIsDNSLabel('ns-', true)).toEqual([]);
    expect(nameIsDNS1035Label('svc-', true)).toEqual([]);
  });

  it('mask the dash the way Kubernetes does (drop two characters, add "a")', () => {
    // 'a.-' becomes 'a' + 'a' = valid, although 'a.' itself is not a valid prefix of a name.
    expect(nameIsDNSSubdomain('a.-', true)).toEqual([]);
    expect(nameIsDNSSubdomain('-', true)).toHaveLength(1);
    expect(nameIsDNSSubdomain('a-', true)).toEqual([]);
  });
});
