import type { Pod } from '@wheelhouse/api';
import type { ResourceClient } from '@wheelhouse/client';
import { describe, expect, it } from 'vitest';
import { writeStatusIfChanged } from './status-writer.js';
import type { CachedPod } from './types.js';

const pod = {
  metadata: { name: 'p', namespace: 'ns', uid: 'u', resourceVersion: '7' },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }],
  },
} as unknown as CachedPod;

function fakeClient(): { client: ResourceClient<Pod>; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const client = {
    patchForMetadata: async (...args: unknown[]) => {
      calls.push(args);
      return { metadata: { resourceVersion: '8' } };
    },
  } as unknown as ResourceClient<Pod>;
  return { client, calls };
}

describe('writeStatusIfChanged', () => {
  it('sends nothing when the patch changes nothing (a condition re-stated with a new time included)', async () => {
    const { client, calls } = fakeClient();
    const patch = {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-02T00:00:00Z' }],
    };
    expect(await writeStatusIfChanged(client, pod, 'Pod', patch)).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('sends a strategic merge patch of pods/status, conditions whole, when something changes, asking for the metadata back', async () => {
    const { client, calls } = fakeClient();
    const patch = {
      conditions: [
        { type: 'Ready', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: '2026-01-02T00:00:00Z' },
      ],
    };
    expect(await writeStatusIfChanged(client, pod, 'Pod', patch)).toBe('8');
    expect(calls).toEqual([['p', { status: patch }, { type: 'strategic', subresource: 'status', namespace: 'ns' }]]);
  });
});
