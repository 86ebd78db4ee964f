import type { ObjectWithMetadata, OwnerReference } from '@wheelhouse/api';
import { deepFreeze } from '@wheelhouse/machinery';
import { describe, expect, it } from 'vitest';
import { controllerOf, enqueueObject, enqueueOwner } from './handlers.js';

function recorder() {
  const keys: string[] = [];
  return { keys, queue: { enqueue: (k: string) => void keys.push(k) } };
}

const rs = (name: string, controller = true): OwnerReference => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  name,
  uid: `uid-${name}`,
  controller,
});

const pod = (name: string, owners: OwnerReference[] = [], namespace = 'shop') =>
  deepFreeze<ObjectWithMetadata>({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, ...(owners.length ? { ownerReferences: owners } : {}) },
  });

describe('enqueueObject', () => {
  it('enqueues the namespace/name key on add, update and delete', () => {
    const { keys, queue } = recorder();
    const h = enqueueObject(queue);
    h.onAdd!(pod('a'), true);
    h.onUpdate!(pod('a'), pod('b'));
    h.onDelete!(pod('c', [], ''), false);
    expect(keys).toEqual(['shop/a', 'shop/b', 'c']);
  });
});

describe('enqueueOwner', () => {
  const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };

  it('enqueues the controlling owner of the given group and kind, whatever its version', () => {
    const { keys, queue } = recorder();
    const h = enqueueOwner(queue, owner);
    h.onAdd!(pod('a', [{ ...rs('web'), apiVersion: 'apps/v1beta2' }]), false);
    h.onDelete!(pod('b', [rs('api')]), true);
    expect(keys).toEqual(['shop/web', 'shop/api']);
  });

  it('ignores objects without a controller, or controlled by another kind or group', () => {
    const { keys, queue } = recorder();
    const h = enqueueOwner(queue, owner);
    h.onAdd!(pod('a'), false);
    h.onAdd!(pod('b', [rs('web', false)]), false);
    h.onAdd!(pod('c', [{ ...rs('web'), kind: 'StatefulSet' }]), false);
    h.onAdd!(pod('d', [{ ...rs('web'), apiVersion: 'extensions/v1beta1' }]), false);
    expect(keys).toEqual([]);
  });

  it('on an update enqueues the old and the new controller when they differ, once when the same', () => {
    const { keys, queue } = recorder();
    const h = enqueueOwner(queue, owner);
    h.onUpdate!(pod('a', [rs('old')]), pod('a', [rs('new')]));
    h.onUpdate!(pod('a', [rs('same')]), pod('a', [rs('same')]));
    h.onUpdate!(pod('a', [rs('gone')]), pod('a'));
    expect(keys).toEqual(['shop/old', 'shop/new', 'shop/same', 'shop/gone']);
  });

  it('keys cluster-scoped owners by name alone', () => {
    const { keys, queue } = recorder();
    const h = enqueueOwner(queue, { apiVersion: 'v1', kind: 'Node', clusterScoped: true });
    h.onAdd!(pod('a', [{ apiVersion: 'v1', kind: 'Node', name: 'node-1', uid: 'n', controller: true }]), false);
    expect(keys).toEqual(['node-1']);
  });
});

describe('controllerOf', () => {
  it('finds the owner reference marked controller', () => {
    expect(controllerOf(pod('a', [rs('x', false), rs('y')]))?.name).toBe('y');
    expect(controllerOf(pod('a', [rs('x', false)]))).toBeUndefined();
  });
});
