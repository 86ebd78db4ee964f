import type { ApiObject } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import { coreDef, resourceDef } from '../../registry/registry.js';
import { collectParams, paramResource, type ParamReader } from './params.js';

const cm = (name: string, namespace: string, labels: Record<string, string> = {}): ApiObject => ({
  metadata: { name, namespace, labels },
});
const store = [cm('limits', 'team-a', { role: 'limit' }), cm('other', 'team-a'), cm('limits', 'team-b')];
const read: ParamReader = (_def, ns) => store.filter((o) => ns === undefined || o.metadata.namespace === ns);
const configMaps = coreDef('configmaps');

describe('collectParams', () => {
  it('finds the paramKind among served resources, or names the kind it could not find', () => {
    expect(paramResource({ apiVersion: 'v1', kind: 'ConfigMap' }, [configMaps])).toEqual({ def: configMaps });
    expect(paramResource({ apiVersion: 'example.com/v1', kind: 'Limit' }, [configMaps])).toEqual({
      error: "failed to find resource referenced by paramKind: 'example.com/v1, Kind=Limit'",
    });
  });

  it('reads a param by name in the request namespace, or in paramRef.namespace', () => {
    const ref = { name: 'limits', parameterNotFoundAction: 'Deny' };
    expect(collectParams(configMaps, ref, 'team-a', read)).toEqual({ params: [store[0]] });
    expect(collectParams(configMaps, { ...ref, namespace: 'team-b' }, 'team-a', read)).toEqual({ params: [store[2]] });
    expect(collectParams(configMaps, ref, '', read)).toEqual({
      error: 'cannot use namespaced paramRef in policy binding that matches cluster-scoped resources',
    });
  });

  it('selects params by labels; none found denies or allows as parameterNotFoundAction says', () => {
    const selector = { matchLabels: { role: 'limit' } };
    expect(collectParams(configMaps, { selector, parameterNotFoundAction: 'Allow' }, 'team-a', read)).toEqual({
      params: [store[0]],
    });
    expect(collectParams(configMaps, { selector, parameterNotFoundAction: 'Allow' }, 'team-b', read)).toEqual({
      params: [],
    });
    expect(collectParams(configMaps, { name: 'none', parameterNotFoundAction: 'Deny' }, 'team-a', read)).toEqual({
      error: 'no params found for policy binding with `Deny` parameterNotFoundAction',
    });
  });

  it('gives one null param without paramKind or paramRef, and refuses a namespace for a cluster-scoped kind', () => {
    expect(collectParams(undefined, { name: 'x' }, 'a', read)).toEqual({ params: [null] });
    expect(collectParams(configMaps, undefined, 'a', read)).toEqual({ params: [null] });
    const classes = resourceDef('storage.k8s.io', 'storageclasses');
    expect(collectParams(classes, { name: 'x', namespace: 'a', parameterNotFoundAction: 'Deny' }, '', read)).toEqual({
      error: 'paramRef.namespace must not be provided for a cluster-scoped `paramKind`',
    });
  });
});
