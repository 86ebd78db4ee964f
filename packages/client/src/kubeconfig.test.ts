import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ClientErrorCode, isClientError } from './errors.js';
import { kubeconfigPaths, loadKubeconfig, readMergedKubeconfig } from './kubeconfig.js';
import { renderKubeconfig, writeKubeconfig } from './kubeconfig-write.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wheelhouse-kubeconfig-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** Writes a kubeconfig document as YAML under the temp dir and returns its path. */
async function put(name: string, doc: unknown): Promise<string> {
  const path = join(dir, name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, yaml.dump(doc));
  return path;
}

const simple = (server: string, extra: Record<string, unknown> = {}) => ({
  clusters: [{ name: 'c', cluster: { server } }],
  users: [{ name: 'u', user: { token: 'tok' } }],
  contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
  'current-context': 'ctx',
  ...extra,
});

const code = (c: ClientErrorCode) => (e: unknown) => isClientError(e, c);

describe('which files are read', () => {
  it('prefers --kubeconfig, then KUBECONFIG (deduplicated, empty parts skipped), then ~/.kube/config', () => {
    const env = { KUBECONFIG: `/a::/b:/a`, HOME: '/home/x' };
    expect(kubeconfigPaths({ kubeconfig: '/flag', env })).toEqual({ paths: ['/flag'], mustExist: true });
    expect(kubeconfigPaths({ env })).toEqual({ paths: ['/a', '/b'], mustExist: false });
    expect(kubeconfigPaths({ env: { HOME: '/home/x' } })).toEqual({
      paths: ['/home/x/.kube/config'],
      mustExist: false,
    });
    expect(kubeconfigPaths({ env: { KUBECONFIG: '', HOME: '/h' } }).paths).toEqual(['/h/.kube/config']);
  });

  it('reads ~/.kube/config by default', async () => {
    await put('home/.kube/config', simple('https://home:6443'));
    const cfg = await loadKubeconfig({ env: { HOME: join(dir, 'home') } });
    expect(cfg.server).toBe('https://home:6443');
  });

  it('uses the --kubeconfig file and ignores KUBECONFIG', async () => {
    const flag = await put('flag.yaml', simple('https://flag'));
    const envFile = await put('env.yaml', simple('https://env'));
    const cfg = await loadKubeconfig({ kubeconfig: flag, env: { KUBECONFIG: envFile } });
    expect(cfg.server).toBe('https://flag');
  });

  it('fails clearly for a missing --kubeconfig file', async () => {
    await expect(loadKubeconfig({ kubeconfig: join(dir, 'nope'), env: {} })).rejects.toSatisfy(
      code('KubeconfigNotFound'),
    );
  });

  it('fails clearly when no file exists at all', async () => {
    const err = loadKubeconfig({ env: { KUBECONFIG: join(dir, 'missing1') + ':' + join(dir, 'missing2') } });
    await expect(err).rejects.toSatisfy(code('NoConfiguration'));
  });
});

describe('merging KUBECONFIG lists as kubectl does', () => {
  it('takes each named entry whole from the first file defining it, and current-context from the first that sets it', async () => {
    const first = await put('1.yaml', {
      clusters: [{ name: 'shared', cluster: { server: 'https://first' } }],
      contexts: [{ name: 'b', context: { cluster: 'shared', namespace: 'from-first' } }],
    });
    const second = await put('2.yaml', {
      clusters: [
        { name: 'shared', cluster: { server: 'https://second', 'insecure-skip-tls-verify': true } },
        { name: 'only2', cluster: { server: 'https://only2' } },
      ],
      contexts: [
        { name: 'a', context: { cluster: 'only2' } },
        { name: 'b', context: { cluster: 'only2' } },
      ],
      'current-context': 'b',
    });
    const third = await put('3.yaml', { 'current-context': 'a' });
    const env = { KUBECONFIG: [first, join(dir, 'missing.yaml'), second, third].join(':') };
    const merged = await readMergedKubeconfig({ env });
    expect(merged.files).toEqual([first, second, third]);
    expect(merged.currentContext).toBe('b');
    const cfg = await loadKubeconfig({ env });
    expect([cfg.contextName, cfg.server, cfg.insecureSkipTlsVerify, cfg.namespace]).toEqual([
      'b',
      'https://first',
      false,
      'from-first',
    ]);
    expect((await loadKubeconfig({ env, context: 'a' })).server).toBe('https://only2');
  });
});

