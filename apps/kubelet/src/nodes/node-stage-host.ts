import type { Node } from '@wheelhouse/api';
import {
  isNotFound,
  type Clock,
  type EventRecorder,
  type Lister,
  type ResourceClient,
  type Served,
} from '@wheelhouse/client';
import { formatTime } from '@wheelhouse/machinery';
import type { CompiledStage } from '../stages/compile.js';
import type { Scope } from '../stages/expression-eval.js';
import { BUILTIN_FUNCTIONS } from '../stages/functions.js';
import { eventSubject } from '../stages/event-subject.js';
import type { StageHost } from '../stages/player.js';
import { writeStatusIfChanged } from '../status-writer.js';
import type { CachedNode } from '../types.js';
import { conditionEvents, recordConditionEvents } from './node-status.js';

/** Options of a {@link NodeStageHost}. */
export interface NodeStageHostOptions {
  nodes: ResourceClient<Node>;
  lister: Lister<Served<Node>>;
  running(node: string): boolean;
  recorder(node: string): EventRecorder;
  clock: Clock;
  config: Readonly<Record<string, unknown>>;
}

/** Plays Node stages of a stage file on hosted nodes: nodes/status patches, Events, deletion. */
export class NodeStageHost implements StageHost<Served<Node>> {
  /** A host over the process's node cache. */
  constructor(private readonly o: NodeStageHostOptions) {}

  /** The node named `key`. */
  get(key: string): CachedNode | undefined {
    return this.o.lister.get(key);
  }

  /** Variables `$now`, `$nowMs`, `$config`; built-in functions. */
  scope(node: CachedNode): Scope {
    const now = this.o.clock.now();
    return {
      root: node,
      vars: { now: formatTime(now), nowMs: now, config: this.o.config },
      functions: BUILTIN_FUNCTIONS,
    };
  }

  /** Nodes not heartbeating here play nothing. */
  suspended(node: CachedNode): boolean {
    return !this.o.running(node.metadata.name);
  }

  /**
   * Status patch, Event, deletion. A patch that changes a condition the kubelet reports on
   * (Ready, MemoryPressure, DiskPressure, PIDPressure) records its Event as the kubelet's own
   * status write does (NodeHasInsufficientMemory, NodeNotReady, ...).
   */
  async play(node: CachedNode, stage: CompiledStage, scope: Scope): Promise<string | undefined> {
    const patch = stage.status?.(scope) as Record<string, unknown> | undefined;
    const recorder = this.o.recorder(node.metadata.name);
    let rv: string | undefined;
    if (patch) {
      rv = await writeStatusIfChanged(this.o.nodes, node, 'Node', patch);
      if (rv !== undefined) recordConditionEvents(recorder, node.metadata.name, conditionEvents(node, patch));
    }
    for (const e of stage.events(scope))
      recorder.event(eventSubject(node, 'Node', e.fieldPath), e.type, e.reason, e.message);
    if (stage.delete)
      await this.o.nodes.delete(node.metadata.name).catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
    return rv;
  }

  /** A node that is gone needs no retry. */
  isGone(err: unknown): boolean {
    return isNotFound(err);
  }
}
