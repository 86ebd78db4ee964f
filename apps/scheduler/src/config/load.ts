/** Reads a KubeSchedulerConfiguration from YAML (or JSON) text, or builds the default one. */
import { load as parseYaml } from 'js-yaml';
import { ConfigError } from './errors.js';
import { resolveSchedulerConfig, type SchedulerConfig } from './resolve.js';
import { CONFIG_API_VERSION, KubeSchedulerConfigurationSchema } from './schema.js';
import { fieldErrorsOf } from './zod-errors.js';

/** Parses, defaults and validates a configuration. Throws ConfigError naming the bad fields. */
export function parseSchedulerConfig(text: string, knownPlugins: ReadonlySet<string>): SchedulerConfig {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ConfigError([
      { type: 'FieldValueInvalid', field: '<root>', message: `not valid YAML: ${(err as Error).message}` },
    ]);
  }
  const parsed = KubeSchedulerConfigurationSchema.safeParse(doc ?? {});
  if (!parsed.success) throw new ConfigError(fieldErrorsOf(parsed.error, doc));
  return resolveSchedulerConfig(parsed.data, knownPlugins);
}

/** kube-scheduler's configuration when no --config is given. */
export function defaultSchedulerConfig(knownPlugins: ReadonlySet<string>): SchedulerConfig {
  return resolveSchedulerConfig({ apiVersion: CONFIG_API_VERSION, kind: 'KubeSchedulerConfiguration' }, knownPlugins);
}
