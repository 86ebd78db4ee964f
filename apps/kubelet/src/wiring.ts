import type { Node, Pod } from '@wheelhouse/api';
import {
  NODE_NAME_INDEX,
  nodeNameIndexFunc,
  restListerWatcherFactory,
  SharedInformerFactory,
  type Informer,
  type RestClient,
  type Served,
} from '@wheelhouse/client';
import type { Logger } from 'pino';

/**
 * The process's connection to the API server: one client, one informer factory, and the two
 * informers every node of the process shares: pods bound to any node (indexed by node name)
 * and nodes. The only module that builds informers; moving onto the controller runtime's
 * Manager replaces this file.
 */
export interface Wiring {
  readonly client: RestClient;
  readonly pods: Informer<Served<Pod>>;
  readonly nodes: Informer<Served<Node>>;
  /** Starts the informers (they stop when `signal` aborts) and resolves once they synced. */
  start(signal: AbortSignal): Promise<boolean>;
  /** Resolves once the informers stopped. */
  stopped(): Promise<void>;
}

/** Builds the informers over `client`; nothing runs before {@link Wiring.start}. */
export function wire(client: RestClient, logger: Logger): Wiring {
  const factory = new SharedInformerFactory({ listerWatcherFor: restListerWatcherFactory(client), logger });
  const pods = factory.informerFor(
    'pods',
    { fieldSelector: 'spec.nodeName!=' },
    { [NODE_NAME_INDEX]: nodeNameIndexFunc },
  );
  const nodes = factory.informerFor('nodes');
  return {
    client,
    pods,
    nodes,
    start: (signal) => {
      factory.start(signal);
      return factory.waitForCacheSync(signal);
    },
    stopped: () => factory.shutdown(),
  };
}
