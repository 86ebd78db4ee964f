/**
 * One node's health check (kube's tryUpdateNodeHealth): remembers when the controller saw the
 * node's Ready heartbeat or Lease renewal change, and once neither moved for the grace period
 * (the startup grace for a node that never posted Ready) sets Ready and the kubelet's other
 * conditions Unknown through nodes/status.
 */
import type { Node, NodeCondition } from '@wheelhouse/api';
import type { DeepReadonly, Served } from '@wheelhouse/client';
import { formatTime } from '@wheelhouse/machinery';
import { KUBELET_CONDITIONS, NEVER_POSTED, STOPPED_POSTING, nodeCondition, sameCondition } from './conditions.js';
import { NODE_LEASE_NAMESPACE, type NodeLifecycleDeps, type NodeLifecycleState } from './deps.js';
import type { NodeHealth } from './health.js';

/** The Ready condition before the check and after it (undefined: the node has none). */
export interface HealthOutcome {
  observedReady: NodeCondition;
  currentReady: DeepReadonly<NodeCondition> | undefined;
}

const renewTime = (lease: { spec?: { renewTime?: string } } | undefined): number | undefined =>
  lease?.spec?.renewTime ? Date.parse(lease.spec.renewTime) : undefined;

/** The health record after looking at the node's status (kube's cases on the saved and current Ready). */
function observeStatus(
  saved: Readonly<NodeHealth> | undefined,
  node: DeepReadonly<Node>,
  currentReady: DeepReadonly<NodeCondition> | undefined,
  now: number,
): Readonly<NodeHealth> {
  const status = node.status;
  const savedReady = nodeCondition(saved?.status, 'Ready');
  if (!saved || (!savedReady && currentReady) || (savedReady && !currentReady)) {
    return { status, probeTimestamp: now, readyTransitionTimestamp: now, lease: saved?.lease };
  }
  if (savedReady && currentReady && savedReady.lastHeartbeatTime !== currentReady.lastHeartbeatTime) {
    const transitioned = savedReady.lastTransitionTime !== currentReady.lastTransitionTime;
    return {
      status,
      probeTimestamp: now,
      readyTransitionTimestamp: transitioned ? now : saved.readyTransitionTimestamp,
      lease: saved.lease,
    };
  }
  return saved;
}

/** Sets the kubelet's conditions Unknown on `node` (a copy), as kube words it. */
function markUnknown(node: Served<Node>, now: number): void {
  const stamp = formatTime(now);
  const status = (node.status ??= {});
  const conditions = (status.conditions ??= []);
  for (const type of KUBELET_CONDITIONS) {
    const c = conditions.find((x) => x.type === type);
    if (!c) {
      const heartbeat = node.metadata.creationTimestamp;
      conditions.push({
        type,
        status: 'Unknown',
        ...NEVER_POSTED,
        lastHeartbeatTime: heartbeat,
        lastTransitionTime: stamp,
      });
    } else if (c.status !== 'Unknown') {
      Object.assign(c, { status: 'Unknown', ...STOPPED_POSTING, lastTransitionTime: stamp });
    }
  }
}

/**
 * Checks `node` (a copy the caller owns; changed in place when it goes Unknown) and records what
 * was seen in `state.health`. Throws the API error of a failed status write.
 */
export async function tryUpdateNodeHealth(
  deps: NodeLifecycleDeps,
  state: NodeLifecycleState,
  node: Served<Node>,
): Promise<HealthOutcome> {
  const name = node.metadata.name;
  const now = deps.clock.now();
  let health: Readonly<NodeHealth> | undefined = state.health.get(name);
  let currentReady = nodeCondition(node.status, 'Ready');
  let observedReady: NodeCondition;
  let gracePeriod = deps.settings.monitorGracePeriodMs;
  if (!currentReady) {
    // Never posted: count from the node's creation, with the startup grace.
    const created = Date.parse(node.metadata.creationTimestamp ?? '') || now;
    const createdStamp = node.metadata.creationTimestamp;
    observedReady = {
      type: 'Ready',
      status: 'Unknown',
      lastHeartbeatTime: createdStamp,
      lastTransitionTime: createdStamp,
    };
    gracePeriod = deps.settings.startupGracePeriodMs;
    health = health
      ? { ...health, status: node.status }
      : { status: node.status, probeTimestamp: created, readyTransitionTimestamp: created };
  } else {
    observedReady = structuredClone(currentReady);
  }
  try {
    health = observeStatus(health, node, currentReady, now);
    const lease = deps.leases.get(name, NODE_LEASE_NAMESPACE);
    const saved = renewTime(health.lease);
    const renewed = renewTime(lease);
    if (lease && (!health.lease || (saved !== undefined && renewed !== undefined && saved < renewed))) {
      health = { ...health, lease, probeTimestamp: now };
    }
    if (now > health.probeTimestamp + gracePeriod) {
      markUnknown(node, now);
      currentReady = nodeCondition(node.status, 'Ready');
      if (!sameCondition(currentReady, observedReady)) {
        deps.log.info(
          { node: name, sinceMs: now - health.probeTimestamp },
          'node stopped posting status; marking it Unknown',
        );
        await deps.client.resource('nodes').updateStatus(node);
        health = {
          status: structuredClone(node.status),
          probeTimestamp: health.probeTimestamp,
          readyTransitionTimestamp: now,
          lease,
        };
      }
    }
    return { observedReady, currentReady };
  } finally {
    if (health) state.health.set(name, health);
  }
}
