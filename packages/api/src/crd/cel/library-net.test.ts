import { describe, expect, it } from 'vitest';
import { ruleEnvironment } from './environment.js';

const run = (expr: string): unknown => ruleEnvironment().env.evaluate(expr, {});

describe('the IP and CIDR library', () => {
  it("tells canonical addresses and prints them as Go's netip does", () => {
    expect(run('ip.isCanonical("10.0.0.1") && ip.isCanonical("2001:db8::1")')).toBe(true);
    expect(run('ip.isCanonical("2001:DB8:0:0:0:0:0:1")')).toBe(false);
    expect(run('string(ip("2001:DB8:0:0:0:0:0:1"))')).toBe('2001:db8::1');
    expect(() => run('ip.isCanonical("10.0.0.256")')).toThrow(/parse error during conversion from string/);
  });

  it('masks a CIDR to its network and compares addresses and CIDRs by value', () => {
    expect(run('string(cidr("10.255.3.4/12").masked())')).toBe('10.240.0.0/12');
    expect(run('cidr("2001:db8:ffff::1/33").masked() == cidr("2001:db8:8000::/33")')).toBe(true);
    expect(run('cidr("192.168.1.7/24").masked().ip() == ip("192.168.1.0")')).toBe(true);
    expect(run('ip("10.0.0.1") != ip("10.0.0.2")')).toBe(true);
  });
});
