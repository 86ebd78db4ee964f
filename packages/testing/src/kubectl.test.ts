import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { writeKubeconfig } from '@wheelhouse/client';
import { afterEach, describe, expect, it } from 'vitest';
import { kubectlHome, type Kubectl } from './kubectl.js';

let kubectl: Kubectl | undefined;
afterEach(async () => {
  await kubectl?.cleanup();
  kubectl = undefined;
});

describe('kubectlHome', () => {
  it('points the real kubectl at the server through a kubeconfig in a fresh HOME', async () => {
    kubectl = await kubectlHome({ server: 'http://127.0.0.1:1', namespace: 'apps' });
    expect(kubectl.env).toMatchObject({ HOME: kubectl.home, KUBECONFIG: kubectl.kubeconfig });
    const view = JSON.parse(await kubectl.ok('config', 'view', '--minify', '-o', 'json'));
    expect(view.clusters[0].cluster.server).toBe('http://127.0.0.1:1');
    expect(view.contexts[0].context.namespace).toBe('apps');
  });

  it('run reports a failure; ok rejects naming the command, its exit code and stderr', async () => {
    kubectl = await kubectlHome({ server: 'http://127.0.0.1:1' });
    const r = await kubectl.run('get', 'pods', '--request-timeout=5s');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('connection refused');
    await expect(kubectl.ok('get', 'pods', '--request-timeout=5s')).rejects.toThrow(
      /^kubectl get pods --request-timeout=5s failed \(1\): .*connection refused/s,
    );
  });

  it('exec writes input to stdin', async () => {
    kubectl = await kubectlHome();
    const r = await kubectl.exec(
      ['label', '--local', '-f', '-', 'a=b', '-o', 'jsonpath={.metadata.name} {.metadata.labels.a}'],
      {
        input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-stdin}\n',
      },
    );
    expect(r).toEqual({ code: 0, stdout: 'from-stdin b', stderr: '' });
  });

  it("exec sets extra environment over the runner's", async () => {
    kubectl = await kubectlHome({ server: 'http://127.0.0.1:1' });
    const other = join(kubectl.home, 'other');
    await writeKubeconfig(other, { server: 'https://other:6443' });
    const r = await kubectl.exec(['config', 'view', '-o', 'jsonpath={.clusters[0].cluster.server}'], {
      env: { KUBECONFIG: other },
    });
    expect(r.stdout).toBe('https://other:6443');
  });

  it('cleanup removes the HOME', async () => {
    const k = await kubectlHome({ server: 'http://127.0.0.1:1' });
    await k.cleanup();
    await expect(access(k.home)).rejects.toThrow();
  });
});
