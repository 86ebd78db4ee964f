import { describe, expect, it } from 'vitest';
import {
  fieldErrorBody,
  formatFieldError,
  formatFieldErrors,
  invalidField,
  requiredField,
  tooLongField,
} from './field-errors.js';

describe('field error text', () => {
  it('renders Invalid with the bad value the way Go does', () => {
    expect(formatFieldError(invalidField('metadata.name', 'Web', 'bad'))).toBe(
      'metadata.name: Invalid value: "Web": bad',
    );
    expect(formatFieldError(invalidField('spec.replicas', -1, 'must be >= 0'))).toBe(
      'spec.replicas: Invalid value: -1: must be >= 0',
    );
    expect(formatFieldError(invalidField('x', true, 'no'))).toBe('x: Invalid value: true: no');
    expect(formatFieldError(invalidField('values', ['a', 'b'], 'd'))).toBe('values: Invalid value: ["a","b"]: d');
    expect(formatFieldError(invalidField('values', null, 'd'))).toBe('values: Invalid value: null: d');
    expect(formatFieldError(invalidField('x', 'q"\n', 'd'))).toBe('x: Invalid value: "q\\"\\n": d');
  });

  it('omits the value for Required and Too long', () => {
    expect(formatFieldError(requiredField('metadata.name', 'name or generateName is required'))).toBe(
      'metadata.name: Required value: name or generateName is required',
    );
    expect(fieldErrorBody(requiredField('spec.containers'))).toBe('Required value');
    expect(formatFieldError(tooLongField('metadata.annotations', 262144))).toBe(
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    );
    expect(fieldErrorBody(tooLongField('x', 1))).toBe('Too long: may not be more than 1 byte');
  });

  it('aggregates like utilerrors: one alone, several in brackets, duplicates once', () => {
    const a = invalidField('a', 'x', 'one');
    const b = invalidField('b', 'y', 'two');
    expect(formatFieldErrors([])).toBe('');
    expect(formatFieldErrors([a])).toBe('a: Invalid value: "x": one');
    expect(formatFieldErrors([a, b, a])).toBe('[a: Invalid value: "x": one, b: Invalid value: "y": two]');
    expect(formatFieldErrors([a, a])).toBe('a: Invalid value: "x": one');
  });
});
