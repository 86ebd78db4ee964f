/**
 * Where `wheelhouse up` keeps a cluster's files under its data dir, and the record of a
 * running `up` that the other verbs (down, status, node, logs) find it by.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** The default `--data-dir` of every verb. */
export const DEFAULT_DATA_DIR = '.wheelhouse';

/** The files of one cluster under its data dir (absolute paths). */
export interface ClusterPaths {
  dir: string;
  /** The store's own data dir. */
  store: string;
  /** One `<component>.log` per component (pino JSON). */
  logs: string;
  kubeconfig: string;
  /** The {@link RunningCluster} record, present while `up` runs. */
  running: string;
  /** The {@link ClusterRecord}, kept across runs. */
  cluster: string;
}

/** The paths of the cluster in `dataDir` (resolved against the working directory). */
export function clusterPaths(dataDir: string): ClusterPaths {
  const dir = resolve(dataDir);
  return {
    dir,
    store: join(dir, 'store'),
    logs: join(dir, 'logs'),
    kubeconfig: join(dir, 'kubeconfig'),
    running: join(dir, 'up.json'),
    cluster: join(dir, 'cluster.json'),
  };
}

/** The log file of a component. */
export function logFile(paths: ClusterPaths, component: string): string {
  return join(paths.logs, `${component}.log`);
}

/** The admin port file a kubelet process writes. */
export function adminPortFile(paths: ClusterPaths, kubelet: string): string {
  return join(paths.dir, `${kubelet}.admin.json`);
}

/** One supervised component of a running `up`. */
export interface ComponentRecord {
  name: string;
  pid: number | undefined;
  /** Where it serves (the kubelet: its admin API, once known). */
  address: string;
  /** Its health URL (200 when it serves). */
  health: string;
}

/** What a running `up` writes to `up.json`. */
export interface RunningCluster {
  /** The pid of the `wheelhouse up` process. */
  pid: number;
  apiserver: string;
  components: ComponentRecord[];
}

/** A node added with `wheelhouse node add`: the admin API's `POST /nodes` body. */
export interface AddedNode {
  name: string;
  cpu?: string;
  memory?: string;
  labels?: Record<string, string>;
  /** `key=value:Effect` items. */
  taints?: string[];
}

/** What stays in `cluster.json` across runs: the size and the nodes added while it ran. */
export interface ClusterRecord {
  nodes: number;
  /** Nodes added with `wheelhouse node add`, re-added when `up` resumes. */
  added: AddedNode[];
}

async function readJson<T>(file: string): Promise<T | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** Writes JSON atomically (a temporary file renamed over it), creating the directory. */
export async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(resolve(file, '..'), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(tmp, file);
}

/** Whether a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The record of the `up` running from these paths, or undefined (none, or its process is gone). */
export async function findRunning(paths: ClusterPaths): Promise<RunningCluster | undefined> {
  const rec = await readJson<RunningCluster>(paths.running);
  return rec && alive(rec.pid) ? rec : undefined;
}

/** Removes the running record (when `up` ends). */
export async function clearRunning(paths: ClusterPaths): Promise<void> {
  await rm(paths.running, { force: true });
}

/** The cluster record, if this data dir has held a cluster. */
export function readClusterRecord(paths: ClusterPaths): Promise<ClusterRecord | undefined> {
  return readJson<ClusterRecord>(paths.cluster);
}
