import { FakeClock } from '@wheelhouse/testing';
import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../builders.test-support.js';
import { NodeInfo } from '../cache/node-info.js';
import { CycleState } from './cycle-state.js';
import { filterPlugin, fixed, newFramework, scorePlugin } from './framework.test-support.js';
import { PreFilterResult, type BindPlugin, type PermitPlugin, type PreFilterPlugin } from './interfaces.js';
import { newPodInfo } from './pod-info.js';
import { asStatus, Code, newStatus, skip, unresolvable, unschedulable } from './status.js';

const nodeA = new NodeInfo(makeNode('a').obj);
const nodeB = new NodeInfo(makeNode('b').obj);
const pod = newPodInfo(makePod('p').obj);

describe('Filter', () => {
  it('stops at the first rejecting plugin and records its name', () => {
    const fwk = newFramework(
      {
        First: fixed(filterPlugin('First', () => unschedulable('first says no'))),
        Second: fixed(filterPlugin('Second', () => unresolvable('second says no'))),
      },
      { filter: [{ name: 'First' }, { name: 'Second' }] },
    );
    const s = fwk.runFilterPlugins(new CycleState(), pod, nodeA);
    expect([s?.code, s?.message(), s?.plugin]).toEqual([Code.Unschedulable, 'first says no', 'First']);
  });

  it('turns a non-rejecting failure into an Error naming the plugin', () => {
    const fwk = newFramework(
      { Broken: fixed(filterPlugin('Broken', () => asStatus(new Error('boom')))) },
      { filter: [{ name: 'Broken' }] },
    );
    const s = fwk.runFilterPlugins(new CycleState(), pod, nodeA);
    expect([s?.code, s?.message()]).toEqual([Code.Error, 'running filter plugin "Broken": boom']);
  });

  it('skips the Filter of a plugin whose PreFilter returned Skip', () => {
    const both: PreFilterPlugin & ReturnType<typeof filterPlugin> = {
      ...filterPlugin('Both', () => unschedulable('never')),
      preFilter: () => skip(),
    };
    const fwk = newFramework({ Both: fixed(both) }, { preFilter: [{ name: 'Both' }], filter: [{ name: 'Both' }] });
    const state = new CycleState();
    expect(fwk.runPreFilterPlugins(state, pod, [nodeA]).status).toBeUndefined();
    expect(fwk.runFilterPlugins(state, pod, nodeA)).toBeUndefined();
  });

  it('refuses a plugin enabled at a point it does not implement', () => {
    expect(() => newFramework({ S: fixed(scorePlugin('S', () => 1)) }, { filter: [{ name: 'S' }] })).toThrow(
      'plugin "S" does not extend filter plugin',
    );
    expect(() => newFramework({}, { filter: [{ name: 'Nope' }] })).toThrow('plugin "Nope" does not exist');
  });
});

describe('PreFilter', () => {
  const restricting = (name: string, nodes: string[]): PreFilterPlugin => ({
    name,
    preFilter: () => new PreFilterResult(new Set(nodes)),
  });

  it('intersects node-name results', () => {
    const fwk = newFramework(
      { A: fixed(restricting('A', ['a', 'b'])), B: fixed(restricting('B', ['b', 'c'])) },
      { preFilter: [{ name: 'A' }, { name: 'B' }] },
    );
    const out = fwk.runPreFilterPlugins(new CycleState(), pod, []);
    expect([...(out.result?.nodeNames ?? [])]).toEqual(['b']);
    expect(out.status).toBeUndefined();
  });

  it('rejects every node when the intersection is empty', () => {
    const fwk = newFramework(
      { A: fixed(restricting('A', ['a'])), B: fixed(restricting('B', ['b'])) },
      { preFilter: [{ name: 'A' }, { name: 'B' }] },
    );
    const out = fwk.runPreFilterPlugins(new CycleState(), pod, []);
    expect(out.status?.code).toBe(Code.UnschedulableAndUnresolvable);
    expect(out.status?.message()).toBe("node(s) didn't satisfy plugin(s) [A B] simultaneously");
  });

  it('keeps running after Unschedulable but stops at UnschedulableAndUnresolvable', () => {
    const calls: string[] = [];
    const plugin = (name: string, s: ReturnType<typeof unschedulable>): PreFilterPlugin => ({
      name,
      preFilter: () => (calls.push(name), s),
    });
    const fwk = newFramework(
      {
        U: fixed(plugin('U', unschedulable('u'))),
        R: fixed(plugin('R', unresolvable('r'))),
        Z: fixed(plugin('Z', unschedulable('z'))),
      },
      { preFilter: [{ name: 'U' }, { name: 'R' }, { name: 'Z' }] },
    );
    const out = fwk.runPreFilterPlugins(new CycleState(), pod, []);
    expect(calls).toEqual(['U', 'R']);
    expect([out.status?.message(), out.status?.plugin]).toEqual(['r', 'R']);
  });
});

