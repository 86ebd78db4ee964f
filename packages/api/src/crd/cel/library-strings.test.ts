import { describe, expect, it } from 'vitest';
import { ruleEnvironment } from './environment.js';

const run = (expr: string): unknown => ruleEnvironment().env.evaluate(expr, {});

describe('string() of durations', () => {
  it("prints decimal seconds as cel-go does (FormatFloat 'f'): no exponent, no trailing zeros", () => {
    expect(run('string(duration("100ns"))')).toBe('0.0000001s');
    expect(run('string(duration("1h30m"))')).toBe('5400s');
    expect(run('string(duration("-1.5s"))')).toBe('-1.5s');
    expect(run('string(duration("1.000000001s"))')).toBe('1.000000001s');
    expect(run('string(duration("0s"))')).toBe('0s');
  });
});
