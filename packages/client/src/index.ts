/**
 * @wheelhouse/client: Wheelhouse's client-go and controller-runtime. The REST client and typed
 * resource clients; reflectors, informers, listers and the shared informer factory; the work
 * queue, rate limiters and controller runner; the controller runtime (Manager, handlers,
 * predicates, expectations, status writer, work-queue metrics); leader election; event
 * recording; kubeconfig loading. Object types come from @wheelhouse/api.
 */
export { type Clock, type TimerHandle, realClock, sleep } from './clock.js';
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
export { ConcurrencyLimit } from './concurrency-limit.js';
export { PrometheusWorkQueueMetrics, type QueueMetrics, type WorkQueueMetricsProvider } from './workqueue-metrics.js';
export { Controller, type ControllerOptions, type Reconciler, type Result } from './controller.js';
export {
  buildManager,
  type Manager,
  type ManagerConfig,
  type ManagerLeaderElection,
  type Runnable,
} from './manager.js';
export { HealthServer, type HealthCheck, type HealthServerOptions, type ServingAddress } from './health-server.js';
export { leaderElectionGauge } from './leader-metrics.js';
export { Expectations, EXPECTATIONS_TIMEOUT_MS } from './expectations.js';
export { patchIfChanged, type PatchIfChangedOptions } from './status-writer.js';
export { type Enqueuer, type OwnerKind, enqueueObject, enqueueOwner, controllerOf } from './handlers.js';
export {
  type Predicate,
  withPredicates,
  and,
  or,
  not,
  generationChanged,
  resourceVersionChanged,
  labelSelectorPredicate,
} from './predicates.js';
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
export { LeaderElector, type LeaderElectionConfig, type LeaderCallbacks, type LeaseStore } from './leader-election.js';
export { type EventPatch, type EventSink, type EventType, type RecordedEvent } from './event-types.js';
export { EventCorrelator, type Correlation, type CorrelatorOptions, COMBINED_PREFIX } from './event-correlator.js';
export { EventRecorder, type EventRecorderOptions, type EventSubject } from './event-recorder.js';
export { type Logger } from './logger.js';
export {
  type DeepReadonly,
  type DeepMutable,
  type HasMetadata,
  objectKey,
  splitKey,
  mutableCopy,
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
  type Syncable,
  waitForCacheSync,
  stripManagedFields,
} from './informer.js';
export {
  SharedInformerFactory,
  type SharedInformerFactoryOptions,
  type InformerScope,
  type InformerFor,
  type IndexersFor,
} from './informer-factory.js';
export { parseWatchWebSocket, BASE64_WATCH_PROTOCOL } from './watch-websocket.js';
export {
  RestClient,
  type RestClientOptions,
  type RestRequest,
  type HttpMethod,
  type ThrottleScale,
  type WatchTransport,
} from './rest-client.js';
export {
  ResourceClient,
  type ResourceAddress,
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
  type ResourceGroups,
  type QualifiedResourceName,
  type ResourceOf,
  type AnyObject,
  type Served,
  type ServedMeta,
  type ServedList,
} from './resource-types.js';
export {
  restListerWatcher,
  restListerWatcherFactory,
  listerWatcherOver,
  type ListerWatcherFactory,
  RestLeaseStore,
  RestEventSink,
} from './rest-backed.js';
