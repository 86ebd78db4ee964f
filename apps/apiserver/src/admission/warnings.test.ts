import { describe, expect, it } from 'vitest';
import { warningHeaders } from './warnings.js';

/** A header value as the client reads it: the raw bytes, as UTF-8. */
const onWire = (value: string): string => Buffer.from(value, 'latin1').toString('utf8');

describe('warningHeaders (kube warning recorder)', () => {
  it('quotes as kube, drops empty, repeated and control-character texts', () => {
    expect(warningHeaders(['a "b" \\ c', '', 'a "b" \\ c', 'tab\there', 'next'])).toEqual([
      '299 - "a \\"b\\" \\\\ c"',
      '299 - "next"',
    ]);
  });

  it('sends non-ASCII text as its UTF-8 bytes', () => {
    const [value] = warningHeaders(['réplicas → 3']);
    expect(onWire(value!)).toBe('299 - "réplicas → 3"');
    expect([...value!].every((c) => c.charCodeAt(0) <= 0xff)).toBe(true);
  });

  it('past 4096 runes in all, cuts every warning to 256 runes', () => {
    const long = (c: string) => c.repeat(3000);
    const headers = warningHeaders([long('a'), long('b'), 'short']);
    expect(headers).toEqual([`299 - "${'a'.repeat(256)}"`, `299 - "${'b'.repeat(256)}"`, '299 - "short"']);
    expect(warningHeaders([long('a'), 'x'.repeat(1000)])).toEqual([
      `299 - "${long('a')}"`,
      `299 - "${'x'.repeat(1000)}"`,
    ]);
  });
});
