import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepFreeze, type JsonObject } from './json.js';
import { defaultPatchStrategies } from './patch-strategies.js';
import { strategicMergeDiff } from './strategic-diff.js';
import { strategicMergePatch } from './strategic-merge.js';

const POD = defaultPatchStrategies('Pod');

/** The diff, and the check that applying it gives `modified` back. */
function diff(original: object, modified: object): JsonObject {
  const [a, b] = [original as JsonObject, modified as JsonObject];
  const patch = strategicMergeDiff(deepFreeze(a), deepFreeze(b), POD);
  expect(strategicMergePatch(a, patch, POD)).toEqual(b);
  return patch;
}

describe('strategicMergeDiff', () => {
  it('is empty for equal objects', () => {
    expect(
      diff(
        { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
        { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
      ),
    ).toEqual({});
  });

  it('sends changed and new keys, and null for removed ones', () => {
    expect(
      diff(
        { status: { phase: 'Pending', reason: 'x', startTime: 't' } },
        { status: { phase: 'Running', startTime: 't', podIP: '10.0.0.2' } },
      ),
    ).toEqual({
      status: { phase: 'Running', podIP: '10.0.0.2', reason: null },
    });
  });

  it('patches conditions by type: only the changed ones, with their key', () => {
    const original = {
      status: {
        conditions: [
          { type: 'Initialized', status: 'True' },
          { type: 'Ready', status: 'False', reason: 'ContainersNotReady' },
        ],
      },
    };
    const modified = {
      status: {
        conditions: [
          { type: 'Initialized', status: 'True' },
          { type: 'Ready', status: 'True' },
          { type: 'DisruptionTarget', status: 'True' },
        ],
      },
    };
    expect(diff(original, modified)).toEqual({
      status: {
        conditions: [
          { type: 'Ready', status: 'True', reason: null },
          { type: 'DisruptionTarget', status: 'True' },
        ],
      },
    });
  });

  it('leaves conditions it did not change for others to own', () => {
    // A condition another writer added after the diff was made survives the patch.
    const patch = diff(
      { status: { conditions: [{ type: 'Ready', status: 'False' }] } },
      { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    );
    const live = {
      status: {
        conditions: [
          { type: 'Ready', status: 'False' },
          { type: 'example.com/gate', status: 'True' },
        ],
      },
    };
    expect(strategicMergePatch(live, patch, POD)).toEqual({
      status: {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'example.com/gate', status: 'True' },
        ],
      },
    });
  });

  it('deletes a removed element of a keyed list with $patch: delete', () => {
    expect(diff({ status: { podIPs: [{ ip: 'a' }, { ip: 'b' }] } }, { status: { podIPs: [{ ip: 'a' }] } })).toEqual({
      status: { podIPs: [{ ip: 'b', $patch: 'delete' }] },
    });
  });

  it('replaces containerStatuses whole, as k8s.io/api tags them (no merge key)', () => {
    const original = {
      status: {
        containerStatuses: [{ name: 'app', ready: false, state: { waiting: { reason: 'ContainerCreating' } } }],
      },
    };
    const modified = {
      status: { containerStatuses: [{ name: 'app', ready: true, state: { running: { startedAt: 't' } } }] },
    };
    expect(diff(original, modified)).toEqual(modified);
  });

  it('diffs nested maps key by key', () => {
    expect(
      diff(
        { status: { a: { waiting: { reason: 'x' }, keep: 1 } } },
        { status: { a: { running: { at: 't' }, keep: 1 } } },
      ),
    ).toEqual({
      status: { a: { waiting: null, running: { at: 't' } } },
    });
  });

  it('replaces lists without a merge strategy whole', () => {
    expect(
      diff({ spec: { tolerations: [{ key: 'a' }, { key: 'b' }] } }, { spec: { tolerations: [{ key: 'b' }] } }),
    ).toEqual({
      spec: { tolerations: [{ key: 'b' }] },
    });
  });

  it('sends set lists as additions and $deleteFromPrimitiveList', () => {
    const original = { metadata: { finalizers: ['a', 'b'] } };
    const patch = strategicMergeDiff(original, { metadata: { finalizers: ['a', 'c'] } }, POD);
    expect(patch).toEqual({ metadata: { finalizers: ['c'], '$deleteFromPrimitiveList/finalizers': ['b'] } });
    // The merge puts the patch's new items first.
    expect(strategicMergePatch(original, patch, POD)).toEqual({ metadata: { finalizers: ['c', 'a'] } });
  });

  it('turns any status into any other (property)', () => {
    const condition = fc.record(
      {
        type: fc.constantFrom('Ready', 'Initialized', 'PodScheduled', 'X'),
        status: fc.constantFrom('True', 'False'),
        reason: fc.option(fc.string(), { nil: undefined }),
      },
      { requiredKeys: ['type', 'status'] },
    );
    const container = fc.record({
      name: fc.constantFrom('a', 'b', 'c'),
      ready: fc.boolean(),
      state: fc.oneof(
        fc.record({ waiting: fc.record({ reason: fc.string() }) }),
        fc.record({ running: fc.record({ startedAt: fc.string() }) }),
      ),
    });
    const status = fc.record(
      {
        phase: fc.constantFrom('Pending', 'Running'),
        podIP: fc.string(),
        conditions: fc.uniqueArray(condition, { selector: (c) => c.type }),
        containerStatuses: fc.uniqueArray(container, { selector: (c) => c.name }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(status, status, (a, b) => {
        const original = JSON.parse(JSON.stringify({ status: a })) as JsonObject;
        const modified = JSON.parse(JSON.stringify({ status: b })) as JsonObject;
        const patch = strategicMergeDiff(original, modified, POD);
        const applied = strategicMergePatch(original, patch, POD) as { status?: JsonObject };
        // A merge appends new elements; compare lists as sets by key.
        const norm = (s: JsonObject | undefined): unknown => {
          const out: Record<string, unknown> = { ...(s ?? {}) };
          for (const k of ['conditions', 'containerStatuses'])
            if (Array.isArray(out[k]))
              out[k] = [...(out[k] as Array<{ type?: string; name?: string }>)].sort((x, y) =>
                String(x.type ?? x.name).localeCompare(String(y.type ?? y.name)),
              );
          return out;
        };
        expect(norm(applied.status)).toEqual(norm(modified['status'] as JsonObject));
      }),
      { numRuns: 300 },
    );
  });
});
