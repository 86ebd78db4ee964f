/**
 * Runs one table of etcdctl steps against two servers side by side and masks what each
 * printed, so a test can compare the two step by step (see mask.ts for what is masked).
 */
import { stat } from 'node:fs/promises';
import { etcdctl, tempDir, type EtcdServer, type TempDir } from '@wheelhouse/testing';
import { collectQuiet, startEtcdctl, type BackgroundEtcdctl, type QuietOptions } from './etcdctl-process.js';
import { Identities, maskEtcdctlOutput } from './mask.js';

/** One server of the comparison and what the steps learnt about it. */
export interface Side {
  label: string;
  server: EtcdServer;
  ids: Identities;
  /** Lease IDs in hex, in the order the steps granted them. */
  leases: string[];
  /** A temp dir for files the steps write (snapshots); its path is masked as `<dir>`. */
  dir: TempDir;
  /** Background watches started by `startWatch` steps, by name. */
  watches: Map<string, BackgroundEtcdctl>;
}

/** etcdctl arguments (after `--endpoints`), or a function of the side when they use learnt IDs. */
export type Args = string[] | ((side: Side) => string[]);

/** One row of a differential table. Exactly one of `args`, `bounded`, `startWatch`, `stopWatch` says what runs. */
export interface Step {
  name: string;
  /** A plain etcdctl run: exit code, stdout and stderr are compared. */
  args?: Args;
  stdin?: string;
  /** etcdctl run in the background until it exits or falls quiet, then stopped: outputs are compared. */
  bounded?: { args: Args; timing: QuietOptions };
  /** Starts a background etcdctl under this name; nothing is compared yet. */
  startWatch?: { name: string; args: Args; settleMs: number };
  /** Stops the named background etcdctl once quiet for `quietMs` and compares what it printed. */
  stopWatch?: { name: string; quietMs: number };
  /** Address the server as `127.0.0.1:PORT` instead of `http://127.0.0.1:PORT` (etcdctl then sends a different `:authority`). */
  schemeless?: boolean;
  /** Applied after masking, for output whose order etcd leaves unspecified. */
  normalize?: (text: string) => string;
  /** Learn the lease ID this step granted (`lease grant`). */
  grantsLease?: boolean;
  /** Extra per-side assertions on the raw result. */
  check?: (side: Side, raw: Outcome) => Promise<void>;
}

/** What a step printed. `exit` is 'stopped' when the test stopped a background process. */
export interface Outcome {
  exit: number | 'stopped' | 'none';
  stdout: string;
  stderr: string;
}

/** Builds a side for `server`, learning its cluster ID, member ID and URLs from `member list -w json`. */
export async function makeSide(label: string, server: EtcdServer): Promise<Side> {
  const ids = new Identities();
  ids.addText(server.endpoint, '<endpoint>');
  ids.addText(server.endpoint.replace(/^https?:\/\//, ''), '<endpoint-addr>');
  const dir = await tempDir(`e2e-${label}-`);
  ids.addText(dir.path, '<dir>');
  const side: Side = { label, server, ids, leases: [], dir, watches: new Map() };
  await learnIdentity(side);
  return side;
}

/**
 * Registers the server's cluster ID, member ID and peer URLs. A server that cannot answer
 * `member list` is left unregistered: its IDs then show up unmasked as differences.
 */
async function learnIdentity(side: Side): Promise<void> {
  const res = await etcdctl(side.server.endpoint, ['member', 'list', '-w', 'json']);
  const cluster = /"cluster_id":(\d+)/.exec(res.stdout)?.[1];
  const member = /"member_id":(\d+)/.exec(res.stdout)?.[1];
  if (cluster) side.ids.addId(BigInt(cluster), '<cluster>');
  if (member) side.ids.addId(BigInt(member), '<member>');
  const peers = /"peerURLs":\[([^\]]*)\]/.exec(res.stdout)?.[1] ?? '';
  for (const url of peers.split(',').map((u) => u.replace(/"/g, ''))) side.ids.addText(url, '<peer-url>');
}

/** The i-th lease this side granted, in hex; a marker that fails loudly when it was never granted. */
export function lease(side: Side, i: number): string {
  return side.leases[i] ?? `no-lease-${i}-was-granted`;
}

function resolve(args: Args, side: Side): string[] {
  return typeof args === 'function' ? args(side) : args;
}

/** Runs `step` against one side and returns its raw (unmasked) outcome. */
export async function runStep(side: Side, step: Step): Promise<Outcome> {
  const endpoint = step.schemeless ? side.server.endpoint.replace(/^https?:\/\//, '') : side.server.endpoint;
  if (step.args) {
    const r = await etcdctl(endpoint, resolve(step.args, side), step.stdin);
    return { exit: r.code, stdout: r.stdout, stderr: r.stderr };
  }
  if (step.bounded) {
    const p = await collectQuiet(endpoint, resolve(step.bounded.args, side), step.bounded.timing);
    return { exit: p.exitCode() ?? 'stopped', stdout: p.stdout(), stderr: p.stderr() };
  }
  if (step.startWatch) {
    side.watches.set(step.startWatch.name, startEtcdctl(endpoint, resolve(step.startWatch.args, side)));
    await new Promise((r) => setTimeout(r, step.startWatch!.settleMs));
    return { exit: 'none', stdout: '', stderr: '' };
  }
  if (step.stopWatch) return stopWatch(side, step.stopWatch.name, step.stopWatch.quietMs);
  throw new Error(`step ${step.name} says nothing to run`);
}

async function stopWatch(side: Side, name: string, quietMs: number): Promise<Outcome> {
  const w = side.watches.get(name);
  if (!w) throw new Error(`no background watch named ${name}`);
  const deadline = Date.now() + 5_000;
  while (Date.now() - w.lastOutputAt() < quietMs && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await w.stop();
  side.watches.delete(name);
  return { exit: w.exitCode() ?? 'stopped', stdout: w.stdout(), stderr: w.stderr() };
}

/** Learns what a step taught about the side: the ID of a lease it granted (`lease grant`, plain or `-w json`). */
export function learnFrom(side: Side, step: Step, raw: Outcome): void {
  if (!step.grantsLease) return;
  const hex = /^lease ([0-9a-f]+) granted/m.exec(raw.stdout)?.[1];
  const decimal = /"ID":(\d+)/.exec(raw.stdout)?.[1];
  const id = hex ? BigInt(`0x${hex}`) : decimal ? BigInt(decimal) : undefined;
  if (id === undefined) return;
  side.leases.push(id.toString(16));
  side.ids.addId(id, `<lease${side.leases.length}>`);
}

/** The outcome with each stream masked and normalized, ready to compare. */
export function masked(side: Side, step: Step, raw: Outcome): Outcome {
  const norm = step.normalize ?? ((t: string) => t);
  return {
    exit: raw.exit,
    stdout: norm(maskEtcdctlOutput(raw.stdout, side.ids)),
    stderr: norm(maskEtcdctlOutput(raw.stderr, side.ids)),
  };
}

/** Stops every background process of the side, removes its temp dir and stops its server. */
export async function closeSide(side: Side): Promise<void> {
  await Promise.all([...side.watches.values()].map((w) => w.stop()));
  await side.server.stop();
  await side.dir.cleanup();
}

/** Asserts that `path` is a written file of at least `minBytes`. */
export async function expectFile(path: string, minBytes: number): Promise<void> {
  const s = await stat(path);
  if (!s.isFile() || s.size < minBytes) throw new Error(`${path}: ${s.size} bytes, expected at least ${minBytes}`);
}
