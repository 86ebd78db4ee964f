/** The plugin's lookups in the served resources, redone only when the registry changes. */
import type { ParamKind } from '@wheelhouse/api';
import type { ResourceDef } from '../../registry/registry.js';
import { paramResource } from './params.js';
import type { GroupVersionResource } from './request.js';

/** Per-registry-version lookups: the served versions of a resource, the resource of a paramKind. */
export class ResourceIndex {
  private resources: readonly ResourceDef[] | undefined;
  private readonly equivalents = new Map<string, GroupVersionResource[]>();
  private readonly params = new Map<string, { def: ResourceDef } | { error: string }>();

  constructor(private readonly all: () => readonly ResourceDef[]) {}

  private fresh(): readonly ResourceDef[] {
    const now = this.all();
    if (now !== this.resources) {
      this.resources = now;
      this.equivalents.clear();
      this.params.clear();
    }
    return now;
  }

  equivalentsOf(def: ResourceDef): GroupVersionResource[] {
    const all = this.fresh();
    const key = `${def.group}/${def.plural}`;
    let hit = this.equivalents.get(key);
    if (!hit) {
      hit = all
        .filter((r) => r.group === def.group && r.plural === def.plural)
        .map((r) => ({ group: r.group, version: r.version, resource: r.plural }));
      this.equivalents.set(key, hit);
    }
    return hit;
  }

  paramResource(kind: ParamKind): { def: ResourceDef } | { error: string } {
    const all = this.fresh();
    const key = `${kind.apiVersion ?? ''}/${kind.kind ?? ''}`;
    let hit = this.params.get(key);
    if (!hit) this.params.set(key, (hit = paramResource(kind, all)));
    return hit;
  }
}
