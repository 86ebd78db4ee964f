export { freePort } from './ports.js';
export { tempDir, type TempDir } from './tmp.js';
export { startProcess, REPO_ROOT, WHEELHOUSE_BIN, type RunningProcess, type StartOptions } from './process.js';
export {
  startRealEtcd,
  startWheelhouseStore,
  etcdctl,
  type EtcdServer,
  type EtcdServerOptions,
  type EtcdctlResult,
} from './etcd.js';
export { startApiServer, until, type ApiServerProcess, type ApiServerOptions } from './apiserver.js';
