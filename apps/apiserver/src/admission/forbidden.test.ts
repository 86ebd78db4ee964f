import { describe, expect, it } from 'vitest';
import { resourceDef } from '../registry/registry.js';
import { admissionForbidden } from './forbidden.js';

describe('admissionForbidden', () => {
  it("names a grouped resource with its group, as kube's admission.NewForbidden does", () => {
    const cause = { reason: 'NamespaceTerminating', message: 'namespace ns is being terminated' };
    const err = admissionForbidden(resourceDef('apps', 'deployments'), 'd', 'no', [cause]);
    expect(err.reason).toBe('Forbidden');
    expect(err.message).toBe('deployments.apps "d" is forbidden: no');
    expect(err.details).toEqual({ name: 'd', group: 'apps', kind: 'deployments', causes: [cause] });
    expect(admissionForbidden(resourceDef('', 'pods'), 'p', 'no').details).toEqual({ name: 'p', kind: 'pods' });
  });
});
