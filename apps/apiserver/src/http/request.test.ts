import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { groupVersions } from '../registry/registry.js';
import { decodeBody, fieldValidationOf, intParam, parseTarget, wantsTable } from './request.js';

const core = groupVersions().find((g) => g.group === '')!;
const apps = groupVersions().find((g) => g.group === 'apps')!;
const target = (gv: typeof core, path: string) => {
  const t = parseTarget(gv, path.split('/'));
  return {
    resource: t.def.plural,
    namespace: t.namespace,
    name: t.name,
    subresource: t.subresource,
    watch: t.watchPrefix,
  };
};

describe('parseTarget', () => {
  it('reads namespaced, cluster-scoped and subresource paths like kube-apiserver', () => {
    expect(target(core, 'namespaces/default/pods')).toEqual({
      resource: 'pods',
      namespace: 'default',
      name: undefined,
      subresource: undefined,
      watch: false,
    });
    expect(target(core, 'namespaces/default/pods/web-0/status')).toMatchObject({
      resource: 'pods',
      name: 'web-0',
      subresource: 'status',
    });
    expect(target(core, 'namespaces/kube-system')).toMatchObject({
      resource: 'namespaces',
      name: 'kube-system',
      namespace: undefined,
    });
    expect(target(core, 'namespaces/x/status')).toMatchObject({
      resource: 'namespaces',
      name: 'x',
      subresource: 'status',
    });
    expect(target(core, 'namespaces/x/finalize')).toMatchObject({
      resource: 'namespaces',
      name: 'x',
      subresource: 'finalize',
    });
    expect(target(core, 'pods')).toMatchObject({ resource: 'pods', namespace: undefined });
    expect(target(core, 'watch/namespaces/default/pods')).toMatchObject({ resource: 'pods', watch: true });
    expect(target(apps, 'namespaces/default/deployments/web/scale')).toMatchObject({
      resource: 'deployments',
      subresource: 'scale',
    });
  });

  it('throws 404 for paths that name nothing', () => {
    for (const p of [
      'widgets',
      'namespaces/default/widgets',
      'nodes/n1/scale',
      'namespaces/default/nodes',
      'namespaces/default/pods/a/b/c',
      'namespaces/default/pods/',
    ]) {
      expect(() => parseTarget(core, p.split('/')), p).toThrow(ApiError);
    }
  });
});

describe('query and body helpers', () => {
  it('reads integers, fieldValidation and the Table Accept', () => {
    expect(intParam({ limit: '500' }, 'limit')).toBe(500);
    expect(() => intParam({ limit: '5x' }, 'limit')).toThrow('strconv.ParseInt: parsing "5x": invalid syntax');
    expect(fieldValidationOf({})).toBe('Warn');
    expect(fieldValidationOf({ fieldValidation: 'Strict' })).toBe('Strict');
    expect(() => fieldValidationOf({ fieldValidation: 'Loud' })).toThrow(ApiError);
    expect(
      wantsTable(
        'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json',
      ),
    ).toBe(true);
    expect(wantsTable('application/json')).toBe(false);
  });

  it('decodes JSON (with or without Content-Type) and YAML; refuses other media types with 415', () => {
    expect(decodeBody(Buffer.from('{"a":1}'), undefined)).toEqual({ a: 1 });
    expect(decodeBody(Buffer.from('a: 1\n'), 'application/yaml')).toEqual({ a: 1 });
    expect(() => decodeBody(Buffer.from('<x/>'), 'application/xml')).toThrow(expect.objectContaining({ code: 415 }));
    expect(() => decodeBody(Buffer.from(''), 'application/json')).toThrow(expect.objectContaining({ code: 400 }));
  });
});
