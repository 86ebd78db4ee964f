/**
 * Merges a profile's plugin configuration with the defaults (v1 mergePluginSet): disabled
 * names (or '*') drop defaults, an enabled default is replaced in place by the user's entry
 * of the same name, and the user's other enabled plugins are appended.
 */
import type { PluginSetConfig } from './schema.js';

type Ref = { name: string; weight?: number };

/** The merged set: enabled in order, and every disabled name. */
export interface MergedPluginSet {
  enabled: Ref[];
  disabled: string[];
}

/** Merges one extension point's configuration into its defaults. */
export function mergePluginSet(defaults: PluginSetConfig, custom: PluginSetConfig | undefined): MergedPluginSet {
  const disabled = [...(custom?.disabled ?? []), ...(defaults.disabled ?? [])].map((p) => p.name);
  const disabledSet = new Set(disabled);
  const customEnabled = custom?.enabled ?? [];
  const replaced = new Set<number>();
  const enabled: Ref[] = [];
  if (!disabledSet.has('*')) {
    for (const d of defaults.enabled ?? []) {
      if (disabledSet.has(d.name)) continue;
      const i = customEnabled.findIndex((c) => c.name === d.name);
      if (i >= 0) replaced.add(i);
      enabled.push(i >= 0 ? (customEnabled[i] as Ref) : d);
    }
  }
  customEnabled.forEach((c, i) => {
    if (!replaced.has(i)) enabled.push(c);
  });
  return { enabled, disabled };
}
