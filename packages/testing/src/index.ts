export { freePort } from './ports.js';
export { tempDir, type TempDir } from './tmp.js';
export {
  startNode,
  startProcess,
  REPO_ROOT,
  WHEELHOUSE_BIN,
  type RunningProcess,
  type StartOptions,
} from './process.js';
export {
  startRealEtcd,
  startWheelhouseStore,
  etcdctl,
  type EtcdServer,
  type EtcdServerOptions,
  type EtcdctlResult,
} from './etcd.js';
export { startApiServer, until, type ApiServerProcess, type ApiServerOptions } from './apiserver.js';
export { startTestCluster, CuttableProxy, type TestCluster } from './cluster.js';
export { startTestApi, type BuildApiServer, type TestApi } from './test-api.js';
export { FakeClock } from './fake-clock.js';
export { type StatusErrorFactory, type StatusErrorOptions } from './status-error.js';
export { MemoryLeaseStore, type Fault } from './fake-lease-store.js';
export { MemoryEventSink } from './fake-event-sink.js';
export { FakeListerWatcher } from './fake-lister-watcher.js';
export { captureLogger } from './capture-logger.js';
export {
  kubectlHome,
  type Kubectl,
  type KubectlExecOptions,
  type KubectlHomeOptions,
  type KubectlRun,
} from './kubectl.js';
export { startBusyServer, type BusyServer } from './busy-server.js';
export { seededRandom } from './random.js';
