import { describe, it, expect } from 'vitest';
import { status } from '@grpc/grpc-js';
import { EtcdError, ETCD_ERRORS, toEtcdError } from './errors.js';

const grpcError = (code: number, details: string) =>
  Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });

describe('toEtcdError', () => {
  it('maps every catalogued etcd status and text to its code, keeping the cause', () => {
    for (const [code, e] of Object.entries(ETCD_ERRORS)) {
      const raw = grpcError(e.grpc, e.message);
      const err = toEtcdError(raw);
      expect(err).toBeInstanceOf(EtcdError);
      expect([err.code, err.grpcCode, err.cause]).toEqual([code, e.grpc, raw]);
    }
  });

  it('falls back on the gRPC status for texts it does not know', () => {
    expect(toEtcdError(grpcError(status.UNAVAILABLE, 'Connection dropped')).code).toBe('Unavailable');
    expect(toEtcdError(grpcError(status.DEADLINE_EXCEEDED, 'Deadline exceeded')).code).toBe('DeadlineExceeded');
    expect(toEtcdError(grpcError(status.CANCELLED, 'Cancelled on client')).code).toBe('Canceled');
    expect(toEtcdError(grpcError(status.INTERNAL, 'boom')).code).toBe('Unknown');
    expect(toEtcdError(new Error('plain')).code).toBe('Unknown');
  });

  it('marks unavailability as retryable and nothing else', () => {
    expect(toEtcdError(grpcError(status.UNAVAILABLE, 'etcdserver: leader changed')).retryable).toBe(true);
    expect(new EtcdError('Unavailable').retryable).toBe(true);
    expect(toEtcdError(grpcError(status.OUT_OF_RANGE, ETCD_ERRORS.Compacted.message)).retryable).toBe(false);
  });
});
