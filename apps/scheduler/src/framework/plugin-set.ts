/**
 * Instantiates a profile's plugins from the registry and sorts them by extension point
 * (each named plugin is built once and shared between its points).
 */
import type { ClusterEventWithHint } from './events.js';
import type { Handle } from './handle.js';
import {
  implementsPoint,
  type BindPlugin,
  type EnqueueExtensions,
  type ExtensionPoint,
  type FilterPlugin,
  type PermitPlugin,
  type Plugin,
  type PostBindPlugin,
  type PostFilterPlugin,
  type PreBindPlugin,
  type PreEnqueuePlugin,
  type PreFilterPlugin,
  type PreScorePlugin,
  type QueueSortPlugin,
  type ReservePlugin,
  type ScorePlugin,
} from './interfaces.js';
import type { ProfileSpec, Registry } from './registry.js';

/** A Score plugin and its weight. */
export interface WeightedScorePlugin {
  readonly plugin: ScorePlugin;
  readonly weight: number;
}

/** The plugins of one profile by extension point, in configured order. */
export interface PluginSet {
  readonly all: ReadonlyMap<string, Plugin>;
  readonly preEnqueue: readonly PreEnqueuePlugin[];
  readonly queueSort: readonly QueueSortPlugin[];
  readonly preFilter: readonly PreFilterPlugin[];
  readonly filter: readonly FilterPlugin[];
  readonly postFilter: readonly PostFilterPlugin[];
  readonly preScore: readonly PreScorePlugin[];
  readonly score: readonly WeightedScorePlugin[];
  readonly reserve: readonly ReservePlugin[];
  readonly permit: readonly PermitPlugin[];
  readonly preBind: readonly PreBindPlugin[];
  readonly bind: readonly BindPlugin[];
  readonly postBind: readonly PostBindPlugin[];
  /** The events each plugin registered (plugins without EnqueueExtensions are absent). */
  readonly events: ReadonlyMap<string, readonly ClusterEventWithHint[]>;
}

function instantiate(profile: ProfileSpec, registry: Registry, handle: Handle): Map<string, Plugin> {
  const built = new Map<string, Plugin>();
  for (const refs of Object.values(profile.plugins)) {
    for (const { name } of refs ?? []) {
      if (built.has(name)) continue;
      const factory = registry.get(name);
      if (!factory) throw new Error(`plugin "${name}" does not exist`);
      built.set(name, factory(profile.pluginArgs?.get(name), handle));
    }
  }
  return built;
}

function atPoint<T extends Plugin>(profile: ProfileSpec, built: Map<string, Plugin>, point: ExtensionPoint): T[] {
  return (profile.plugins[point] ?? []).map(({ name }) => {
    const p = built.get(name) as Plugin;
    if (!implementsPoint(p, point)) throw new Error(`plugin "${name}" does not extend ${point} plugin`);
    return p as T;
  });
}

function scorePlugins(profile: ProfileSpec, built: Map<string, Plugin>): WeightedScorePlugin[] {
  const plugins = atPoint<ScorePlugin>(profile, built, 'score');
  return plugins.map((plugin, i) => ({ plugin, weight: profile.plugins.score?.[i]?.weight || 1 }));
}

function registeredEvents(built: Map<string, Plugin>): Map<string, readonly ClusterEventWithHint[]> {
  const events = new Map<string, readonly ClusterEventWithHint[]>();
  for (const [name, p] of built) {
    const ext = p as Partial<EnqueueExtensions>;
    if (typeof ext.eventsToRegister === 'function') events.set(name, ext.eventsToRegister());
  }
  return events;
}

/** Builds every plugin of `profile`. Throws when a plugin is unknown or lacks an enabled extension point. */
export function buildPluginSet(profile: ProfileSpec, registry: Registry, handle: Handle): PluginSet {
  const all = instantiate(profile, registry, handle);
  return {
    all,
    preEnqueue: atPoint(profile, all, 'preEnqueue'),
    queueSort: atPoint(profile, all, 'queueSort'),
    preFilter: atPoint(profile, all, 'preFilter'),
    filter: atPoint(profile, all, 'filter'),
    postFilter: atPoint(profile, all, 'postFilter'),
    preScore: atPoint(profile, all, 'preScore'),
    score: scorePlugins(profile, all),
    reserve: atPoint(profile, all, 'reserve'),
    permit: atPoint(profile, all, 'permit'),
    preBind: atPoint(profile, all, 'preBind'),
    bind: atPoint(profile, all, 'bind'),
    postBind: atPoint(profile, all, 'postBind'),
    events: registeredEvents(all),
  };
}
