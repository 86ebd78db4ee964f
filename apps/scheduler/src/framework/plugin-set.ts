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
  for (const refs of [...Object.values(profile.plugins), profile.multiPoint]) {
    for (const { name } of refs ?? []) {
      if (built.has(name)) continue;
      const factory = registry.get(name);
      if (!factory) throw new Error(`plugin "${name}" does not exist`);
      built.set(name, factory(profile.pluginArgs?.get(name), handle));
    }
  }
  return built;
}

/**
 * The plugin names of one point (expandMultiPointPlugins): multiPoint plugins that are also
 * enabled explicitly (in multiPoint order), then the other multiPoint plugins implementing
 * the point and not disabled there, then the remaining explicit ones.
 */
function namesAtPoint(profile: ProfileSpec, built: Map<string, Plugin>, point: ExtensionPoint): string[] {
  const explicit = (profile.plugins[point] ?? []).map((r) => r.name);
  for (const name of explicit) {
    if (!implementsPoint(built.get(name) as Plugin, point))
      throw new Error(`plugin "${name}" does not extend ${point} plugin`);
  }
  const disabled = new Set(profile.disabled?.[point] ?? []);
  if (disabled.has('*')) return explicit;
  const overrides: string[] = [];
  const fromMulti: string[] = [];
  for (const { name } of profile.multiPoint ?? []) {
    if (!implementsPoint(built.get(name) as Plugin, point) || disabled.has(name)) continue;
    if (explicit.includes(name)) overrides.push(name);
    else if (fromMulti.includes(name)) throw new Error(`plugin "${name}" already registered as ${point} plugin`);
    else fromMulti.push(name);
  }
  return [...new Set([...overrides, ...fromMulti, ...explicit])];
}

function atPoint<T extends Plugin>(profile: ProfileSpec, built: Map<string, Plugin>, point: ExtensionPoint): T[] {
  return namesAtPoint(profile, built, point).map((name) => built.get(name) as T);
}

/** Score weights: the score point's own weight, else the multiPoint weight, else 1 (0 counts as 1). */
function scorePlugins(profile: ProfileSpec, built: Map<string, Plugin>): WeightedScorePlugin[] {
  const weightOf = (name: string) => {
    const explicit = profile.plugins.score?.find((r) => r.name === name);
    return (explicit ?? profile.multiPoint?.find((r) => r.name === name))?.weight || 1;
  };
  return atPoint<ScorePlugin>(profile, built, 'score').map((plugin) => ({ plugin, weight: weightOf(plugin.name) }));
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
