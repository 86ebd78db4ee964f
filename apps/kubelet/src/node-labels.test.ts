import { describe, expect, it } from 'vitest';
import { nodeLabelsProblem } from './node-labels.js';

describe('nodeLabelsProblem', () => {
  it('allows labels a kubelet may set, and any outside the kubernetes.io and k8s.io namespaces', () => {
    expect(
      nodeLabelsProblem({
        'node.kubernetes.io/instance-type': 'sim.large',
        'kubelet.kubernetes.io/pool': 'a',
        'x.node.kubernetes.io/y': 'b',
        'topology.kubernetes.io/zone': 'z',
        'example.com/team': 'db',
        zone: 'a',
      }),
    ).toBeUndefined();
  });

  it('refuses other kubernetes.io and k8s.io labels, then invalid keys and values', () => {
    expect(nodeLabelsProblem({ 'node-role.kubernetes.io/worker': '', 'x.k8s.io/y': '' })).toMatch(
      /^unknown 'kubernetes.io' or 'k8s.io' labels specified with --node-labels: \[node-role\.kubernetes\.io\/worker x\.k8s\.io\/y\]; /,
    );
    expect(nodeLabelsProblem({ 'bad key': 'x' })).toMatch(
      /^invalid node labels: 'bad key' - name part must consist of/,
    );
    expect(nodeLabelsProblem({ ok: 'not ok!' })).toMatch(/^invalid node labels: 'not ok!' - a valid label must be/);
  });
});
