import { describe, expect, it } from 'vitest';
import { parseGoDuration } from './duration.js';

describe("Go's time.ParseDuration", () => {
  it('reads signed sums of decimal numbers with units', () => {
    expect(parseGoDuration('30s')).toBe(30_000);
    expect(parseGoDuration('1m0s')).toBe(60_000);
    expect(parseGoDuration('1h2m3.5s')).toBe(3_723_500);
    expect(parseGoDuration('1.5ms')).toBe(1.5);
    expect(parseGoDuration('.5s')).toBe(500);
    expect(parseGoDuration('-2s')).toBe(-2000);
    expect(parseGoDuration('+0')).toBe(0);
    expect(parseGoDuration('100µs')).toBe(0.1);
  });

  it("throws Go's messages", () => {
    expect(() => parseGoDuration('')).toThrow('time: invalid duration ""');
    expect(() => parseGoDuration('abc')).toThrow('time: invalid duration "abc"');
    expect(() => parseGoDuration('10')).toThrow('time: missing unit in duration "10"');
    expect(() => parseGoDuration('3d')).toThrow('time: unknown unit "d" in duration "3d"');
    expect(() => parseGoDuration('.s')).toThrow('time: invalid duration ".s"');
    expect(() => parseGoDuration('1s-')).toThrow('time: unknown unit "s-" in duration "1s-"');
  });
});
