import { describe, expect, it } from 'vitest';
import { Quantity, canonicalString, newMilliQuantity, newQuantity, type QuantityFormat } from './quantity.js';
import { parseQuantity } from './quantity-parse.js';

function q(unscaled: number | bigint, exponent: number, format: QuantityFormat): Quantity {
  return new Quantity(BigInt(unscaled), exponent, format);
}

describe('canonical form (Kubernetes TestQuantityString)', () => {
  const table: [Quantity, string, string][] = [
    [q(1024 * 1024 * 1024, 0, 'BinarySI'), '1Gi', '1024Mi'],
    [q(300 * 1024 * 1024, 0, 'BinarySI'), '300Mi', '307200Ki'],
    [q(6 * 1024, 0, 'BinarySI'), '6Ki', ''],
    [q(1001 * 1024 ** 3, 0, 'BinarySI'), '1001Gi', '1025024Mi'],
    [q(1024 ** 4, 0, 'BinarySI'), '1Ti', '1024Gi'],
    [q(5, 0, 'BinarySI'), '5', '5000m'],
    [q(500, -3, 'BinarySI'), '500m', '0.5'],
    [q(1, 9, 'DecimalSI'), '1G', '1000M'],
    [q(1000, 6, 'DecimalSI'), '1G', '0.001T'],
    [q(1, -3, 'DecimalSI'), '1m', '1000u'],
    [q(80, -3, 'DecimalSI'), '80m', ''],
    [q(1080, -3, 'DecimalSI'), '1080m', '1.08'],
    [q(108, -2, 'DecimalSI'), '1080m', '1080000000n'],
    [q(300, 6, 'DecimalSI'), '300M', ''],
    [q(1, 18, 'DecimalSI'), '1E', ''],
    [q(1, 21, 'DecimalSI'), '1e21', '1000E'],
    [q(5, 21, 'DecimalSI'), '5e21', '5000E'],
    [q(1, 70, 'BinarySI'), '10e69', ''],
    [q(1, 72, 'BinarySI'), '1e72', ''],
    [q(1234567, 6, 'DecimalSI'), '1234567M', ''],
    [q(1234567, -3, 'BinarySI'), '1234567m', ''],
    [q(1025, 0, 'BinarySI'), '1025', ''],
    [q(0, 0, 'BinarySI'), '0', ''],
    [q(1, 9, 'DecimalExponent'), '1e9', '.001e12'],
    [q(1, -3, 'DecimalExponent'), '1e-3', '0.001e0'],
    [q(1, -9, 'DecimalExponent'), '1e-9', '1000e-12'],
    [q(80, -3, 'DecimalExponent'), '80e-3', ''],
    [q(300, 6, 'DecimalExponent'), '300e6', ''],
    [q(0, 0, 'DecimalExponent'), '0', '00'],
    [q(1, -9, 'DecimalSI'), '1n', ''],
    [q(10800, -10, 'DecimalSI'), '1080n', ''],
    [q(1080, -6, 'DecimalSI'), '1080u', ''],
  ];

  it.each(table)('%s prints as %s', (quantity, canonical, alternate) => {
    expect(quantity.toString()).toBe(canonical);
    expect(parseQuantity(canonical).toString()).toBe(canonical);
    if (alternate !== '') expect(parseQuantity(alternate).toString()).toBe(canonical);
    if (!quantity.isZero()) expect(quantity.neg().toString()).toBe(`-${canonical}`);
  });

  it.each([
    ['1Ki', '1Ki'],
    ['1024Mi', '1Gi'],
    ['1000M', '1G'],
    ['.001Ki', '1024m'],
    ['.000001Ki', '1024u'],
    ['.000000000001Ki', '2n'],
    ['100m', '100m'],
    ['1.5', '1500m'],
    ['1.5Gi', '1536Mi'],
    ['0.5Gi', '512Mi'],
    ['0.1Ki', '102400m'],
    ['1000m', '1'],
    ['1e5', '100e3'],
    ['500Mi', '500Mi'],
    ['12345678901234567890', '12345678901234567890'],
    ['9Ei', '9223372036854775807'],
    ['1.5e-10', '1e-9'],
  ])('parses %s and prints %s', (input, printed) => {
    expect(parseQuantity(input).toString()).toBe(printed);
    expect(parseQuantity(`-${input}`).toString()).toBe(`-${printed}`);
  });

  it('keeps already-canonical input text verbatim, as Kubernetes does', () => {
    expect(parseQuantity('+1Ki').toString()).toBe('+1Ki');
    expect(parseQuantity('01').toString()).toBe('01');
    expect(parseQuantity('1E3').toString()).toBe('1E3');
    expect(parseQuantity('8Ki').toString()).toBe('8Ki');
  });

  it('tells which input text it kept (parsedText), and none for non-canonical input', () => {
    expect(parseQuantity('1500m').parsedText).toBe('1500m');
    expect(parseQuantity('1.5').parsedText).toBeUndefined();
    expect(parseQuantity('1.5').toString()).toBe('1500m');
    expect(newQuantity(3, 'DecimalSI').parsedText).toBeUndefined();
  });

  it('prints below-nano values in exponent form', () => {
    expect(canonicalString(q(1, -12, 'DecimalSI'))).toBe('1e-12');
    expect(canonicalString(q(1, -10, 'DecimalSI'))).toBe('100e-12');
  });

  it('prints a BinarySI value grown past Ei as exact decimal digits', () => {
    expect(parseQuantity('1Ei').mul(1024).toString()).toBe('1180591620717411303424');
    expect(q(2000, 0, 'BinarySI').toString()).toBe('2000');
    expect(q(-2000, 0, 'BinarySI').toString()).toBe('-2000');
  });

  it('serialises to JSON as its string', () => {
    expect(JSON.stringify({ cpu: parseQuantity('1.5'), memory: parseQuantity('1Gi') })).toBe(
      '{"cpu":"1500m","memory":"1Gi"}',
    );
  });

  it('parses "." and "-" as zero', () => {
    expect(parseQuantity('.').toString()).toBe('0');
    expect(parseQuantity('-').isZero()).toBe(true);
  });
});

