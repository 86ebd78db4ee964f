import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { boolParam, checkFieldManager, checkResourceVersion, intParam } from './query.js';

function statusOf(fn: () => unknown): { code: number; reason: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return { code: err.code, reason: err.reason, message: err.message };
    throw err;
  }
  throw new Error('no error');
}

describe('query parameters as kube-apiserver reads them', () => {
  it('booleans: only absent, 0 and false (any case) are false', () => {
    for (const v of ['1', 't', 'T', 'TRUE', 'true', 'True', 'yes', '', 'anything'])
      expect(boolParam({ watch: v }, 'watch'), v).toBe(true);
    for (const v of ['0', 'false', 'False', 'FALSE', 'fAlSe']) expect(boolParam({ watch: v }, 'watch'), v).toBe(false);
    expect(boolParam({}, 'watch')).toBe(false);
    expect(boolParam({ watch: ['false', 'true'] }, 'watch')).toBe(false);
  });

  it('integers: strconv.ParseInt in base 10, int64 range, with its errors', () => {
    expect(intParam({ limit: '500' }, 'limit')).toBe(500);
    expect(intParam({ limit: '+7' }, 'limit')).toBe(7);
    expect(intParam({ limit: '-1' }, 'limit')).toBe(-1);
    expect(intParam({ limit: '007' }, 'limit')).toBe(7);
    expect(intParam({ limit: '9223372036854775807' }, 'limit')).toBe(2 ** 63);
    expect(intParam({}, 'limit')).toBeUndefined();
    expect(statusOf(() => intParam({ limit: '9223372036854775808' }, 'limit'))).toEqual({
      code: 400,
      reason: 'BadRequest',
      message: 'strconv.ParseInt: parsing "9223372036854775808": value out of range',
    });
    for (const v of ['', '1.5', '1e3', '0x10', ' 1', '1_000', 'abc'])
      expect(statusOf(() => intParam({ timeoutSeconds: v }, 'timeoutSeconds')).message).toBe(
        `strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`,
      );
  });

  it("resourceVersions: a uint64, else 400 with the store's message", () => {
    for (const rv of ['', '0', '1', '18446744073709551615']) expect(() => checkResourceVersion(rv)).not.toThrow();
    expect(statusOf(() => checkResourceVersion('18446744073709551616'))).toEqual({
      code: 400,
      reason: 'BadRequest',
      message:
        'invalid resource version: resourceVersion: Invalid value: "18446744073709551616": strconv.ParseUint: parsing "18446744073709551616": value out of range',
    });
    for (const rv of ['-1', '+1', 'abc', '1.0'])
      expect(statusOf(() => checkResourceVersion(rv)).message).toMatch(
        /strconv\.ParseUint: parsing ".*": invalid syntax$/,
      );
  });

  it('fieldManager: at most 128 bytes of printable characters, else 422 on the options kind', () => {
    expect(() => checkFieldManager({ fieldManager: 'kubectl-client-side-apply' }, 'CreateOptions')).not.toThrow();
    expect(() => checkFieldManager({ fieldManager: 'x'.repeat(128) }, 'CreateOptions')).not.toThrow();
    expect(() => checkFieldManager({ fieldManager: 'é ü ✓' }, 'CreateOptions')).not.toThrow();
    expect(statusOf(() => checkFieldManager({ fieldManager: 'x'.repeat(129) }, 'PatchOptions'))).toEqual({
      code: 422,
      reason: 'Invalid',
      message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes',
    });
    // 65 two-byte characters are 130 bytes.
    expect(statusOf(() => checkFieldManager({ fieldManager: 'é'.repeat(65) }, 'UpdateOptions')).code).toBe(422);
    expect(statusOf(() => checkFieldManager({ fieldManager: 'a\u0007b\tc' }, 'CreateOptions')).message).toBe(
      'CreateOptions.meta.k8s.io "" is invalid: [fieldManager: Invalid value: "a\\ab\\tc": invalid character U+0007, fieldManager: Invalid value: "a\\ab\\tc": invalid character U+0009]',
    );
  });
});
