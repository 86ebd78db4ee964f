import { describe, expect, it } from 'vitest';
import type { RuntimeClass } from '../schema/node-v1.js';
import { formatFieldError, type FieldError } from './field-errors.js';
import { validateRuntimeClass, validateRuntimeClassUpdate } from './node.js';

const messages = (errs: FieldError[]) => errs.map(formatFieldError);
const rc = (fields: Partial<RuntimeClass> = {}): RuntimeClass => ({
  metadata: { name: 'gvisor', resourceVersion: '1' },
  handler: 'runsc',
  ...fields,
});

describe('RuntimeClass validation', () => {
  it('accepts a handler with overhead and scheduling', () => {
    const full = rc({
      overhead: { podFixed: { cpu: '250m', memory: '120Mi' } },
      scheduling: {
        nodeSelector: { 'runtime.example.com/gvisor': 'true' },
        tolerations: [{ key: 'sandbox', operator: 'Exists', effect: 'NoSchedule' }],
      },
    });
    expect(validateRuntimeClass(full)).toEqual([]);
  });

  it('requires the handler to be a DNS-1123 label', () => {
    const label =
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    expect(messages(validateRuntimeClass(rc({ handler: undefined })))).toEqual([
      `handler: Invalid value: "": ${label}`,
    ]);
    expect(messages(validateRuntimeClass(rc({ handler: 'Kata_QEMU' })))).toEqual([
      `handler: Invalid value: "Kata_QEMU": ${label}`,
    ]);
  });

  it('checks overhead quantities as container limits, and the node selector and tolerations as a pod’s', () => {
    const bad = rc({
      overhead: { podFixed: { cpu: '-1', 'bad name!': '1' } },
      scheduling: {
        nodeSelector: { 'a/b/c': 'x' },
        tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }],
      },
    });
    expect(messages(validateRuntimeClass(bad))).toEqual([
      'overhead.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0',
      expect.stringMatching(/^overhead\.limits\[bad name!\]: Invalid value: "bad name!": name part must consist/),
      'overhead.limits[bad name!]: Invalid value: "bad name!": must be a standard resource for containers',
      expect.stringMatching(/^scheduling\.nodeSelector: Invalid value: "a\/b\/c": a qualified name must consist/),
      "scheduling.tolerations[0].operator: Invalid value: core.Toleration{...}: value must be empty when `operator` is 'Exists'",
    ]);
  });

  it("refuses a changed handler with kube's immutable-field message", () => {
    expect(messages(validateRuntimeClassUpdate(rc({ handler: 'kata' }), rc()))).toEqual([
      'handler: Invalid value: "kata": field is immutable',
    ]);
    expect(validateRuntimeClassUpdate(rc({ scheduling: { nodeSelector: { a: 'b' } } }), rc())).toEqual([]);
  });
});
