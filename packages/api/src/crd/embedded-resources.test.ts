import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../validation/field-errors.js';
import { validateEmbeddedResources } from './embedded-resources.js';

describe('validateEmbeddedResources', () => {
  it('requires apiVersion and kind on embedded resources and checks their metadata', () => {
    const schema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            template: {
              type: 'object',
              'x-kubernetes-embedded-resource': true,
              'x-kubernetes-preserve-unknown-fields': true,
            },
          },
        },
      },
    };
    expect(
      validateEmbeddedResources(schema, { spec: { template: { kind: 'Pod_', metadata: { name: 'a/b' } } } }).map(
        formatFieldError,
      ),
    ).toEqual([
      'spec.template.apiVersion: Required value: must not be empty',
      "spec.template.kind: Invalid value: \"Pod_\": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      'spec.template.metadata.name: Invalid value: "a/b": may not contain \'/\'',
    ]);
  });

  it("checks an embedded name as a whole path segment and a generateName as a prefix ('..' allowed)", () => {
    const schema = {
      type: 'object',
      properties: {
        ref: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
      },
    };
    const ref = (metadata: object) => ({ ref: { apiVersion: 'v1', kind: 'Pod', metadata } });
    expect(validateEmbeddedResources(schema, ref({ name: '..' })).map(formatFieldError)).toEqual([
      'ref.metadata.name: Invalid value: "..": may not be \'..\'',
    ]);
    expect(validateEmbeddedResources(schema, ref({ generateName: '..' }))).toEqual([]);
    expect(validateEmbeddedResources(schema, ref({ generateName: 'a%' })).map(formatFieldError)).toEqual([
      'ref.metadata.generateName: Invalid value: "a%": may not contain \'%\'',
    ]);
  });
});
