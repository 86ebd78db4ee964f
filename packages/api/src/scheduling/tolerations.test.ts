import { describe, expect, it } from 'vitest';
import type { Taint } from '../schema/core-v1-node.js';
import { doNotScheduleTaint, findUntoleratedTaint, toleratesTaint, tolerationsTolerateTaint } from './tolerations.js';

const taint: Taint = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };

describe('toleratesTaint', () => {
  it('matches by key, effect and value as the operator says', () => {
    expect(toleratesTaint({ key: 'dedicated', value: 'db', effect: 'NoSchedule' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'dedicated', operator: 'Equal', value: 'db' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'dedicated', value: 'web' }, taint)).toBe(false);
    expect(toleratesTaint({ key: 'dedicated', operator: 'Exists' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, taint)).toBe(false);
    expect(toleratesTaint({ operator: 'Exists' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'other', operator: 'Exists' }, taint)).toBe(false);
    expect(toleratesTaint({ key: 'dedicated', operator: 'Lt', value: 'db' }, taint)).toBe(false);
  });
});

describe('findUntoleratedTaint', () => {
  const taints: Taint[] = [{ key: 'soft', effect: 'PreferNoSchedule' }, taint, { key: 'evict', effect: 'NoExecute' }];

  it('returns the first in-scope taint no toleration tolerates', () => {
    expect(findUntoleratedTaint(taints, [], doNotScheduleTaint)).toEqual(taint);
    expect(findUntoleratedTaint(taints, [{ key: 'dedicated', operator: 'Exists' }], doNotScheduleTaint)).toEqual({
      key: 'evict',
      effect: 'NoExecute',
    });
    expect(findUntoleratedTaint(taints, [{ operator: 'Exists' }], doNotScheduleTaint)).toBeUndefined();
    expect(findUntoleratedTaint(undefined, undefined, doNotScheduleTaint)).toBeUndefined();
  });

  it('tolerationsTolerateTaint is true when any toleration does', () => {
    expect(
      tolerationsTolerateTaint(
        [
          { key: 'x', operator: 'Exists' },
          { key: 'dedicated', value: 'db' },
        ],
        taint,
      ),
    ).toBe(true);
    expect(tolerationsTolerateTaint(undefined, taint)).toBe(false);
  });
});
