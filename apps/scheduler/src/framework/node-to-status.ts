/**
 * The statuses of the nodes a pod was rejected on (framework.NodeToStatus): explicit ones
 * per node, and one status standing for every node not listed (the "absent" nodes, e.g.
 * filtered out by a PreFilter result).
 */
import type { NodeInfo } from '../cache/node-info.js';
import { Code, Status } from './status.js';

/** Node name -> rejection status, with a status for absent nodes. */
export class NodeToStatus {
  private readonly byNode = new Map<string, Status>();
  private absent: Status = new Status(Code.UnschedulableAndUnresolvable);

  /** The status of `node`: its own, or the absent-node status. */
  get(node: string): Status {
    return this.byNode.get(node) ?? this.absent;
  }

  /** Records a node's status. */
  set(node: string, status: Status): void {
    this.byNode.set(node, status);
  }

  /** Number of nodes with an explicit status. */
  get size(): number {
    return this.byNode.size;
  }

  /** The status of absent nodes. */
  absentNodesStatus(): Status {
    return this.absent;
  }

  /** Replaces the status of absent nodes. */
  setAbsentNodesStatus(status: Status): void {
    this.absent = status;
  }

  /** Each explicit (node, status) pair. */
  entries(): IterableIterator<[string, Status]> {
    return this.byNode.entries();
  }

  /** The nodes of `all` whose status (explicit or absent) has `code` (NodesForStatusCode). */
  nodesForStatusCode(all: readonly NodeInfo[], code: Code): NodeInfo[] {
    return all.filter((n) => this.get(n.name).code === code);
  }
}
