/** Fakes for framework tests: handle dependencies that record writes and events, plugin stubs. */
import type { Pod } from '@wheelhouse/api';
import { FakeClock, seededRandom } from '@wheelhouse/testing';
import type { NodeInfo } from '../cache/node-info.js';
import type { ClusterListers, ClusterWriter, PodNominator, PodStatusPatch, SchedulerEvents } from './handle.js';
import type { FilterPlugin, Plugin, ScorePlugin } from './interfaces.js';
import type { PodInfo } from './pod-info.js';
import type { PluginFactory, ProfileSpec } from './registry.js';
import { Framework, type FrameworkDeps } from './runtime.js';
import type { StatusResult } from './status.js';

/** Listers over fixed object lists. */
export function fakeListers(
  objs: Partial<{ [K in keyof ClusterListers]: ReturnType<NonNullable<ClusterListers[K]>> }> = {},
): ClusterListers {
  return {
    namespace: (n) => objs.namespaces?.find((ns) => ns.metadata?.name === n),
    namespaces: () => objs.namespaces ?? [],
    pod: () => undefined,
    podDisruptionBudgets: () => objs.podDisruptionBudgets ?? [],
    services: (ns) => (objs.services ?? []).filter((s) => s.metadata?.namespace === ns),
    replicaSet: () => undefined,
    statefulSet: () => undefined,
  };
}

/** A writer that records every call. */
export class RecordingWriter implements ClusterWriter {
  readonly calls: { op: string; pod: string; arg?: unknown }[] = [];
  failBind: Error | undefined;

  async bind(pod: Pod, nodeName: string): Promise<void> {
    this.calls.push({ op: 'bind', pod: pod.metadata?.name ?? '', arg: nodeName });
    if (this.failBind) throw this.failBind;
  }

  async patchPodStatus(pod: Pod, patch: PodStatusPatch): Promise<void> {
    this.calls.push({ op: 'patchStatus', pod: pod.metadata?.name ?? '', arg: patch });
  }

  async deletePod(pod: Pod): Promise<void> {
    this.calls.push({ op: 'delete', pod: pod.metadata?.name ?? '' });
  }
}

/** Events as [type, reason, message, regarding pod name]. */
export class RecordingEvents implements SchedulerEvents {
  readonly events: { type: string; reason: string; message: string; pod: string }[] = [];

  event(regarding: Pod, type: 'Normal' | 'Warning', reason: string, _action: string, message: string): void {
    this.events.push({ type, reason, message, pod: regarding.metadata?.name ?? '' });
  }
}

/** A nominator over a fixed map node -> pods. */
export function fakeNominator(byNode: Map<string, PodInfo[]> = new Map()): PodNominator {
  return { nominatedPodsForNode: (n) => byNode.get(n) ?? [] };
}

/** Framework dependencies with fakes; override any. */
export function fakeDeps(overrides: Partial<FrameworkDeps> = {}): FrameworkDeps {
  return {
    registry: new Map(),
    nominator: fakeNominator(),
    listers: fakeListers(),
    writer: new RecordingWriter(),
    events: new RecordingEvents(),
    clock: new FakeClock(),
    random: seededRandom(),
    ...overrides,
  };
}

/** A framework for one profile built from `factories` (plugin name -> factory). */
export function newFramework(
  factories: Record<string, PluginFactory>,
  plugins: ProfileSpec['plugins'],
  overrides: Partial<FrameworkDeps> & { percentageOfNodesToScore?: number; pluginArgs?: Map<string, unknown> } = {},
): Framework {
  const { percentageOfNodesToScore, pluginArgs, ...deps } = overrides;
  const registry = new Map(Object.entries(factories));
  return new Framework(
    { schedulerName: 'default-scheduler', plugins, percentageOfNodesToScore, pluginArgs },
    fakeDeps({ registry, ...deps }),
  );
}

/** A Filter plugin deciding by a function of the node. */
export function filterPlugin(name: string, decide: (node: NodeInfo, pod: PodInfo) => StatusResult): FilterPlugin {
  return { name, filter: (_s, pod, node) => decide(node, pod) };
}

/** A Score plugin scoring by a function of the node. */
export function scorePlugin(name: string, score: (node: NodeInfo) => number): ScorePlugin {
  return { name, score: (_s, _p, node) => score(node) };
}

/** A factory returning a fixed plugin. */
export function fixed(p: Plugin): PluginFactory {
  return () => p;
}
