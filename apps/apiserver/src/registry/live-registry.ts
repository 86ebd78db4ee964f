/**
 * The resources served right now: the built-in ones (fixed at start) and those added and
 * removed while the server runs (a CustomResourceDefinition's versions). Routing,
 * discovery and OpenAPI read it at request time; what they derive from it (discovery and
 * OpenAPI documents, serialized) is built once per change through `derived`.
 */
import { RESOURCES, groupVersions, type ResourceDef, type ServedGroupVersion } from './registry.js';
import { compareVersions } from './versions.js';

/** One API group with its served versions, highest priority first (kube's version order). */
export interface ServedGroup {
  name: string;
  versions: ServedGroupVersion[];
}

/** See the module comment. Lookups never return a removed definition. */
export class LiveRegistry {
  private readonly builtIn: readonly ResourceDef[];
  private readonly dynamic = new Map<string, readonly ResourceDef[]>();
  private all: readonly ResourceDef[];
  private readonly memos = new Map<string, unknown>();
  private gen = 0;

  constructor(builtIn: readonly ResourceDef[] = RESOURCES) {
    this.builtIn = builtIn;
    this.all = builtIn;
  }

  /** Changes with every set or remove. */
  get generation(): number {
    return this.gen;
  }

  /** Every served resource: built-in ones first, in registry order, then the added ones. */
  resources(): readonly ResourceDef[] {
    return this.all;
  }

  /**
   * Serves `defs` under `owner` (a CRD's name), replacing what the owner served before.
   * Throws if one of them would take a group/version/plural served by another owner.
   */
  set(owner: string, defs: readonly ResourceDef[]): void {
    for (const d of defs) {
      const other = this.all.find(
        (r) => r.group === d.group && r.version === d.version && r.plural === d.plural && !this.owns(owner, r),
      );
      if (other) throw new Error(`${d.plural}.${d.group}/${d.version} is already served`);
    }
    this.dynamic.set(owner, defs);
    this.changed();
  }

  /** Stops serving what `owner` serves (nothing if it serves nothing). */
  remove(owner: string): void {
    if (this.dynamic.delete(owner)) this.changed();
  }

  private owns(owner: string, r: ResourceDef): boolean {
    return this.dynamic.get(owner)?.includes(r) ?? false;
  }

  private changed(): void {
    this.all = [...this.builtIn, ...[...this.dynamic.values()].flat()];
    this.memos.clear();
    this.gen++;
  }

  /**
   * What `build` derives from the served resources, built on first use after each change
   * and shared until the next one (under `key`, which names what is built). The caller must
   * not mutate it.
   */
  derived<T>(key: string, build: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, build());
    return this.memos.get(key) as T;
  }

  /** The served group/versions, core first, then in registry order. */
  groupVersions(): ServedGroupVersion[] {
    return this.derived('groupVersions', () => groupVersions(this.all));
  }

  /** One served group/version, or undefined. */
  groupVersion(group: string, version: string): ServedGroupVersion | undefined {
    return this.groupVersions().find((g) => g.group === group && g.version === version);
  }

  /** The served groups (core `""` included) with their versions, highest priority first. */
  groups(): ServedGroup[] {
    return this.derived('groups', () => this.buildGroups());
  }

  private buildGroups(): ServedGroup[] {
    const out: ServedGroup[] = [];
    for (const gv of this.groupVersions()) {
      let g = out.find((x) => x.name === gv.group);
      if (!g) out.push((g = { name: gv.group, versions: [] }));
      g.versions.push(gv);
    }
    for (const g of out) g.versions.sort((a, b) => compareVersions(a.version, b.version));
    return out;
  }

  /** The served resource `plural` in group/version, or undefined. */
  find(group: string, version: string, plural: string): ResourceDef | undefined {
    return this.all.find((r) => r.group === group && r.version === version && r.plural === plural);
  }
}
