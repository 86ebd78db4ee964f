import type { Node } from '@wheelhouse/api';
import { isAlreadyExists, type ResourceClient, type Served } from '@wheelhouse/client';
import { nodeObject } from './node-object.js';
import type { NodeConfig } from './node-config.js';

/**
 * Registers the node: creates its Node, or adopts the existing one of that name (its spec,
 * taints and unschedulable included, stays as the control plane left it). Resolves the Node
 * as stored; rejects with the server's ApiError. The status is written separately.
 */
export async function registerNode(nodes: ResourceClient<Node>, config: NodeConfig): Promise<Served<Node>> {
  try {
    return await nodes.create(nodeObject(config));
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    return nodes.get(config.name);
  }
}
