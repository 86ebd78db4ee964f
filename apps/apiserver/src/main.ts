import { defineCommand, parseDuration, untilSignal } from '@wheelhouse/flags';
import { buildApiServer } from './apiserver.js';

/**
 * `wheelhouse apiserver`: the Kubernetes API server over plain HTTP, with
 * kube-apiserver's flag names. Runs until SIGINT/SIGTERM; throws at once on bad flags.
 */
export const apiserverCommand = defineCommand({
  name: 'apiserver',
  summary: 'Run the Kubernetes API server (plain HTTP for now)',
  flags: {
    'etcd-servers': {
      type: 'list',
      description: 'etcd (or Wheelhouse store) endpoints',
      default: ['http://127.0.0.1:2379'],
      placeholder: 'URLS',
    },
    'bind-address': { type: 'string', description: 'address to listen on', default: '127.0.0.1', placeholder: 'IP' },
    'advertise-address': {
      type: 'string',
      description:
        "address advertised in the kubernetes Service's endpoints (default: the bind address, or the host's when that is unspecified or loopback)",
      placeholder: 'IP',
    },
    port: { type: 'number', description: 'plain HTTP port (0 picks a free one)', default: 6443 },
    'service-cluster-ip-range': {
      type: 'string',
      description: 'CIDR range for Service cluster IPs',
      default: '10.96.0.0/12',
      placeholder: 'CIDR',
    },
    'default-not-ready-toleration-seconds': {
      type: 'number',
      description: 'tolerationSeconds of the not-ready NoExecute toleration added to pods',
      default: 300,
    },
    'default-unreachable-toleration-seconds': {
      type: 'number',
      description: 'tolerationSeconds of the unreachable NoExecute toleration added to pods',
      default: 300,
    },
    'kubelet-preferred-address-types': {
      type: 'list',
      description: 'node address types to reach kubelets by (pods/log, exec), tried in order',
      default: ['ExternalIP', 'InternalIP', 'Hostname', 'InternalDNS', 'ExternalDNS'],
      placeholder: 'TYPES',
    },
    'endpoint-reconciler-type': {
      type: 'string',
      description: 'use an endpoint reconciler; master-count is deprecated, and will be removed in a future version',
      default: 'lease',
      choices: ['master-count', 'lease', 'none'],
    },
    'etcd-compaction-interval': {
      type: 'string',
      description: 'how often to compact the store history (e.g. 5m; 0 disables)',
      default: '5m',
      placeholder: 'DURATION',
    },
    'max-requests-inflight': {
      type: 'number',
      description: 'most non-mutating requests in flight at once; beyond it 429 (0 = no limit)',
      default: 400,
    },
    'max-mutating-requests-inflight': {
      type: 'number',
      description: 'most mutating requests in flight at once; beyond it 429 (0 = no limit)',
      default: 200,
    },
    'request-timeout': {
      type: 'string',
      description: 'how long a non-watch request may take, body included, before it gets 504',
      default: '1m0s',
      placeholder: 'DURATION',
    },
    'enable-priority-and-fairness': {
      type: 'boolean',
      description:
        'queue requests beyond the inflight limits (heartbeats first, then each client in turn, up to 15 s) instead of answering 429 at once',
      default: true,
    },
    'event-ttl': {
      type: 'string',
      description: 'amount of time to retain events',
      default: '1h0m0s',
      placeholder: 'DURATION',
    },
    'lease-reuse-duration-seconds': {
      type: 'number',
      description: 'seconds each store lease is reused by objects with a TTL (events)',
      default: 60,
    },
    'watch-cache-max-bytes': {
      type: 'number',
      description: 'bytes of recent events the watch cache keeps over all resources (watches older than that get 410)',
      default: 256 * 1024 * 1024,
    },
    'log-level': {
      type: 'string',
      description: 'log level',
      default: 'info',
      choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    },
  },
  run: async (flags) => {
    const server = buildApiServer({
      etcdServers: flags['etcd-servers'],
      bindAddress: flags['bind-address'],
      advertiseAddress: flags['advertise-address'],
      port: flags.port,
      serviceClusterIpRange: flags['service-cluster-ip-range'],
      kubeletPreferredAddressTypes: flags['kubelet-preferred-address-types'],
      defaultNotReadyTolerationSeconds: flags['default-not-ready-toleration-seconds'],
      defaultUnreachableTolerationSeconds: flags['default-unreachable-toleration-seconds'],
      logLevel: flags['log-level'],
      etcdCompactionIntervalMs: parseDuration(flags['etcd-compaction-interval'], 'etcd-compaction-interval'),
      endpointReconcilerType: flags['endpoint-reconciler-type'] as 'lease' | 'master-count' | 'none',
      maxRequestsInflight: flags['max-requests-inflight'],
      maxMutatingRequestsInflight: flags['max-mutating-requests-inflight'],
      enablePriorityAndFairness: flags['enable-priority-and-fairness'],
      requestTimeoutMs: parseDuration(flags['request-timeout'], 'request-timeout'),
      eventTtlSeconds: Math.ceil(parseDuration(flags['event-ttl'], 'event-ttl') / 1000),
      leaseReuseDurationSeconds: flags['lease-reuse-duration-seconds'],
      watch: { cacheMaxBytes: flags['watch-cache-max-bytes'] },
    });
    await server.start();
    await untilSignal();
    await server.stop();
  },
});
