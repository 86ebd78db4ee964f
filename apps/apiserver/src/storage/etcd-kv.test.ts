import { describe, expect, it } from 'vitest';
import { EtcdKv, progressFixedIn } from './etcd-kv.js';

describe('etcd versions', () => {
  it('trusts progress reports only where etcd fixed them', () => {
    expect(['3.4.23', '3.4.25', '3.5.0', '3.5.7'].map(progressFixedIn)).toEqual([false, false, false, false]);
    expect(['3.4.26', '3.4.31', '3.5.8', '3.5.15', '3.6.0'].map(progressFixedIn)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });
});

describe('EtcdKv', () => {
  it('refuses endpoints the etcd client cannot use at once', () => {
    expect(() => new EtcdKv(['https://127.0.0.1:2379'])).toThrow('TLS endpoints are not supported');
    expect(() => new EtcdKv(['http://a/b/c'])).toThrow('endpoint must be http://host:port');
  });
});
