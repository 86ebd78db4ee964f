import type { Clock, EventRecorder, RestClient } from '@wheelhouse/client';
import type { Logger } from 'pino';

/**
 * What every workload controller's sync writes through: the API client, the recorder of its
 * events, the clock it reads and its logger. Each controller's deps extend this with its listers.
 */
export interface SyncDeps {
  client: RestClient;
  recorder: EventRecorder;
  clock: Clock;
  log: Logger;
}
