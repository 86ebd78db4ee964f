import { describe, expect, it } from 'vitest';
import { fitErrorMessage, newDiagnosis } from './diagnosis.js';
import { NodeToStatus } from './node-to-status.js';
import { unresolvable, unschedulable } from './status.js';

function statuses(entries: [string, ReturnType<typeof unschedulable>][]): NodeToStatus {
  const m = new NodeToStatus();
  for (const [n, s] of entries) m.set(n, s);
  return m;
}

describe('fitErrorMessage (FitError.Error)', () => {
  it('counts reasons per node and sorts them as strings, then appends the PostFilter message', () => {
    const d = newDiagnosis(
      statuses([
        ['a', unresolvable('node(s) were unschedulable')],
        ['b', unschedulable('Insufficient cpu')],
        ['c', unschedulable('Insufficient cpu')],
      ]),
    );
    d.postFilterMsg = 'preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    expect(fitErrorMessage(3, d)).toBe(
      '0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    );
  });

  it('counts every reason of a multi-reason status', () => {
    const d = newDiagnosis(
      statuses([
        ['a', unschedulable('Insufficient cpu', 'Insufficient memory')],
        ['b', unschedulable('Insufficient memory')],
      ]),
    );
    expect(fitErrorMessage(2, d)).toBe('0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory.');
  });

  it('sorts by the whole "count reason" string, so 10 comes before 2', () => {
    const m = new NodeToStatus();
    for (let i = 0; i < 10; i++) m.set(`a${i}`, unschedulable('Insufficient cpu'));
    m.set('b0', unschedulable('Too many pods'));
    m.set('b1', unschedulable('Too many pods'));
    expect(fitErrorMessage(12, newDiagnosis(m))).toBe(
      '0/12 nodes are available: 10 Insufficient cpu, 2 Too many pods.',
    );
  });

  it('counts absent nodes with the absent-node status', () => {
    const m = statuses([['a', unschedulable('Insufficient cpu')]]);
    m.setAbsentNodesStatus(unresolvable("node(s) didn't satisfy plugin(s) [NodeAffinity]"));
    expect(fitErrorMessage(4, newDiagnosis(m))).toBe(
      "0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity].",
    );
  });

  it('uses only the PreFilter message when PreFilter rejected the pod', () => {
    const m = new NodeToStatus();
    m.setAbsentNodesStatus(unresolvable('parsing pod: bad'));
    const d = newDiagnosis(m);
    d.preFilterMsg = 'parsing pod: bad';
    d.postFilterMsg = 'preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.';
    expect(fitErrorMessage(2, d)).toBe(
      '0/2 nodes are available: parsing pod: bad. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    );
  });
});
