/**
 * Who this store is on the etcd wire: its member and cluster IDs and the response header
 * every reply carries.
 */
import { createHash } from 'node:crypto';
import type { MessageInit, ResponseHeader } from '@wheelhouse/etcd';

/** etcd's default --initial-cluster-token, hashed into the member ID as etcd does. */
const CLUSTER_TOKEN = 'etcd-cluster';

/**
 * etcd's raft term of a fresh single-member cluster (term 1 is the first, uncontested
 * election's predecessor). Reported constant: the store has no raft.
 */
export const RAFT_TERM = 2;

/** The identity of this single-member cluster. IDs are unsigned 64-bit, as decimal strings. */
export interface Identity {
  name: string;
  memberId: string;
  clusterId: string;
  peerUrls: string[];
  clientUrls: string[];
  /** The ResponseHeader of a reply at `revision`. */
  header(revision: number): MessageInit<ResponseHeader>;
}

/**
 * Derives the identity as etcd derives it: member ID = first 8 bytes of sha1(sorted URLs +
 * token), cluster ID = first 8 bytes of sha1(member ID). etcd hashes the peer URLs; the
 * store has none, so it hashes its name and advertised client URLs. The result is stable
 * across restarts with the same flags.
 */
export function makeIdentity(name: string, clientUrls: readonly string[]): Identity {
  const sorted = [...clientUrls].sort();
  const member = createHash('sha1')
    .update(`${name}\n${sorted.join('')}${CLUSTER_TOKEN}`)
    .digest()
    .subarray(0, 8);
  const cluster = createHash('sha1').update(member).digest().subarray(0, 8);
  const memberId = member.readBigUInt64BE(0).toString();
  const clusterId = cluster.readBigUInt64BE(0).toString();
  const term = String(RAFT_TERM);
  return {
    name,
    memberId,
    clusterId,
    // etcd's default --initial-advertise-peer-urls; the single member has no peers to talk to.
    peerUrls: ['http://localhost:2380'],
    clientUrls: [...clientUrls],
    header: (revision) => ({ cluster_id: clusterId, member_id: memberId, revision: String(revision), raft_term: term }),
  };
}
