import { describe, expect, it } from 'vitest';
import { grpcTarget, progressFixedIn } from './etcd-kv.js';

describe('etcd versions', () => {
  it('trusts progress reports only where etcd fixed them', () => {
    expect(['3.4.23', '3.4.25', '3.5.0', '3.5.7'].map(progressFixedIn)).toEqual([false, false, false, false]);
    expect(['3.4.26', '3.4.31', '3.5.8', '3.5.15', '3.6.0'].map(progressFixedIn)).toEqual([true, true, true, true, true]);
  });
});

describe('grpcTarget', () => {
  it('turns etcd URLs into gRPC targets', () => {
    expect(grpcTarget('http://127.0.0.1:2379')).toBe('127.0.0.1:2379');
    expect(grpcTarget('127.0.0.1:2379/')).toBe('127.0.0.1:2379');
    expect(() => grpcTarget('http://a/b/c')).toThrow('invalid etcd server URL');
  });
});
