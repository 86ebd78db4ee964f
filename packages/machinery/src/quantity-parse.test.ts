import { describe, expect, it } from 'vitest';
import { isMachineryError } from './errors.js';
import { Quantity, type QuantityFormat } from './quantity.js';
import { mustParseQuantity, parseQuantity } from './quantity-parse.js';

const FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

function q(unscaled: number | bigint, exponent: number, format: QuantityFormat): Quantity {
  return new Quantity(BigInt(unscaled), exponent, format);
}

describe('parseQuantity: values and formats (Kubernetes TestQuantityParse)', () => {
  const table: [string, Quantity][] = [
    ['0', q(0, 0, 'DecimalSI')],
    ['0n', q(0, 0, 'DecimalSI')],
    ['0Ki', q(0, 0, 'BinarySI')],
    ['0M', q(0, 0, 'DecimalSI')],
    ['1', q(1, 0, 'DecimalSI')],
    ['1Ki', q(1024, 0, 'BinarySI')],
    ['8Ki', q(8 * 1024, 0, 'BinarySI')],
    ['7Mi', q(7 * 1024 ** 2, 0, 'BinarySI')],
    ['6Gi', q(6 * 1024 ** 3, 0, 'BinarySI')],
    ['5Ti', q(5 * 1024 ** 4, 0, 'BinarySI')],
    ['4Pi', q(4n * 1024n ** 5n, 0, 'BinarySI')],
    ['3Ei', q(3n * 1024n ** 6n, 0, 'BinarySI')],
    ['5n', q(5, -9, 'DecimalSI')],
    ['4u', q(4, -6, 'DecimalSI')],
    ['3m', q(3, -3, 'DecimalSI')],
    ['8k', q(8, 3, 'DecimalSI')],
    ['50k', q(5, 4, 'DecimalSI')],
    ['7M', q(7, 6, 'DecimalSI')],
    ['6G', q(6, 9, 'DecimalSI')],
    ['40T', q(4, 13, 'DecimalSI')],
    ['2P', q(2, 15, 'DecimalSI')],
    ['1E', q(1, 18, 'DecimalSI')],
    ['1E-3', q(1, -3, 'DecimalExponent')],
    ['1e3', q(1, 3, 'DecimalExponent')],
    ['1E18', q(1, 18, 'DecimalExponent')],
    ['100.035k', q(100035, 0, 'DecimalSI')],
    ['0.001', q(1, -3, 'DecimalSI')],
    ['0.0005k', q(5, -1, 'DecimalSI')],
    ['0.50000', q(5, -1, 'DecimalSI')],
    ['0.5e-2', q(5, -3, 'DecimalExponent')],
    ['10.035M', q(10035, 3, 'DecimalSI')],
    ['1.3E+6', q(13, 5, 'DecimalExponent')],
    ['1.7E18', q(17, 17, 'DecimalExponent')],
    ['6.987654321G', q(6987654321, 0, 'DecimalSI')],
    ['1.01E', q(101, 16, 'DecimalSI')],
    ['3.001n', q(4, -9, 'DecimalSI')],
    ['1.1E-9', q(2, -9, 'DecimalExponent')],
    ['0.0000000001', q(1, -9, 'DecimalSI')],
    ['0.5e-9', q(1, -9, 'DecimalExponent')],
    ['0.00000012345', q(124, -9, 'DecimalSI')],
    ['9Ei', q(2n ** 63n - 1n, 0, 'BinarySI')],
    ['9223372036854775807Ki', q(2n ** 63n - 1n, 0, 'BinarySI')],
    ['12E', q(12, 18, 'DecimalSI')],
    ['100.035Ki', q(10243584, -2, 'BinarySI')],
    ['0.5Mi', q(0.5 * 1024 * 1024, 0, 'BinarySI')],
    ['0.025Ti', q(274877906944, -1, 'BinarySI')],
    ['0.000000000001Ki', q(2, -9, 'DecimalSI')],
    ['.001', q(1, -3, 'DecimalSI')],
    ['.0001k', q(100, -3, 'DecimalSI')],
    ['1.', q(1, 0, 'DecimalSI')],
    ['1.G', q(1, 9, 'DecimalSI')],
  ];

  it.each(table)('%s', (input, expected) => {
    const got = parseQuantity(input);
    expect(got.cmp(expected)).toBe(0);
    expect(got.format).toBe(expected.format);
  });

  it.each(table)('-%s is the negation with the same format', (input, expected) => {
    const got = parseQuantity(`-${input}`);
    expect(got.cmp(expected.neg())).toBe(0);
    expect(got.format).toBe(expected.format);
  });

  it.each(table)('+%s equals %s', (input, expected) => {
    expect(parseQuantity(`+${input}`).cmp(expected)).toBe(0);
  });
});

describe('parseQuantity: errors', () => {
  it.each(['1.1.M', '1+1.0M', 'aoeu', '0.1am', '1KI', ' 1', '1 ', 'abc'])('%j is a format error', (input) => {
    expect(() => parseQuantity(input)).toThrow(FORMAT_ERROR);
  });

  it.each(['0.1mi', '.5i', '1i', '-3.01i', '-3.01e-', '1K', '1e', '1e4294967297', '1E-2147483648'])(
    '%j is a suffix error',
    (input) => {
      expect(() => parseQuantity(input)).toThrow("unable to parse quantity's suffix");
    },
  );

  it('rejects the empty string with the format error and code', () => {
    try {
      parseQuantity('');
      expect.unreachable();
    } catch (err) {
      expect(isMachineryError(err, 'QuantityFormat')).toBe(true);
      expect((err as Error).message).toBe(FORMAT_ERROR);
    }
  });

  it('reports an unparseable number part as a numeric error', () => {
    expect(() => parseQuantity('+e-20')).toThrow('unable to parse numeric part of quantity');
  });

  it('accepts the largest int32 exponent', () => {
    expect(parseQuantity('1E2147483647').format).toBe('DecimalExponent');
  });

  it('mustParseQuantity wraps the reason', () => {
    expect(() => mustParseQuantity('Non-Numeric')).toThrow("cannot parse 'Non-Numeric': ");
    expect(mustParseQuantity('2Gi').toString()).toBe('2Gi');
  });
});
