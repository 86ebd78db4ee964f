import { describe, expect, it } from 'vitest';
import { certificateSchema } from '../validation/apiextensions.test-support.js';
import { formatFieldError } from '../validation/field-errors.js';
import { validateListSetsAndMaps } from './list-types.js';

describe('validateListSetsAndMaps', () => {
  it('reports the second entry with a repeated map key or set value as a Duplicate value', () => {
    const schema = certificateSchema();
    const obj = {
      status: {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'Issuing', status: 'False' },
          { type: 'Ready', status: 'False' },
        ],
      },
    };
    expect(validateListSetsAndMaps(schema, obj).map(formatFieldError)).toEqual([
      'status.conditions[2]: Duplicate value: map[string]interface {}{"type":"Ready"}',
    ]);
    const setSchema = {
      type: 'object',
      properties: { tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } } },
    };
    expect(validateListSetsAndMaps(setSchema, { tags: ['a', 'b', 'a', 'a'] }).map(formatFieldError)).toEqual([
      'tags[2]: Duplicate value: "a"',
    ]);
  });
});
