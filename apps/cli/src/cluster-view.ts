/**
 * What `up` prints once started and `status` prints any time: the components (pid,
 * address, state) and the nodes (their Ready condition as the API server has it, and the
 * kubelet simulating each).
 */
import { alive, type ComponentRecord, type RunningCluster } from './data-dir.js';
import { hostedNodes, kubeletAdmins, type HostedNode } from './admin-client.js';
import { answers200 } from './probes.js';
import { formatTable } from './table.js';
import { httpJson } from './http-json.js';

/** Nodes listed one per line up to this many; beyond, a count per status. */
const NODES_LISTED = 20;

/** A node as the API server has it. */
export interface ApiNode {
  name: string;
  /** `Ready`, `NotReady` or `Unknown`, with `,SchedulingDisabled` when cordoned (kubectl's STATUS). */
  status: string;
}

interface NodeList {
  items: Array<{
    metadata: { name: string };
    spec?: { unschedulable?: boolean };
    status?: { conditions?: Array<{ type: string; status: string }> };
  }>;
}

/** The nodes the API server lists, with kubectl's STATUS column; undefined when it does not answer. */
export async function apiNodes(apiserver: string): Promise<ApiNode[] | undefined> {
  const res = await httpJson(`${apiserver}/api/v1/nodes`, 'GET', undefined, 5_000).catch(() => undefined);
  if (res?.status !== 200 || res.json === undefined) return undefined;
  const list = res.json as NodeList;
  return list.items.map((n) => {
    const ready = n.status?.conditions?.find((c) => c.type === 'Ready')?.status;
    const status = ready === 'True' ? 'Ready' : ready === 'False' ? 'NotReady' : 'Unknown';
    return { name: n.metadata.name, status: n.spec?.unschedulable ? `${status},SchedulingDisabled` : status };
  });
}

async function componentState(c: ComponentRecord): Promise<string> {
  if (c.pid === undefined || !alive(c.pid)) return 'restarting';
  return (await answers200(c.health)) ? 'running' : 'not ready';
}

/** The components table. */
export async function componentsTable(running: RunningCluster): Promise<string> {
  const rows = await Promise.all(
    running.components.map(async (c) => [c.name, String(c.pid ?? '-'), c.address || '-', await componentState(c)]),
  );
  return formatTable(['COMPONENT', 'PID', 'ADDRESS', 'STATE'], rows);
}

/** Orders node-2 before node-10. */
function byName(a: { name: string }, b: { name: string }): number {
  return a.name.localeCompare(b.name, 'en', { numeric: true });
}

/** One row per node: name, status, kubelet, simulation state. */
function nodeRows(api: readonly ApiNode[] | undefined, hosted: readonly HostedNode[]): string[][] {
  const status = new Map((api ?? []).map((n) => [n.name, n.status]));
  const host = new Map(hosted.map((n) => [n.name, n]));
  const names = [...new Set([...status.keys(), ...host.keys()])].map((name) => ({ name })).sort(byName);
  return names.map(({ name }) => [
    name,
    api ? (status.get(name) ?? 'not registered') : 'unknown',
    host.get(name)?.kubelet ?? '-',
    host.get(name)?.state ?? 'not hosted',
  ]);
}

/** The nodes table; unless `all`, many nodes are summed up as a count per status. */
export function nodesTable(api: readonly ApiNode[] | undefined, hosted: readonly HostedNode[], all = false): string {
  const rows = nodeRows(api, hosted);
  if (rows.length === 0) return 'No nodes.\n';
  if (all || rows.length <= NODES_LISTED) return formatTable(['NODE', 'STATUS', 'KUBELET', 'SIMULATION'], rows);
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r[1]!, (counts.get(r[1]!) ?? 0) + 1);
  const summary = [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
  return `${rows.length} nodes (${rows[0]![0]} .. ${rows.at(-1)![0]}): ${summary} ('wheelhouse node list' lists them)\n`;
}

/** Both tables for a running cluster. */
export async function clusterView(running: RunningCluster): Promise<string> {
  const [components, api, hosted] = await Promise.all([
    componentsTable(running),
    apiNodes(running.apiserver),
    hostedNodes(kubeletAdmins(running)),
  ]);
  return `${components}\n${nodesTable(api, hosted)}`;
}
