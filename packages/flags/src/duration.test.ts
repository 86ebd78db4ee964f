import { describe, expect, it } from 'vitest';
import { parseDuration } from './index.js';

describe('parseDuration', () => {
  it('reads Go-style durations', () => {
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('10m', 'x')).toBe(600_000);
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('0', 'x')).toBe(0);
  });

  it("refuses anything else with Go's wording, naming the flag", () => {
    expect(() => parseDuration('5 minutes')).toThrow('time: unknown unit " minutes" in duration "5 minutes"');
    expect(() => parseDuration('')).toThrow();
    expect(() => parseDuration('10', 'x')).toThrow(
      'invalid argument "10" for "--x" flag: time: missing unit in duration "10"',
    );
    expect(() => parseDuration('5 m', 'x')).toThrow('time: unknown unit " m" in duration "5 m"');
    expect(() => parseDuration('abc', 'x')).toThrow('time: invalid duration "abc"');
  });
});
