import type { Node, Pod, PodDisruptionBudget } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../../builders.test-support.js';
import { Snapshot } from '../../cache/snapshot.js';
import { CycleState } from '../../framework/cycle-state.js';
import {
  fakeListers,
  fakeNominator,
  newFramework,
  RecordingEvents,
  RecordingWriter,
} from '../../framework/framework.test-support.js';
import { newPodInfo, type PodInfo } from '../../framework/pod-info.js';
import { schedulePod } from '../../framework/schedule-pod.js';
import { newNodeResourcesFit } from '../noderesourcesfit/fit.js';
import { newNodeUnschedulable } from '../nodeunschedulable/node-unschedulable.js';
import { newDefaultPreemption } from './default-preemption.js';

interface Setup {
  nodes: Node[];
  pods: Pod[];
  pdbs?: PodDisruptionBudget[];
  nominated?: Map<string, PodInfo[]>;
}

/** Runs a full scheduling attempt of `preemptor` with Filter and PostFilter (preemption). */
async function attempt(setup: Setup, preemptor: Pod) {
  const writer = new RecordingWriter();
  const events = new RecordingEvents();
  const listers = {
    ...fakeListers({ podDisruptionBudgets: setup.pdbs ?? [] }),
    pod: (ns: string, name: string) =>
      preemptor.metadata?.name === name && preemptor.metadata?.namespace === ns ? preemptor : undefined,
  };
  const fwk = newFramework(
    {
      NodeUnschedulable: newNodeUnschedulable,
      NodeResourcesFit: newNodeResourcesFit,
      DefaultPreemption: newDefaultPreemption,
    },
    {
      preFilter: [{ name: 'NodeResourcesFit' }],
      filter: [{ name: 'NodeUnschedulable' }, { name: 'NodeResourcesFit' }],
      postFilter: [{ name: 'DefaultPreemption' }],
    },
    { writer, events, listers, nominator: fakeNominator(setup.nominated) },
  );
  const snapshot = Snapshot.of(setup.nodes, setup.pods);
  fwk.setSnapshot(snapshot);
  const state = new CycleState();
  const pod = newPodInfo(preemptor);
  const r = schedulePod({ fwk, state, snapshot, cursor: { next: 0 }, percentageOfNodesToScore: 0 }, pod);
  if (r.kind !== 'unschedulable') throw new Error(`expected no fit, got ${r.kind}`);
  const post = await fwk.runPostFilterPlugins(state, pod, r.fitError.diagnosis.nodeToStatus);
  r.fitError.diagnosis.postFilterMsg = post.status?.message() ?? '';
  return { message: r.fitError.message(), nominated: post.result?.nominatedNodeName, writer, events };
}

const node = (name: string, cpu = '4') => makeNode(name).capacity({ cpu, memory: '16Gi', pods: '110' });
const running = (name: string, nodeName: string, priority: number, cpu = '2') =>
  makePod(name).req({ cpu }).priority(priority).node(nodeName).spec({ schedulerName: 'default-scheduler' });
const preemptor = (cpu = '2', priority = 100) => makePod('preemptor').req({ cpu }).priority(priority);

