import { describe, expect, it } from 'vitest';
import { ruleEnvironment } from './environment.js';

const has = (expr: string, self: unknown = null) =>
  ruleEnvironment().env.evaluate(`optional.ofNonZeroValue(${expr}).hasValue()`, { self }) as boolean;

describe('optional.ofNonZeroValue', () => {
  it("is none for cel-go's zero values of every type", () => {
    for (const zero of ['0', '0u', '0.0', "''", "b''", 'false', 'null', '[]', '{}', 'duration("0s")', 'timestamp(0)'])
      expect(has(zero), zero).toBe(false);
  });

  it('holds any other value, an object with zero-looking fields among them', () => {
    for (const value of ['1', '1u', '-0.5', "'a'", "b'a'", 'true', '[0]', '{"a": 0}', 'duration("1ns")', 'self'])
      expect(has(value, { seconds: 0, nanos: 0 }), value).toBe(true);
  });
});
