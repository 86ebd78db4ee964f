/**
 * Node names grouped by zone (cache.nodeTree), listed zone by zone in turn so that the
 * first nodes a cycle filters spread over every zone.
 */
import type { Node } from '@wheelhouse/api';

const REGION_LABELS = ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region'];
const ZONE_LABELS = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];

function firstLabel(node: Node, keys: string[]): string {
  const labels = node.metadata?.labels ?? {};
  for (const k of keys) if (labels[k] !== undefined) return labels[k];
  return '';
}

/** The zone key of a node (utilnode.GetZoneKey): '' without zone labels, else region and zone. */
export function zoneKey(node: Node): string {
  const region = firstLabel(node, REGION_LABELS);
  const zone = firstLabel(node, ZONE_LABELS);
  if (region === '' && zone === '') return '';
  return `${region}:\x00:${zone}`;
}

/** Node names by zone, in insertion order. */
export class NodeTree {
  private readonly tree = new Map<string, string[]>();
  private readonly members = new Set<string>();
  private count = 0;

  /** Number of nodes. */
  get numNodes(): number {
    return this.count;
  }

  /** Adds a node (a no-op if it is already there). */
  add(node: Node): void {
    const name = node.metadata?.name ?? '';
    const zone = zoneKey(node);
    if (this.members.has(`${zone}\u0000${name}`)) return;
    this.members.add(`${zone}\u0000${name}`);
    const names = this.tree.get(zone) ?? [];
    names.push(name);
    this.tree.set(zone, names);
    this.count++;
  }

  /** Removes a node; returns false when it was not there. */
  remove(node: Node): boolean {
    const name = node.metadata?.name ?? '';
    const zone = zoneKey(node);
    const names = this.tree.get(zone);
    const i = names?.indexOf(name) ?? -1;
    if (!names || i < 0) return false;
    names.splice(i, 1);
    this.members.delete(`${zone}\u0000${name}`);
    if (names.length === 0) this.tree.delete(zone);
    this.count--;
    return true;
  }

  /** Moves a node when its zone labels changed. */
  update(oldNode: Node, newNode: Node): void {
    if (zoneKey(oldNode) === zoneKey(newNode)) return;
    this.remove(oldNode);
    this.add(newNode);
  }

  /** Every node name, taking one node from each zone in turn. */
  list(): string[] {
    const zones = [...this.tree.values()];
    const out: string[] = [];
    for (let i = 0; out.length < this.count; i++) {
      for (const names of zones) if (i < names.length) out.push(names[i] as string);
    }
    return out;
  }
}
