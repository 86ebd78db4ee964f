/**
 * A control plane started the way a user starts it, `wheelhouse up` (through the launcher,
 * as `npm start` does), in a temporary data dir on free ports; stopped with `wheelhouse down`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WHEELHOUSE_BIN, freePort, tempDir, type TempDir } from '@wheelhouse/testing';
import { memoryMiB } from '../proc-stats.js';

const execFileP = promisify(execFile);

/** A running `wheelhouse up`. */
export interface Plane {
  dir: TempDir;
  dataDir: string;
  kubeconfig: string;
  apiserver: string;
  /** When `up` was spawned (Date.now()). */
  startedAt: number;
  up: ChildProcess;
  /** What `up` printed so far. */
  output(): string;
}

/** Spawns `wheelhouse up --nodes N` with `flags`; resolves at once (the plane is starting). */
export async function startUp(nodes: number, flags: string[] = []): Promise<Plane> {
  const dir = await tempDir('wheelhouse-bench-up-');
  const dataDir = join(dir.path, 'data');
  const port = await freePort();
  const storePort = await freePort();
  let out = '';
  const startedAt = Date.now();
  const up = spawn(
    process.execPath,
    [
      WHEELHOUSE_BIN,
      'up',
      '--nodes',
      String(nodes),
      '--data-dir',
      dataDir,
      '--port',
      String(port),
      '--store-port',
      String(storePort),
      ...flags,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  up.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  up.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return {
    dir,
    dataDir,
    kubeconfig: join(dataDir, 'kubeconfig'),
    apiserver: `http://127.0.0.1:${port}`,
    startedAt,
    up,
    output: () => out,
  };
}

/** Stops the plane with `wheelhouse down` and removes its data dir. */
export async function stopUp(plane: Plane): Promise<void> {
  if (plane.up.exitCode === null) {
    const exited = new Promise((r) => plane.up.once('exit', r));
    await execFileP(process.execPath, [WHEELHOUSE_BIN, 'down', '--data-dir', plane.dataDir]).catch(() => undefined);
    await exited;
  }
  await plane.dir.cleanup();
}

/** The pids of `up` and of every component it runs. */
export async function planePids(plane: Plane): Promise<Array<{ name: string; pid: number }>> {
  const rec = JSON.parse(await readFile(join(plane.dataDir, 'up.json'), 'utf8')) as {
    components: Array<{ name: string; pid?: number }>;
  };
  const out = [{ name: 'up', pid: plane.up.pid! }];
  for (const c of rec.components) if (c.pid !== undefined) out.push({ name: c.name, pid: c.pid });
  return out;
}

/** The plane's resident memory: each process's RSS and the total, in MiB. */
export async function planeRss(
  plane: Plane,
): Promise<{ total: number; each: Array<{ name: string; rss: number; anon: number; file: number }> }> {
  const each = (await planePids(plane)).map((p) => ({ name: p.name, ...memoryMiB(p.pid) }));
  return { total: each.reduce((s, p) => s + p.rss, 0), each };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Calls `check` every `everyMs` until true; throws if `up` exits or after `timeoutSeconds`. */
export async function waitUntil(
  plane: Plane,
  what: string,
  check: () => Promise<boolean>,
  timeoutSeconds: number,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (!(await check())) {
    if (plane.up.exitCode !== null)
      throw new Error(`wheelhouse up exited while waiting for ${what}:\n${plane.output()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${plane.output()}`);
    await sleep(everyMs);
  }
}
