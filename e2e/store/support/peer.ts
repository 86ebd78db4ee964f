/**
 * Which server the store suites test. The real etcd is always the oracle; the peer is
 * Wheelhouse's store unless WHEELHOUSE_E2E_PEER=etcd, which runs every suite against a
 * second real etcd so the suites themselves can be checked before the store exists.
 */
import { startRealEtcd, startWheelhouseStore, type EtcdServer, type EtcdServerOptions } from '@wheelhouse/testing';

/** The kind of server under test. */
export type PeerKind = 'etcd' | 'wheelhouse';

function parsePeer(value: string | undefined): PeerKind {
  if (value === undefined || value === '' || value === 'wheelhouse') return 'wheelhouse';
  if (value === 'etcd') return 'etcd';
  throw new Error(`WHEELHOUSE_E2E_PEER must be "etcd" or "wheelhouse", got ${JSON.stringify(value)}`);
}

/** The server under test, from WHEELHOUSE_E2E_PEER (default `wheelhouse`); throws at import on other values. */
export const PEER: PeerKind = parsePeer(process.env.WHEELHOUSE_E2E_PEER);

/** Starts a fresh server under test (see PEER) on free loopback ports. The caller must stop it. */
export function startPeer(opts: EtcdServerOptions = {}): Promise<EtcdServer> {
  return PEER === 'etcd' ? startRealEtcd(opts) : startWheelhouseStore(opts);
}

/** Log lines that mean a server is unhappy with its data: etcd's (zap) and ours (pino) error/fatal levels. */
export const ERROR_LOG_LINE = /"level":\s*("(error|dpanic|panic|fatal)"|50|60)\b/;
