import { describe, expect, it } from 'vitest';
import { runCommand } from '@wheelhouse/flags';
import { apiserverCommand } from './main.js';
import { resolveConfig } from './apiserver.js';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCommand(apiserverCommand, args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('overload and time flags', () => {
  it("are kube-apiserver's, with its defaults", async () => {
    const help = (await run(['--help'])).out;
    expect(help).toMatch(/--max-requests-inflight[^\n]*\n?[^\n]*400/);
    expect(help).toMatch(/--max-mutating-requests-inflight[^\n]*\n?[^\n]*200/);
    expect(help).toMatch(/--request-timeout[^\n]*\n?[^\n]*1m0s/);
    const cfg = resolveConfig({ etcdServers: ['http://127.0.0.1:2379'] });
    expect(cfg).toMatchObject({ maxRequestsInflight: 400, maxMutatingRequestsInflight: 200, requestTimeoutMs: 60_000 });
  });

  it('refuse bad values before starting', async () => {
    const bad = await run(['--request-timeout', 'soon']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('time: invalid duration "soon"');
    expect((await run(['--max-requests-inflight', '-1'])).err).toBe(
      'Error: invalid --max-requests-inflight: -1 (must be an integer from 0 to 2147483647)\n',
    );
  });
});

describe('--kubelet-preferred-address-types', () => {
  it('defaults to ExternalIP first (simulated kubelets listen on loopback) and refuses unknown types', async () => {
    expect(resolveConfig({ etcdServers: ['http://127.0.0.1:2379'] }).kubeletPreferredAddressTypes).toEqual([
      'ExternalIP',
      'InternalIP',
      'Hostname',
      'InternalDNS',
      'ExternalDNS',
    ]);
    expect((await run(['--kubelet-preferred-address-types', 'InternalIP,Public'])).err).toBe(
      'Error: invalid --kubelet-preferred-address-types: "InternalIP,Public" (each one of Hostname, InternalDNS, InternalIP, ExternalDNS, ExternalIP)\n',
    );
  });
});
