/** Plugin factories by name (runtime.Registry) and the per-profile plugin selection. */
import type { ExtensionPoint, Plugin } from './interfaces.js';
import type { Handle } from './handle.js';

/** Builds a plugin from its (already defaulted) arguments. Throws on invalid arguments. */
export type PluginFactory = (args: unknown, handle: Handle) => Plugin;

/** Plugin name -> factory. */
export type Registry = ReadonlyMap<string, PluginFactory>;

/** A plugin enabled at an extension point; weight matters for Score only (default 1). */
export interface PluginRef {
  readonly name: string;
  readonly weight?: number;
}

/**
 * One scheduling profile: the plugins enabled explicitly at each extension point, the
 * plugins enabled at every point they implement (multiPoint), and the plugins disabled
 * per point ('*' disables every multiPoint plugin there).
 */
export interface ProfileSpec {
  readonly schedulerName: string;
  readonly plugins: Partial<Record<ExtensionPoint, readonly PluginRef[]>>;
  readonly multiPoint?: readonly PluginRef[];
  readonly disabled?: Partial<Record<ExtensionPoint, readonly string[]>>;
  /** Arguments by plugin name (pluginConfig). */
  readonly pluginArgs?: ReadonlyMap<string, unknown>;
  /** The profile's percentageOfNodesToScore; undefined uses the global one. */
  readonly percentageOfNodesToScore?: number;
}
