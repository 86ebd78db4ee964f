import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../builders.test-support.js';
import { Snapshot } from '../cache/snapshot.js';
import { CycleState } from './cycle-state.js';
import { filterPlugin, fixed, newFramework, scorePlugin } from './framework.test-support.js';
import { newPodInfo } from './pod-info.js';
import { schedulePod, type FilterCursor } from './schedule-pod.js';
import { unresolvable, unschedulable } from './status.js';

function nodes(n: number) {
  return Array.from({ length: n }, (_, i) => makeNode(`n${i}`).obj);
}

function run(
  snapshot: Snapshot,
  fwk: ReturnType<typeof newFramework>,
  cursor: FilterCursor = { next: 0 },
  pod = makePod('p').obj,
) {
  return schedulePod({ fwk, state: new CycleState(), snapshot, cursor, percentageOfNodesToScore: 0 }, newPodInfo(pod));
}

describe('schedulePod', () => {
  it('fails with "no nodes available to schedule pods" on an empty cluster', () => {
    const r = run(Snapshot.of([]), newFramework({}, {}));
    expect(r.kind === 'error' && r.status.message()).toBe('no nodes available to schedule pods');
  });

  it('returns the FailedScheduling diagnosis when no node passes Filter', () => {
    const fwk = newFramework(
      {
        Cordon: fixed(
          filterPlugin('Cordon', (n) => (n.name === 'n0' ? unresolvable('node(s) were unschedulable') : undefined)),
        ),
        Cpu: fixed(filterPlugin('Cpu', () => unschedulable('Insufficient cpu'))),
      },
      { filter: [{ name: 'Cordon' }, { name: 'Cpu' }] },
    );
    const r = run(Snapshot.of(nodes(3)), fwk);
    expect(r.kind).toBe('unschedulable');
    if (r.kind !== 'unschedulable') return;
    expect(r.fitError.message()).toBe('0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu.');
    expect([...r.fitError.diagnosis.unschedulablePlugins].sort()).toEqual(['Cordon', 'Cpu']);
  });

  it('picks the best-scored node among the feasible ones', () => {
    const fwk = newFramework(
      {
        Even: fixed(
          filterPlugin('Even', (n) => (Number(n.name.slice(1)) % 2 === 0 ? undefined : unschedulable('odd'))),
        ),
        Big: fixed(scorePlugin('Big', (n) => Number(n.name.slice(1)) * 10)),
      },
      { filter: [{ name: 'Even' }], score: [{ name: 'Big' }] },
    );
    const r = run(Snapshot.of(nodes(6)), fwk);
    expect(r).toEqual({ kind: 'scheduled', host: 'n4', evaluatedNodes: 6, feasibleNodes: 3 });
  });

  it('stops filtering once enough feasible nodes are found and resumes after them next cycle', () => {
    const seen: string[] = [];
    const fwk = newFramework(
      {
        Seen: fixed(filterPlugin('Seen', (n) => (seen.push(n.name), undefined))),
        Flat: fixed(scorePlugin('Flat', () => 0)),
      },
      { filter: [{ name: 'Seen' }], score: [{ name: 'Flat' }] },
      { percentageOfNodesToScore: 50 },
    );
    const snapshot = Snapshot.of(nodes(300));
    const cursor = { next: 0 };
    run(snapshot, fwk, cursor);
    expect(seen).toHaveLength(150);
    expect(cursor.next).toBe(150);
    seen.length = 0;
    run(snapshot, fwk, cursor);
    expect(seen[0]).toBe('n150');
  });

  it('tries the nominated node first and takes it when it fits', () => {
    const seen: string[] = [];
    const fwk = newFramework(
      { Seen: fixed(filterPlugin('Seen', (n) => (seen.push(n.name), undefined))) },
      { filter: [{ name: 'Seen' }] },
    );
    const r = run(Snapshot.of(nodes(5)), fwk, { next: 0 }, makePod('p').nominated('n3').obj);
    expect(r.kind === 'scheduled' && r.host).toBe('n3');
    expect(seen).toEqual(['n3']);
  });

  it('skips scoring when a single node is feasible', () => {
    let scored = 0;
    const fwk = newFramework(
      {
        Only: fixed(filterPlugin('Only', (n) => (n.name === 'n1' ? undefined : unschedulable('no')))),
        Count: fixed(scorePlugin('Count', () => (scored++, 0))),
      },
      { filter: [{ name: 'Only' }], score: [{ name: 'Count' }] },
    );
    expect(run(Snapshot.of(nodes(3)), fwk)).toMatchObject({ kind: 'scheduled', host: 'n1', feasibleNodes: 1 });
    expect(scored).toBe(0);
  });
});
