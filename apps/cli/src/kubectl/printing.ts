/** Object output as kubectl prints it: `-o yaml` (keys sorted), `-o json` (4-space indent), `-o name`. */
import yaml from 'js-yaml';
import { kindPrefix, type ApiResource } from './discovery.js';
import type { KubeObject } from './objects.js';

/** The output formats of get. */
export const OUTPUT_FORMATS = ['wide', 'yaml', 'json', 'name'] as const;

/** YAML as kubectl prints it (sigs.k8s.io/yaml: keys in order, lists not indented under their key). */
export function toYaml(value: unknown): string {
  return yaml.dump(value, { sortKeys: true, noArrayIndent: true, lineWidth: -1, noRefs: true });
}

/** JSON as kubectl prints it. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 4)}\n`;
}

/** kubectl's `List` wrapper of several objects. */
export function asList(items: readonly KubeObject[]): KubeObject {
  return { apiVersion: 'v1', items: [...items], kind: 'List', metadata: { resourceVersion: '' } };
}

/** `deployment.apps/web`. */
export function nameOf(r: ApiResource, name: string | undefined): string {
  return `${kindPrefix(r)}/${name ?? ''}`;
}
