import { describe, expect, it } from 'vitest';
import { MACHINERY_ERRORS, MachineryError, isMachineryError, machineryError } from './errors.js';

describe('error catalogue', () => {
  it('builds errors with code, status and the rendered message', () => {
    const err = machineryError('FieldSelectorTerm', 'a', 'a');
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(MachineryError);
    expect(err.name).toBe('MachineryError');
    expect(err.code).toBe('FieldSelectorTerm');
    expect(err.status).toBe(400);
    expect(err.message).toBe("invalid selector: 'a'; can't understand 'a'");
  });

  it('renders Go-formatted values in strategic merge messages', () => {
    expect(machineryError('NoMergeKey', { value: 'b' }, 'name').message).toBe(
      'map: map[value:b] does not contain declared merge key: name',
    );
    expect(machineryError('BadArgType', 'map[string]interface {}', 'x').message).toBe(
      'expected a map[string]interface {}, but received a string',
    );
    expect(machineryError('BadPatchType', 'foo', { $patch: 'foo' }).message).toBe(
      'unknown patch type: foo in map: map[$patch:foo]',
    );
  });

  it('quotes paths for add/remove only, as evanphx/json-patch does', () => {
    expect(machineryError('JsonPatchMissingPath', 'add', '/a/b').message).toBe(
      'add operation does not apply: doc is missing path: "/a/b": missing value',
    );
    expect(machineryError('JsonPatchMissingPath', 'replace', '/a/b').message).toBe(
      'replace operation does not apply: doc is missing path: /a/b: missing value',
    );
  });

  it('gives every entry an HTTP status and a template', () => {
    for (const [code, [status, template]] of Object.entries(MACHINERY_ERRORS)) {
      expect([400, 422, 500], code).toContain(status);
      expect(typeof template).toBe('function');
    }
  });

  it('isMachineryError filters by code', () => {
    const err = machineryError('QuantitySuffix');
    expect(isMachineryError(err)).toBe(true);
    expect(isMachineryError(err, 'QuantitySuffix')).toBe(true);
    expect(isMachineryError(err, 'QuantityFormat')).toBe(false);
    expect(isMachineryError(new Error("unable to parse quantity's suffix"))).toBe(false);
  });
});
