import type { ObjectWithMetadata, OwnerReference } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import { NODE_NAME_INDEX, OWNER_UID_INDEX, nodeNameIndexFunc, ownerUidIndexFunc } from './index-funcs.js';
import { Indexer } from './indexer.js';

interface Pod extends ObjectWithMetadata {
  spec: { nodeName?: string };
}

const pod = (name: string, nodeName?: string, owners: unknown[] = []): Pod => ({
  metadata: { name, namespace: 'default', ...(owners.length ? { ownerReferences: owners as OwnerReference[] } : {}) },
  spec: nodeName ? { nodeName } : {},
});

describe('ready-made index functions', () => {
  it('index pods by node and objects by owner uid, following updates and removals', () => {
    const idx = new Indexer<Pod>({ [NODE_NAME_INDEX]: nodeNameIndexFunc, [OWNER_UID_INDEX]: ownerUidIndexFunc });
    idx.upsert(pod('a', 'n1', [{ kind: 'ReplicaSet', name: 'rs', uid: 'u1' }, { uid: 'u2' }]));
    idx.upsert(pod('b', 'n1', [{ uid: 'u1' }, { uid: 'u1' }, { name: 'no-uid' }, null]));
    idx.upsert(pod('c'));
    expect(idx.indexKeys(NODE_NAME_INDEX, 'n1').sort()).toEqual(['default/a', 'default/b']);
    expect(idx.indexKeys(OWNER_UID_INDEX, 'u1').sort()).toEqual(['default/a', 'default/b']);
    expect(idx.indexKeys(OWNER_UID_INDEX, 'u2')).toEqual(['default/a']);

    idx.upsert(pod('a', 'n2'));
    idx.remove('default/b');
    expect(idx.indexKeys(NODE_NAME_INDEX, 'n1')).toEqual([]);
    expect(idx.indexKeys(NODE_NAME_INDEX, 'n2')).toEqual(['default/a']);
    expect(idx.indexKeys(OWNER_UID_INDEX, 'u1')).toEqual([]);
  });
});
