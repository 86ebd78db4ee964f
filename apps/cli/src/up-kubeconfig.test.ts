import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kubectlHome, type Kubectl } from '@wheelhouse/testing';
import { mergeForUp, unmergeForUp } from './up-kubeconfig.js';

const SERVER = 'http://127.0.0.1:16443';

// A user's own kubeconfig, with one context of theirs, current.
const USER_CONFIG = `apiVersion: v1
kind: Config
clusters:
  - name: work
    cluster:
      server: https://work.example:6443
users:
  - name: me
    user:
      token: secret
contexts:
  - name: work
    context:
      cluster: work
      user: me
      namespace: team
current-context: work
preferences: {}
`;

// The real kubectl, with a fresh HOME, reads what --merge-kubeconfig wrote, as kind's users do.
describe('up --merge-kubeconfig', { timeout: 60_000 }, () => {
  let k: Kubectl;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    k = await kubectlHome({ prefix: 'wheelhouse-merge-' });
    dataDir = join(k.home, 'data');
    // No KUBECONFIG: kubectl and up both use $HOME/.kube/config.
    env = { ...k.env, KUBECONFIG: '' };
    await mkdir(join(k.home, '.kube'));
    await writeFile(join(k.home, '.kube', 'config'), USER_CONFIG);
  });
  afterEach(() => k.cleanup());

  const kube = (...args: string[]) =>
    k.exec(args, { env: { KUBECONFIG: env.KUBECONFIG } }).then((r) => {
      if (r.code !== 0) throw new Error(r.stderr);
      return r.stdout.trim();
    });

  it('adds a current wheelhouse context to ~/.kube/config; unmerging restores the file as it was', async () => {
    const record = await mergeForUp(dataDir, SERVER, env);
    expect(record.file).toBe(join(k.home, '.kube', 'config'));
    expect(await kube('config', 'current-context')).toBe('wheelhouse');
    expect(await kube('config', 'view', '-o', 'jsonpath={.clusters[?(@.name=="wheelhouse")].cluster.server}')).toBe(
      SERVER,
    );
    expect((await kube('config', 'get-contexts', '-o', 'name')).split('\n').sort()).toEqual(['wheelhouse', 'work']);

    await unmergeForUp(dataDir, record);
    expect(await kube('config', 'current-context')).toBe('work');
    expect(await kube('config', 'get-contexts', '-o', 'name')).toBe('work');
    expect(await kube('config', 'view', '-o', 'jsonpath={.clusters[*].name} {.users[*].name}')).toBe('work me');
    expect(await kube('config', 'view', '--raw', '-o', 'jsonpath={.users[0].user.token}')).toBe('secret');
  });

  it("writes KUBECONFIG's first file and leaves the others alone", async () => {
    const first = join(k.home, 'first.yaml');
    const second = join(k.home, 'second.yaml');
    await writeFile(second, USER_CONFIG);
    env = { ...k.env, KUBECONFIG: `${first}:${second}` };
    const record = await mergeForUp(dataDir, SERVER, env);
    expect(record.file).toBe(first);
    expect(await readFile(second, 'utf8')).toBe(USER_CONFIG);
    expect(await kube('config', 'current-context')).toBe('wheelhouse');
    expect((await kube('config', 'get-contexts', '-o', 'name')).split('\n').sort()).toEqual(['wheelhouse', 'work']);
    await unmergeForUp(dataDir, record);
    expect(await kube('config', 'get-contexts', '-o', 'name')).toBe('work');
    expect(await readFile(second, 'utf8')).toBe(USER_CONFIG);
  });

  it('creates ~/.kube/config when there is none, and leaves no context behind', async () => {
    const fresh = { ...env, HOME: join(k.home, 'new-home') };
    const record = await mergeForUp(dataDir, SERVER, fresh);
    expect(record.file).toBe(join(k.home, 'new-home', '.kube', 'config'));
    const text = await readFile(record.file, 'utf8');
    expect(text).toMatch(/current-context: wheelhouse/);
    await unmergeForUp(dataDir, record);
    expect(await readFile(record.file, 'utf8')).not.toMatch(/wheelhouse/);
  });

  it('updates a wheelhouse context that was there before and keeps it when unmerging', async () => {
    await writeFile(
      join(k.home, '.kube', 'config'),
      USER_CONFIG.replace('current-context: work', '').replace(
        'contexts:\n',
        'contexts:\n  - name: wheelhouse\n    context:\n      cluster: work\n      user: me\n',
      ),
    );
    const record = await mergeForUp(dataDir, SERVER, env);
    expect(record.added).toEqual(['clusters', 'users']);
    expect(await kube('config', 'view', '-o', 'jsonpath={.contexts[?(@.name=="wheelhouse")].context.cluster}')).toBe(
      'wheelhouse',
    );
    await unmergeForUp(dataDir, record);
    expect((await kube('config', 'get-contexts', '-o', 'name')).split('\n').sort()).toEqual(['wheelhouse', 'work']);
  });

  it('counts what a killed run added as added: the next run removes it', async () => {
    await mergeForUp(dataDir, SERVER, env); // the plane was killed: nothing was removed
    const record = await mergeForUp(dataDir, 'http://127.0.0.1:26443', env);
    expect(record.added).toEqual(['clusters', 'users', 'contexts']);
    expect(record.previousContext).toBe('work');
    await unmergeForUp(dataDir, record);
    expect(await kube('config', 'current-context')).toBe('work');
    expect(await kube('config', 'get-contexts', '-o', 'name')).toBe('work');
  });
});
