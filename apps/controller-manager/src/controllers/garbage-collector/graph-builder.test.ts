// The graph builder alone, fed informer events by hand: what it hands the collector to look at.
import { findByName } from '@wheelhouse/api';
import { EventRecorder, type EventHandler, apiErrorFromStatus, realClock } from '@wheelhouse/client';
import { MemoryEventSink } from '@wheelhouse/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { AbsentOwnerCache } from './absent-owner-cache.js';
import type { GraphNode } from './graph.js';
import { GraphBuilder } from './graph-builder.js';
import type { AnyServed } from './resources.js';

const silent = pino({ level: 'silent' });

function setup() {
  const toDelete: string[] = [];
  const sink = new MemoryEventSink({ statusError: apiErrorFromStatus });
  const recorder = new EventRecorder({
    sink,
    component: 'garbage-collector-controller',
    clock: realClock,
    logger: silent,
  });
  const queues = {
    attemptToDelete: (n: GraphNode, rateLimited?: boolean) =>
      toDelete.push(`${n.identity.name}${rateLimited ? ' (rate-limited)' : ''}`),
    attemptToOrphan: () => undefined,
  };
  const builder = new GraphBuilder({ queues, absent: new AbsentOwnerCache(), recorder, log: silent });
  const handler = (resource: string): EventHandler<AnyServed> => builder.handlerFor(findByName(resource)!);
  return { builder, toDelete, pods: handler('pods'), replicaSets: handler('replicasets'), sink, recorder };
}

function obj(name: string, uid: string, namespace: string, ownerReferences: object[] = []): AnyServed {
  return { metadata: { name, uid, namespace, resourceVersion: '1', ownerReferences } } as AnyServed;
}

const rsRef = (name: string, uid: string, blockOwnerDeletion = false) => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  name,
  uid,
  blockOwnerDeletion,
});

describe('graph builder', () => {
  it('verifies an owner not seen yet once, and when it is absent looks at every dependent that names it', () => {
    const { builder, toDelete, pods } = setup();
    pods.onAdd!(obj('a', 'pa', 'ns', [rsRef('web', 'rs1')]), false);
    pods.onAdd!(obj('b', 'pb', 'ns', [rsRef('web', 'rs1')]), false);
    expect(toDelete).toEqual(['web']);
    builder.virtualDelete(builder.graph.get('rs1')!.identity);
    expect(toDelete).toEqual(['web', 'a', 'b']);
    expect(builder.graph.get('rs1')).toBeUndefined();
  });

  it('tries the other coordinates dependents name an absent virtual owner by, rate-limited', () => {
    const { builder, toDelete, pods } = setup();
    pods.onAdd!(obj('a', 'pa', 'ns', [rsRef('web', 'rs1')]), false);
    pods.onAdd!(obj('b', 'pb', 'ns', [rsRef('other-name', 'rs1')]), false);
    toDelete.length = 0;
    builder.virtualDelete(builder.graph.get('rs1')!.identity);
    expect(toDelete).toEqual(['a', 'other-name (rate-limited)']);
    expect(builder.graph.get('rs1')!.identity.name).toBe('other-name');
  });

  it('looks at an owner waiting for its dependents when a blocking reference to it goes', () => {
    const { builder, toDelete, pods, replicaSets } = setup();
    const rs = obj('web', 'rs1', 'ns');
    replicaSets.onAdd!(rs, false);
    const pod = obj('a', 'pa', 'ns', [rsRef('web', 'rs1', true)]);
    pods.onAdd!(pod, false);
    const deleting = {
      ...rs,
      metadata: { ...rs.metadata, deletionTimestamp: '2026-12-05T00:00:00Z', finalizers: ['foregroundDeletion'] },
    };
    replicaSets.onUpdate!(rs, deleting);
    expect(toDelete).toEqual(['a', 'web']);
    expect(
      builder.graph
        .get('rs1')!
        .blockingDependents()
        .map((d) => d.identity.name),
    ).toEqual(['a']);
    pods.onUpdate!(pod, obj('a', 'pa', 'ns', []));
    expect(toDelete).toEqual(['a', 'web', 'web']);
    expect(builder.graph.get('rs1')!.blockingDependents()).toEqual([]);
  });

  it('reports OwnerRefInvalidNamespace when a dependent names an observed owner of another namespace', async () => {
    const { toDelete, pods, replicaSets, sink, recorder } = setup();
    replicaSets.onAdd!(obj('web', 'rs1', 'home'), false);
    pods.onAdd!(obj('a', 'pa', 'away', [rsRef('web', 'rs1')]), false);
    expect(toDelete).toEqual(['a']);
    await recorder.flush();
    expect([...sink.events.values()].map((e) => [e.reason, e.message])).toEqual([
      [
        'OwnerRefInvalidNamespace',
        'ownerRef [apps/v1/ReplicaSet, namespace: away, name: web, uid: rs1] does not exist in namespace "away"',
      ],
    ]);
    await recorder.shutdown();
  });
});
