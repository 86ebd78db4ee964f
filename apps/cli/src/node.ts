/**
 * `wheelhouse node fail|recover|add|remove|list`: changes the simulated nodes of the `up`
 * running from a data dir through its kubelets' admin APIs. fail stops a node's heartbeats
 * (a crashed machine), recover resumes them; add and remove change the cluster's size while
 * it runs (an added node comes back when `up` resumes the cluster).
 */
import { defineCommand, type AnyCommand } from '@wheelhouse/flags';
import {
  clusterPaths,
  type AddedNode,
  findRunning,
  readClusterRecord,
  writeJson,
  type ClusterPaths,
  type RunningCluster,
} from './data-dir.js';
import { dataDirFlag } from './data-dir-flag.js';
import { adminCall, hostedNodes, kubeletAdmins, type HostedNode, type KubeletAdmin } from './admin-client.js';
import { apiNodes, nodesTable } from './cluster-view.js';
import { NODE_PREFIX } from './up-plan.js';

const flags = { 'data-dir': dataDirFlag };
const nameArg = [{ name: 'NAME', description: 'the node, e.g. node-2', required: true }] as const;

interface Cluster {
  paths: ClusterPaths;
  running: RunningCluster;
  admins: KubeletAdmin[];
  hosted: HostedNode[];
}

async function cluster(dataDir: string): Promise<Cluster> {
  const paths = clusterPaths(dataDir);
  const running = await findRunning(paths);
  if (!running) throw new Error(`the control plane is not running (data dir ${paths.dir}); 'wheelhouse up' starts it`);
  const admins = kubeletAdmins(running);
  return { paths, running, admins, hosted: await hostedNodes(admins) };
}

/** The admin API of the kubelet hosting `name`; a one-line error when none does. */
function hostOf(c: Cluster, name: string): KubeletAdmin {
  const node = c.hosted.find((n) => n.name === name);
  if (!node)
    throw new Error(`node "${name}" is not hosted by this cluster's kubelets ('wheelhouse node list' lists them)`);
  return c.admins.find((a) => a.kubelet === node.kubelet)!;
}

const out = (text: string): boolean => process.stdout.write(text);

const failCommand = defineCommand({
  name: 'fail',
  summary: 'Simulate a crashed node: its heartbeats and status updates stop',
  flags,
  positionals: nameArg,
  run: async (f, [name]) => {
    const c = await cluster(f['data-dir']);
    await adminCall(hostOf(c, name!), 'POST', `/nodes/${encodeURIComponent(name!)}/fail`);
    out(`node/${name} failed (heartbeats stopped)\n`);
  },
});

const recoverCommand = defineCommand({
  name: 'recover',
  summary: 'Bring a failed node back: its heartbeats resume',
  flags,
  positionals: nameArg,
  run: async (f, [name]) => {
    const c = await cluster(f['data-dir']);
    await adminCall(hostOf(c, name!), 'POST', `/nodes/${encodeURIComponent(name!)}/recover`);
    out(`node/${name} recovered\n`);
  },
});

/** The next free node-K: one past the highest number in use. */
function nextName(c: Cluster, registered: readonly string[]): string {
  const numbers = [...c.hosted.map((n) => n.name), ...registered]
    .filter((n) => n.startsWith(NODE_PREFIX))
    .map((n) => Number(n.slice(NODE_PREFIX.length)))
    .filter(Number.isInteger);
  return `${NODE_PREFIX}${Math.max(0, ...numbers) + 1}`;
}

async function remember(paths: ClusterPaths, change: (added: AddedNode[]) => AddedNode[]): Promise<void> {
  const record = await readClusterRecord(paths);
  if (record) await writeJson(paths.cluster, { ...record, added: change(record.added) });
}

/** `k=v` items as a map; a one-line error naming --labels otherwise. */
function labels(items: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`invalid argument "${item}" for "--labels" flag: want key=value`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

const addCommand = defineCommand({
  name: 'add',
  summary: 'Add a node (named node-N+1 unless NAME is given) to the running cluster',
  flags: {
    ...flags,
    cpu: { type: 'string', description: "its cpu capacity (default: up's --node-cpu)", placeholder: 'QUANTITY' },
    memory: { type: 'string', description: "its memory (default: up's --node-memory)", placeholder: 'QUANTITY' },
    labels: { type: 'list', description: 'labels it registers with', placeholder: 'K=V,...' },
    taints: { type: 'list', description: 'taints it registers with', placeholder: 'K=V:EFFECT,...' },
  },
  positionals: [{ name: 'NAME', description: 'the new node' }],
  run: async (f, [given]) => {
    const settings = {
      ...(f.cpu !== undefined ? { cpu: f.cpu } : {}),
      ...(f.memory !== undefined ? { memory: f.memory } : {}),
      ...(f.labels?.length ? { labels: labels(f.labels) } : {}),
      ...(f.taints?.length ? { taints: f.taints } : {}),
    };
    const c = await cluster(f['data-dir']);
    if (c.admins.length === 0)
      throw new Error('the cluster has no kubelet to host a node (wheelhouse up --nodes 1 or more)');
    const name =
      given ??
      nextName(
        c,
        ((await apiNodes(c.running.apiserver)) ?? []).map((n) => n.name),
      );
    if (c.hosted.some((n) => n.name === name)) throw new Error(`node "${name}" already exists`);
    // The kubelet hosting the fewest nodes takes it.
    const load = (a: KubeletAdmin): number => c.hosted.filter((n) => n.kubelet === a.kubelet).length;
    const admin = [...c.admins].sort((a, b) => load(a) - load(b))[0]!;
    const node: AddedNode = { name, ...settings };
    await adminCall(admin, 'POST', '/nodes', node);
    await remember(c.paths, (added) => [...added.filter((n) => n.name !== name), node]);
    out(`node/${name} added (${admin.kubelet})\n`);
  },
});

const removeCommand = defineCommand({
  name: 'remove',
  summary: 'Remove a node: its kubelet stops hosting it and deletes its Node',
  flags,
  positionals: nameArg,
  run: async (f, [name]) => {
    const c = await cluster(f['data-dir']);
    await adminCall(hostOf(c, name!), 'DELETE', `/nodes/${encodeURIComponent(name!)}`);
    await remember(c.paths, (added) => added.filter((n) => n.name !== name));
    out(`node/${name} removed\n`);
  },
});

const listCommand = defineCommand({
  name: 'list',
  summary: 'List the nodes: status as the API server has it, and the kubelet simulating each',
  flags,
  run: async (f) => {
    const c = await cluster(f['data-dir']);
    out(nodesTable(await apiNodes(c.running.apiserver), c.hosted, true));
  },
});

/** See the module comment. */
export const nodeCommand: AnyCommand = defineCommand({
  name: 'node',
  summary: 'Fail, recover, add, remove or list the simulated nodes of the running cluster',
  flags: {},
  subcommands: [failCommand, recoverCommand, addCommand, removeCommand, listCommand],
});