describe('resolving the context', () => {
  it('resolves server, token, namespace and names; namespace defaults to "default"', async () => {
    const path = await put('c.yaml', simple('https://s:6443'));
    const cfg = await loadKubeconfig({ kubeconfig: path });
    expect(cfg).toMatchObject({
      server: 'https://s:6443',
      token: 'tok',
      namespace: 'default',
      contextName: 'ctx',
      clusterName: 'c',
      userName: 'u',
    });
    expect(cfg.caData).toBeUndefined();
  });

  it('lets --namespace and --context override', async () => {
    const doc = simple('https://s');
    doc.contexts.push({ name: 'other', context: { cluster: 'c', user: 'u', namespace: 'kube-system' } } as never);
    const path = await put('c.yaml', doc);
    expect((await loadKubeconfig({ kubeconfig: path, context: 'other' })).namespace).toBe('kube-system');
    expect((await loadKubeconfig({ kubeconfig: path, context: 'other', namespace: 'x' })).namespace).toBe('x');
  });

  it('reads CA, client cert and key and token files relative to the kubeconfig directory', async () => {
    await mkdir(join(dir, 'conf', 'pki'), { recursive: true });
    await writeFile(join(dir, 'conf', 'pki', 'ca.crt'), 'CA PEM');
    await writeFile(join(dir, 'conf', 'pki', 'client.crt'), 'CERT PEM');
    await writeFile(join(dir, 'conf', 'pki', 'client.key'), 'KEY PEM');
    await writeFile(join(dir, 'conf', 'token'), '  secret-token\n');
    const path = await put('conf/kubeconfig', {
      clusters: [
        {
          name: 'c',
          cluster: { server: 'https://s', 'certificate-authority': 'pki/ca.crt', 'tls-server-name': 'api' },
        },
      ],
      users: [
        {
          name: 'u',
          user: { tokenFile: 'token', 'client-certificate': 'pki/client.crt', 'client-key': 'pki/client.key' },
        },
      ],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'ctx',
    });
    const cfg = await loadKubeconfig({ kubeconfig: path });
    expect(cfg).toMatchObject({
      caData: 'CA PEM',
      clientCertData: 'CERT PEM',
      clientKeyData: 'KEY PEM',
      token: 'secret-token',
      tokenFile: join(dir, 'conf', 'token'),
      tlsServerName: 'api',
    });
  });

  it('decodes inline -data fields, which win over file paths', async () => {
    const path = await put('c.yaml', {
      clusters: [
        {
          name: 'c',
          cluster: {
            server: 'https://s',
            'certificate-authority-data': b64('CA'),
            'certificate-authority': '/nonexistent',
          },
        },
      ],
      users: [
        {
          name: 'u',
          user: {
            'client-certificate-data': b64('CERT'),
            'client-key-data': b64('KEY'),
            token: 'inline',
            tokenFile: '/nonexistent',
          },
        },
      ],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'ctx',
    });
    expect(await loadKubeconfig({ kubeconfig: path })).toMatchObject({
      caData: 'CA',
      clientCertData: 'CERT',
      clientKeyData: 'KEY',
      token: 'inline',
    });
  });

  it('allows a context without a user and insecure-skip-tls-verify without a CA', async () => {
    const path = await put('c.yaml', {
      clusters: [{ name: 'c', cluster: { server: 'https://s', 'insecure-skip-tls-verify': true } }],
      contexts: [{ name: 'ctx', context: { cluster: 'c' } }],
      'current-context': 'ctx',
    });
    const cfg = await loadKubeconfig({ kubeconfig: path });
    expect([cfg.userName, cfg.token, cfg.insecureSkipTlsVerify]).toEqual([undefined, undefined, true]);
  });
});

