/**
 * Minimal local quantity parsing, enough to sum and compare CPU and memory for the pod QoS
 * class. Kept local so this package does not depend on @wheelhouse/machinery while it is
 * being written; machinery's Quantity is the full implementation.
 */

const SUFFIX_EXPONENTS: Record<string, [bigint, number]> = {
  n: [10n, -9],
  u: [10n, -6],
  m: [10n, -3],
  '': [10n, 0],
  k: [10n, 3],
  M: [10n, 6],
  G: [10n, 9],
  T: [10n, 12],
  P: [10n, 15],
  E: [10n, 18],
  Ki: [2n, 10],
  Mi: [2n, 20],
  Gi: [2n, 30],
  Ti: [2n, 40],
  Pi: [2n, 50],
  Ei: [2n, 60],
};

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

function scale(value: bigint, base: bigint, exp: number): bigint {
  return exp >= 0 ? value * base ** BigInt(exp) : value / base ** BigInt(-exp);
}

/** The value of a quantity in nano-units (10^-9), or undefined when it does not parse. */
export function quantityNanos(quantity: string | number): bigint | undefined {
  const m = QUANTITY.exec(String(quantity).trim());
  if (!m) return undefined;
  const [, sign = '', number = '0', suffix = '', exponent] = m;
  const [whole = '', frac = ''] = number.split('.');
  let value = BigInt(`${whole || '0'}${frac.padEnd(9, '0').slice(0, 9)}`);
  if (exponent !== undefined) value = scale(value, 10n, Number(exponent));
  else {
    const [base, exp] = SUFFIX_EXPONENTS[suffix] ?? [10n, 0];
    value = scale(value, base, exp);
  }
  return sign === '-' ? -value : value;
}
