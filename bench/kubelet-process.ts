/**
 * `wheelhouse kubelet --nodes N` as its own process, launched as `wheelhouse up` launches it
 * (BENCH_LAUNCHER, BENCH_NODE_ARGS): shared by the benches that run the simulated kubelet beside
 * a store and an API server (bench/kubelet, bench/heartbeats).
 */
import { resolve } from 'node:path';
import type { Node } from '@wheelhouse/api';
import { REPO_ROOT, startNode } from '@wheelhouse/testing';
import { BENCH_LAUNCHER, BENCH_NODE_ARGS } from './node-args.js';

const KUBELET_BIN = resolve(REPO_ROOT, 'apps/kubelet/bin/kubelet.mjs');

/** Starts the kubelet of `nodes` simulated nodes against `kubeconfig`, logging warnings only, with `extra` flags. */
export function startKubelet(kubeconfig: string, nodes: number, extra: readonly string[] = []) {
  return startNode(BENCH_LAUNCHER, [
    ...BENCH_NODE_ARGS,
    KUBELET_BIN,
    '--kubeconfig',
    kubeconfig,
    '--nodes',
    String(nodes),
    '--log-level',
    'warn',
    ...extra,
  ]);
}

/** Whether a Node reports Ready=True. */
export const nodeReady = (n: Node): boolean =>
  n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