describe('kubeconfig errors', () => {
  const cases: [string, unknown, ClientErrorCode, string?][] = [
    ['no current context', { ...simple('https://s'), 'current-context': '' }, 'NoCurrentContext'],
    [
      'unknown current context',
      { ...simple('https://s'), 'current-context': 'x' },
      'ContextNotFound',
      'context "x" does not exist',
    ],
    [
      'unknown cluster',
      { ...simple('https://s'), clusters: [] },
      'ClusterNotFound',
      'cluster "c" of context "ctx" does not exist',
    ],
    ['unknown user', { ...simple('https://s'), users: [] }, 'UserNotFound'],
    ['no server', simple(''), 'NoServer', 'no server found for cluster "c"'],
    [
      'insecure with a CA',
      {
        ...simple('https://s'),
        clusters: [
          {
            name: 'c',
            cluster: { server: 'https://s', 'insecure-skip-tls-verify': true, 'certificate-authority-data': b64('x') },
          },
        ],
      },
      'InsecureWithCA',
    ],
    [
      'cert without key',
      { ...simple('https://s'), users: [{ name: 'u', user: { 'client-certificate-data': b64('x') } }] },
      'IncompleteClientCert',
    ],
    [
      'missing token file',
      { ...simple('https://s'), users: [{ name: 'u', user: { tokenFile: 'nope' } }] },
      'CredentialFileUnreadable',
    ],
    [
      'exec plugin',
      { ...simple('https://s'), users: [{ name: 'u', user: { exec: { command: 'aws' } } }] },
      'UnsupportedAuth',
    ],
    ['clusters not a list', { clusters: { c: 1 } }, 'KubeconfigInvalid'],
    ['entry without name', { contexts: [{ context: {} }] }, 'KubeconfigInvalid'],
    ['scalar document', 'just a string', 'KubeconfigInvalid'],
  ];

  it.each(cases)('%s', async (_label, doc, c, message) => {
    const path = await put('bad.yaml', doc);
    const err: unknown = await loadKubeconfig({ kubeconfig: path }).catch((e: unknown) => e);
    expect(isClientError(err, c)).toBe(true);
    if (message) expect((err as Error).message).toBe(message);
  });

  it('rejects invalid YAML, naming the file', async () => {
    const path = join(dir, 'broken.yaml');
    await writeFile(path, 'clusters: [\n  - name: x\n bad');
    const err: unknown = await loadKubeconfig({ kubeconfig: path }).catch((e: unknown) => e);
    expect(isClientError(err, 'KubeconfigInvalid')).toBe(true);
    expect((err as Error).message).toContain(path);
  });

  it('treats an empty file as an empty config', async () => {
    const path = join(dir, 'empty');
    await writeFile(path, '');
    await expect(loadKubeconfig({ kubeconfig: path })).rejects.toSatisfy(code('NoCurrentContext'));
  });
});

describe('writeKubeconfig', () => {
  it('writes a private file that loads back to the same settings', async () => {
    const path = join(dir, 'new', 'dir', 'config');
    await writeKubeconfig(path, { server: 'https://127.0.0.1:6443', token: 't', caData: 'PEM', namespace: 'apps' });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const cfg = await loadKubeconfig({ kubeconfig: path });
    expect(cfg).toMatchObject({
      server: 'https://127.0.0.1:6443',
      token: 't',
      caData: 'PEM',
      namespace: 'apps',
      contextName: 'wheelhouse',
    });
    expect(yaml.load(await readFile(path, 'utf8'))).toMatchObject({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'wheelhouse',
    });
  });

  it('writes a minimal plain-http config with a custom name', async () => {
    const doc = yaml.load(
      renderKubeconfig({ server: 'http://localhost:8080', name: 'local', insecureSkipTlsVerify: true }),
    ) as Record<string, unknown>;
    expect(doc.clusters).toEqual([
      { name: 'local', cluster: { server: 'http://localhost:8080', 'insecure-skip-tls-verify': true } },
    ]);
    expect(doc.users).toEqual([{ name: 'local', user: {} }]);
  });

  it('rejects a server that is not an http(s) URL', () => {
    expect(() => renderKubeconfig({ server: 'localhost:6443' })).toThrow('server');
    expect(() => renderKubeconfig({ server: 'ftp://x' })).toThrow('server');
  });
});