describe('Score', () => {
  it('multiplies each plugin score by its weight and sums them', () => {
    const fwk = newFramework(
      {
        A: fixed(scorePlugin('A', (n) => (n.name === 'a' ? 10 : 50))),
        B: fixed(scorePlugin('B', (n) => (n.name === 'a' ? 100 : 0))),
      },
      {
        score: [
          { name: 'A', weight: 2 },
          { name: 'B', weight: 3 },
        ],
      },
    );
    const { scores } = fwk.runScorePlugins(new CycleState(), pod, [nodeA, nodeB]);
    expect(scores.map((s) => [s.name, s.totalScore])).toEqual([
      ['a', 320],
      ['b', 100],
    ]);
  });

  it('normalizes before weighting and rejects scores outside 0-100', () => {
    const normalizing = {
      ...scorePlugin('N', (n) => (n.name === 'a' ? 3 : 6)),
      normalizeScore: (_s: CycleState, _p: unknown, list: { score: number }[]) => {
        for (const s of list) s.score *= 10;
        return undefined;
      },
    };
    const fwk = newFramework({ N: fixed(normalizing) }, { score: [{ name: 'N' }] });
    expect(fwk.runScorePlugins(new CycleState(), pod, [nodeA, nodeB]).scores.map((s) => s.totalScore)).toEqual([
      30, 60,
    ]);
    const wild = newFramework({ W: fixed(scorePlugin('W', () => 101)) }, { score: [{ name: 'W' }] });
    expect(wild.runScorePlugins(new CycleState(), pod, [nodeA]).status?.message()).toBe(
      'plugin "W" returns an invalid score 101, it should in the range of [0, 100] after normalizing',
    );
  });

  it('leaves out plugins whose PreScore returned Skip', () => {
    const skipping = { ...scorePlugin('S', () => 100), preScore: () => skip() };
    const fwk = newFramework({ S: fixed(skipping) }, { preScore: [{ name: 'S' }], score: [{ name: 'S' }] });
    const state = new CycleState();
    fwk.runPreScorePlugins(state, pod, [nodeA]);
    expect(fwk.runScorePlugins(state, pod, [nodeA]).scores[0]?.totalScore).toBe(0);
  });
});

describe('Filter with nominated pods', () => {
  const fitsOne = filterPlugin('OnePod', (n) => (n.pods.length >= 1 ? unschedulable('Too many pods') : undefined));

  it('counts nominated pods of equal or higher priority against the node', () => {
    const high = newPodInfo(makePod('high').priority(10).obj);
    const low = newPodInfo(makePod('low').priority(-1).obj);
    const incoming = newPodInfo(makePod('in').priority(5).obj);
    const withHigh = newFramework(
      { OnePod: fixed(fitsOne) },
      { filter: [{ name: 'OnePod' }] },
      {
        nominator: { nominatedPodsForNode: () => [high] },
      },
    );
    expect(withHigh.runFilterPluginsWithNominatedPods(new CycleState(), incoming, nodeA)?.message()).toBe(
      'Too many pods',
    );
    const withLow = newFramework(
      { OnePod: fixed(fitsOne) },
      { filter: [{ name: 'OnePod' }] },
      {
        nominator: { nominatedPodsForNode: () => [low] },
      },
    );
    expect(withLow.runFilterPluginsWithNominatedPods(new CycleState(), incoming, nodeA)).toBeUndefined();
    expect(nodeA.pods).toHaveLength(0);
  });
});

describe('Permit and Bind', () => {
  it('holds a pod that a plugin makes wait until it is allowed', async () => {
    const permit: PermitPlugin = { name: 'Gate', permit: () => ({ status: newStatus(Code.Wait), timeoutMs: 5000 }) };
    const clock = new FakeClock();
    const fwk = newFramework({ Gate: fixed(permit) }, { permit: [{ name: 'Gate' }] }, { clock });
    expect(fwk.runPermitPlugins(new CycleState(), pod, 'a')?.code).toBe(Code.Wait);
    const waiting = fwk.waitOnPermit(pod);
    fwk.waitingPods.get(pod.key)?.allow('Gate');
    expect(await waiting).toBeUndefined();
  });

  it('rejects a waiting pod when the plugin timeout passes', async () => {
    const permit: PermitPlugin = { name: 'Gate', permit: () => ({ status: newStatus(Code.Wait), timeoutMs: 5000 }) };
    const clock = new FakeClock();
    const fwk = newFramework({ Gate: fixed(permit) }, { permit: [{ name: 'Gate' }] }, { clock });
    fwk.runPermitPlugins(new CycleState(), pod, 'a');
    const waiting = fwk.waitOnPermit(pod);
    await clock.advance(5000);
    const s = await waiting;
    expect([s?.code, s?.message(), s?.plugin]).toEqual([
      Code.Unschedulable,
      'rejected due to timeout after waiting 5s at plugin Gate',
      'Gate',
    ]);
  });

  it('passes the pod to the next binder when one returns Skip', async () => {
    const bound: string[] = [];
    const binder = (name: string, skipIt: boolean): BindPlugin => ({
      name,
      bind: async (_s, p, node) =>
        skipIt ? skip() : (bound.push(`${name}:${p.pod.metadata?.name}@${node}`), undefined),
    });
    const fwk = newFramework(
      { Skipper: fixed(binder('Skipper', true)), Binder: fixed(binder('Binder', false)) },
      { bind: [{ name: 'Skipper' }, { name: 'Binder' }] },
    );
    expect(await fwk.runBindPlugins(new CycleState(), pod, 'a')).toBeUndefined();
    expect(bound).toEqual(['Binder:p@a']);
  });
});