describe('arithmetic and comparison', () => {
  it.each([
    ['0', '0', 0],
    ['100m', '50m', 1],
    ['50m', '100m', -1],
    ['10000T', '100Gi', 1],
    ['1Gi', '1073741824', 0],
    ['1k', '1Ki', -1],
    ['-1', '1m', -1],
  ] as const)('cmp(%s, %s) = %d', (a, b, expected) => {
    expect(parseQuantity(a).cmp(parseQuantity(b))).toBe(expected);
    expect(parseQuantity(b).cmp(parseQuantity(a))).toBe(-expected === 0 ? 0 : -expected);
  });

  it('compares huge exponents without expanding them', () => {
    const huge = parseQuantity('1E2147483647');
    expect(huge.cmp(parseQuantity('1'))).toBe(1);
    expect(parseQuantity('1').cmp(huge)).toBe(-1);
    expect(huge.neg().cmp(parseQuantity('-1'))).toBe(-1);
    expect(huge.cmp(parseQuantity('2E2147483647'))).toBe(-1);
    expect(huge.value()).toBe(Number.POSITIVE_INFINITY);
    expect(huge.neg().milliValue()).toBe(Number.NEGATIVE_INFINITY);
    expect(huge.toString()).toBe('10e2147483646');
  });

  it('equals ignores the format', () => {
    expect(parseQuantity('1Ki').equals(parseQuantity('1024'))).toBe(true);
    expect(parseQuantity('1Ki').equals(parseQuantity('1k'))).toBe(false);
  });

  it('adds exactly, keeping the left format', () => {
    expect(parseQuantity('100m').add(parseQuantity('1.9')).toString()).toBe('2');
    expect(parseQuantity('1Gi').add(parseQuantity('512Mi')).toString()).toBe('1536Mi');
    expect(parseQuantity('1').add(parseQuantity('1Ki')).toString()).toBe('1025');
    expect(parseQuantity('1Ki').add(parseQuantity('1')).format).toBe('BinarySI');
  });

  it.each(['100m', '1Gi'])('adding zero preserves the suffix of %s in either order', (value) => {
    const zero = parseQuantity('0');
    expect(parseQuantity(value).add(zero).toString()).toBe(value);
    expect(zero.add(parseQuantity(value)).toString()).toBe(value);
  });

  it.each(['100m', '1Gi'])('subtracting with zero preserves the suffix of %s', (value) => {
    const zero = parseQuantity('0');
    expect(parseQuantity(value).sub(zero).toString()).toBe(value);
    expect(zero.sub(parseQuantity(value)).toString()).toBe(`-${value}`);
  });

  it('subtracts and negates without mutating the operands', () => {
    const a = parseQuantity('9.01');
    expect(a.neg().toString()).toBe('-9010m');
    expect(a.toString()).toBe('9010m');
    expect(parseQuantity('2').sub(parseQuantity('500m')).toString()).toBe('1500m');
  });

  it('multiplies by an integer', () => {
    expect(parseQuantity('250m').mul(4).toString()).toBe('1');
    expect(parseQuantity('1Mi').mul(3n).toString()).toBe('3Mi');
  });

  it('is immutable', () => {
    const a = parseQuantity('1');
    expect(Object.isFrozen(a)).toBe(true);
    expect(() => {
      (a as { format: string }).format = 'BinarySI';
    }).toThrow(TypeError);
  });

  it('reports sign and zero', () => {
    expect(parseQuantity('-1m').sign()).toBe(-1);
    expect(parseQuantity('0Ki').sign()).toBe(0);
    expect(parseQuantity('0Ki').isZero()).toBe(true);
    expect(parseQuantity('3').sign()).toBe(1);
  });
});

describe('scaled values', () => {
  it.each([
    ['100m', 100, 1],
    ['1', 1000, 1],
    ['1.5', 1500, 2],
    ['0.1m', 1, 1],
    ['1Ki', 1024000, 1024],
    ['1n', 1, 1],
    ['-1.5', -1500, -2],
    ['2.0001', 2001, 3],
  ] as const)('%s: milli %d, value %d (rounded away from zero)', (input, milli, value) => {
    expect(parseQuantity(input).milliValue()).toBe(milli);
    expect(parseQuantity(input).value()).toBe(value);
  });

  it('scaledValue works at any scale exactly', () => {
    expect(parseQuantity('1Gi').scaledValue(-9)).toBe(1073741824000000000n);
    expect(parseQuantity('1500M').scaledValue(9)).toBe(2n);
  });

  it('approximates as a float', () => {
    expect(parseQuantity('1.5').asApproximateFloat64()).toBeCloseTo(1.5);
    expect(parseQuantity('2Ki').asApproximateFloat64()).toBe(2048);
  });
});

describe('constructors', () => {
  it('newQuantity and newMilliQuantity', () => {
    expect(newQuantity(5, 'DecimalSI').toString()).toBe('5');
    expect(newQuantity(2048, 'BinarySI').toString()).toBe('2Ki');
    expect(newMilliQuantity(100, 'DecimalSI').toString()).toBe('100m');
    expect(newMilliQuantity(1500, 'BinarySI').toString()).toBe('1500m');
    expect(newQuantity(3n, 'DecimalExponent').withFormat('DecimalSI').toString()).toBe('3');
  });
});
