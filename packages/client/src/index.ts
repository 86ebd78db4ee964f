export { type Clock, type TimerHandle, realClock, sleep, formatTime, formatMicroTime } from './clock.js';
export {
  CLIENT_ERRORS,
  ClientError,
  type ClientErrorCode,
  type ClientErrorDetails,
  isClientError,
  TerminalError,
  isTerminalError,
} from './errors.js';
export {
  type Status,
  type StatusCause,
  type StatusDetails,
  ApiError,
  NotFoundError,
  AlreadyExistsError,
  ConflictError,
  InvalidError,
  ExpiredError,
  TooManyRequestsError,
  ForbiddenError,
  UnauthorizedError,
  BadRequestError,
  ServerTimeoutError,
  apiErrorFromStatus,
  isStatus,
  findApiError,
  isNotFound,
  isAlreadyExists,
  isConflict,
  isInvalid,
  isExpired,
  isTooManyRequests,
  isForbidden,
  isUnauthorized,
  isBadRequest,
  isServerTimeout,
  retryAfterSeconds,
} from './api-errors.js';
export {
  type RateLimiter,
  ItemExponentialRateLimiter,
  BucketRateLimiter,
  MaxOfRateLimiter,
  TokenBucket,
  RequestRateLimiter,
  defaultControllerRateLimiter,
} from './rate-limit.js';
export { WorkQueue, type WorkQueueOptions } from './workqueue.js';
export { Controller, type ControllerOptions, type Reconciler, type Result } from './controller.js';
export { Backoff, type BackoffOptions } from './backoff.js';
export {
  type WatchEvent,
  type WatchEventType,
  type ByteSource,
  type ParseWatchOptions,
  parseWatchStream,
  decodeWatchLine,
} from './watch.js';
export {
  type ClientConfig,
  type LoadKubeconfigOptions,
  type MergedKubeconfig,
  type KubeconfigCluster,
  type KubeconfigUser,
  type KubeconfigContext,
  kubeconfigPaths,
  readMergedKubeconfig,
  resolveKubeconfig,
  loadKubeconfig,
} from './kubeconfig.js';
export { type KubeconfigSpec, renderKubeconfig, writeKubeconfig } from './kubeconfig-write.js';
export { type Lease, type LeaseSpec, type LeaseStore } from './lease.js';
export { LeaderElector, type LeaderElectionConfig, type LeaderCallbacks } from './leader-election.js';
export {
  type CoreEvent,
  type EventPatch,
  type EventSink,
  type EventSource,
  type EventType,
  type ObjectReference,
} from './event-types.js';
export { EventCorrelator, type Correlation, type CorrelatorOptions, COMBINED_PREFIX } from './event-correlator.js';
export { EventRecorder, type EventRecorderOptions, type EventSubject } from './event-recorder.js';
export { type Logger } from './logger.js';
export {
  type KubeObject,
  type ObjectMeta,
  type DeepReadonly,
  objectKey,
  splitKey,
  deepFreeze,
  matchLabels,
} from './object.js';
export { type ListerWatcher, type ListOptions, type ListPage, type WatchOptions } from './list-watch.js';
export { Reflector, type ReflectorOptions, type ReflectorStore, INITIAL_EVENTS_END_ANNOTATION } from './reflector.js';
export {
  Indexer,
  type IndexFunc,
  type Lister,
  type ListFilter,
  NAMESPACE_INDEX,
  namespaceIndexFunc,
  listerFor,
} from './indexer.js';
export { NODE_NAME_INDEX, OWNER_UID_INDEX, nodeNameIndexFunc, ownerUidIndexFunc } from './index-funcs.js';
export {
  Informer,
  type InformerOptions,
  type EventHandler,
  type HandlerRegistration,
  waitForCacheSync,
} from './informer.js';
export { SharedInformerFactory, type SharedInformerFactoryOptions, type InformerScope } from './informer-factory.js';
export { parseWatchWebSocket, BASE64_WATCH_PROTOCOL } from './watch-websocket.js';
export {
  RestClient,
  type RestClientOptions,
  type RestRequest,
  type HttpMethod,
  type WatchTransport,
} from './rest-client.js';
export {
  ResourceClient,
  type ListQuery,
  type WatchQuery,
  type WriteOptions,
  type PatchType,
  type PatchOptions,
  type DeleteCallOptions,
} from './resource-client.js';
export {
  type ResourceTypes,
  type ResourceName,
  type AnyObject,
  type Served,
  type ServedMeta,
  type ServedList,
} from './resource-types.js';
export { restListerWatcher, restListerWatcherFactory, RestLeaseStore, RestEventSink } from './rest-backed.js';