describe('DefaultPreemption', () => {
  it('evicts the least important pod that makes room and nominates its node', async () => {
    const out = await attempt(
      { nodes: [node('n1').obj], pods: [running('low', 'n1', 1).obj, running('mid', 'n1', 5).obj] },
      preemptor().obj,
    );
    expect(out.nominated).toBe('n1');
    expect(out.message).toBe('0/1 nodes are available: 1 Insufficient cpu.');
    expect(out.writer.calls).toEqual([
      {
        op: 'patchStatus',
        pod: 'low',
        arg: {
          conditions: [
            {
              type: 'DisruptionTarget',
              status: 'True',
              reason: 'PreemptionByScheduler',
              message: 'default-scheduler: preempting to accommodate a higher priority pod',
            },
          ],
        },
      },
      { op: 'delete', pod: 'low' },
    ]);
    expect(out.events.events).toEqual([
      {
        type: 'Normal',
        reason: 'Preempted',
        message: expect.stringMatching(/^Preempted by pod uid-preemptor-\d+ on node n1$/),
        pod: 'low',
      },
    ]);
  });

  it('reports nodes without lower-priority pods and nodes preemption cannot help, as kube-scheduler words them', async () => {
    const out = await attempt(
      {
        nodes: [node('cordoned').unschedulable().obj, node('n2').obj, node('n3').obj],
        pods: [running('a', 'n2', 1000, '4').obj, running('b', 'n3', 1000, '4').obj],
      },
      preemptor().obj,
    );
    expect(out.message).toBe(
      '0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
    expect(out.nominated).toBe('');
  });

  it('says preemption is not helpful when every node is unresolvable', async () => {
    const out = await attempt(
      { nodes: [node('a').unschedulable().obj, node('b').unschedulable().obj], pods: [] },
      preemptor().obj,
    );
    expect(out.message).toBe(
      '0/2 nodes are available: 2 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    );
  });

  it('reports the fit still failing when even evicting every lower-priority pod is not enough', async () => {
    const out = await attempt({ nodes: [node('n1').obj], pods: [running('low', 'n1', 1).obj] }, preemptor('8').obj);
    expect(out.message).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu.',
    );
  });

  it('honours preemptionPolicy Never', async () => {
    const out = await attempt(
      { nodes: [node('n1').obj], pods: [running('low', 'n1', 1, '4').obj] },
      preemptor().spec({ preemptionPolicy: 'Never' }).obj,
    );
    expect(out.message).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.',
    );
    expect(out.writer.calls).toEqual([]);
  });

  it('waits while a victim of an earlier preemption is still terminating on the nominated node', async () => {
    const terminating = running('victim', 'n1', 1, '4').obj;
    terminating.metadata = { ...terminating.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' };
    terminating.status = {
      conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }],
    };
    const out = await attempt({ nodes: [node('n1').obj], pods: [terminating] }, preemptor().nominated('n1').obj);
    expect(out.message).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node.',
    );
  });

  it('prefers the node whose victims violate no PodDisruptionBudget', async () => {
    const pdb: PodDisruptionBudget = {
      metadata: { name: 'guard', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'guarded' } } },
      status: { disruptionsAllowed: 0 },
    };
    const out = await attempt(
      {
        nodes: [node('a').obj, node('b').obj],
        pods: [running('guarded', 'a', 1, '4').label('app', 'guarded').obj, running('free', 'b', 5, '4').obj],
        pdbs: [pdb],
      },
      preemptor().obj,
    );
    expect(out.nominated).toBe('b');
    expect(out.writer.calls.filter((c) => c.op === 'delete')).toEqual([{ op: 'delete', pod: 'free' }]);
  });

  it('still preempts a PDB-protected pod when nothing else can make room', async () => {
    const pdb: PodDisruptionBudget = {
      metadata: { name: 'guard', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'guarded' } } },
      status: { disruptionsAllowed: 0 },
    };
    const out = await attempt(
      { nodes: [node('a').obj], pods: [running('guarded', 'a', 1, '4').label('app', 'guarded').obj], pdbs: [pdb] },
      preemptor().obj,
    );
    expect(out.nominated).toBe('a');
  });

  it.each([
    ['the lowest highest-priority victim', [running('p5', 'a', 5, '4'), running('p1', 'b', 1, '4')], 'b'],
    ['the smallest sum of priorities', [running('a1', 'a', 3), running('a2', 'a', 3), running('b1', 'b', 3, '4')], 'b'],
    [
      'the fewest victims at equal priorities',
      [running('a1', 'a', 0), running('a2', 'a', 0), running('b1', 'b', 0, '4')],
      'b',
    ],
  ])('picks the node with %s', async (_name, pods, expected) => {
    const out = await attempt(
      { nodes: [node('a').obj, node('b').obj], pods: pods.map((p) => p.obj) },
      preemptor('4').obj,
    );
    expect(out.nominated).toBe(expected);
  });

  it('evicts only as many pods as needed, reprieving the most important first', async () => {
    const out = await attempt(
      {
        nodes: [node('n1').obj],
        pods: [running('p1', 'n1', 1, '1').obj, running('p2', 'n1', 2, '1').obj, running('p3', 'n1', 3, '2').obj],
      },
      preemptor('2').obj,
    );
    expect(
      out.writer.calls
        .filter((c) => c.op === 'delete')
        .map((c) => c.pod)
        .sort(),
    ).toEqual(['p1', 'p2']);
  });

  it('clears the nomination of lower-priority pods nominated to the chosen node', async () => {
    const nominatedLow = newPodInfo(makePod('waiting').priority(1).nominated('n1').obj);
    const out = await attempt(
      {
        nodes: [node('n1').obj],
        pods: [running('low', 'n1', 1, '4').obj],
        nominated: new Map([['n1', [nominatedLow]]]),
      },
      preemptor().obj,
    );
    expect(out.writer.calls).toContainEqual({ op: 'patchStatus', pod: 'waiting', arg: { nominatedNodeName: '' } });
  });

  it('counts higher-priority pods nominated to a node against it', async () => {
    const nominatedHigh = newPodInfo(makePod('queued').req({ cpu: '2' }).priority(200).nominated('n1').obj);
    const out = await attempt(
      { nodes: [node('n1').obj], pods: [running('low', 'n1', 1).obj], nominated: new Map([['n1', [nominatedHigh]]]) },
      preemptor().obj,
    );
    // Without the nominated pod the preemptor would fit; with it, low must go.
    expect(out.nominated).toBe('n1');
    expect(out.writer.calls.filter((c) => c.op === 'delete').map((c) => c.pod)).toEqual(['low']);
  });
});
