// Which bundle kube-controller-manager publishes, through the whole manager: --root-ca-file if
// given (a bad one refuses to start), else the CA of its kubeconfig (inline or a file), else "".
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RestClient } from '@wheelhouse/client';
import { type TempDir, tempDir } from '@wheelhouse/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ControllerManagerConfig, buildControllerManager } from '../../controller-manager.js';
import { type TestCluster, eventually, startTestCluster } from '../../test-cluster.test-support.js';

const silent = pino({ level: 'silent' });
let cluster: TestCluster;
let dir: TempDir;
/** Two CA certificates made by the real openssl: the kubeconfig's and the --root-ca-file's. */
const ca = { kubeconfig: { file: '', pem: '' }, flag: { file: '', pem: '' } };

async function makeCa(name: string): Promise<{ file: string; pem: string }> {
  const [key, file] = [join(dir.path, `${name}.key`), join(dir.path, `${name}.pem`)];
  const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', file, '-days', '1'];
  await promisify(execFile)('openssl', [...args, '-subj', `/CN=${name}`]);
  return { file, pem: await readFile(file, 'utf8') };
}

/** A kubeconfig for the test cluster whose cluster entry has `caEntry` (e.g. certificate-authority-data). */
async function kubeconfig(name: string, caEntry: Record<string, string>): Promise<string> {
  const path = join(dir.path, name);
  const entry = Object.entries(caEntry).map(([k, v]) => `\n    ${k}: ${v}`);
  await writeFile(
    path,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: test\n  cluster:\n    server: ${cluster.url}${entry.join('')}\n` +
      `contexts:\n- name: test\n  context:\n    cluster: test\ncurrent-context: test\n`,
  );
  return path;
}

/** Runs a manager with only the publisher and returns the ca.crt it puts in a new namespace. */
async function published(config: ControllerManagerConfig): Promise<string | undefined> {
  const manager = buildControllerManager({
    ...config,
    controllers: ['root-ca-cert-publisher'],
    leaderElect: false,
    securePort: 0,
    logger: silent,
  });
  await manager.start();
  try {
    const ns = await cluster.namespace();
    const cms = cluster.client.resource('configmaps', ns);
    const cm = await eventually(
      () => cms.get('kube-root-ca.crt').catch(() => undefined),
      (c) => c !== undefined,
      'kube-root-ca.crt',
    );
    return cm!.data?.['ca.crt'];
  } finally {
    await manager.stop();
  }
}

beforeAll(async () => {
  cluster = await startTestCluster();
  dir = await tempDir('root-ca-manager-');
  ca.kubeconfig = await makeCa('kubeconfig-ca');
  ca.flag = await makeCa('flag-ca');
});
afterAll(async () => {
  await cluster?.stop();
  await dir?.cleanup();
});

describe("the root-ca-cert-publisher's bundle", () => {
  it("is the kubeconfig's certificate-authority-data, or the file its certificate-authority names", async () => {
    const inline = await kubeconfig('inline', {
      'certificate-authority-data': Buffer.from(ca.kubeconfig.pem).toString('base64'),
    });
    expect(await published({ kubeconfig: inline })).toBe(ca.kubeconfig.pem);
    const byFile = await kubeconfig('by-file', { 'certificate-authority': ca.kubeconfig.file });
    expect(await published({ kubeconfig: byFile })).toBe(ca.kubeconfig.pem);
  });

  it('is the --root-ca-file when one is given', async () => {
    const inline = await kubeconfig('inline-2', {
      'certificate-authority-data': Buffer.from(ca.kubeconfig.pem).toString('base64'),
    });
    expect(await published({ kubeconfig: inline, settings: { 'root-ca-file': ca.flag.file } })).toBe(ca.flag.pem);
  });

  it('is "" when the kubeconfig has no CA (a plain-HTTP API server)', async () => {
    expect(await published({ kubeconfig: await kubeconfig('plain', {}) })).toBe('');
    const client = new RestClient({ server: cluster.url, logger: silent });
    expect(await published({ client })).toBe('');
    client.close();
  });

  it('refuses to start with an unusable --root-ca-file, naming it', async () => {
    const missing = join(dir.path, 'nope.pem');
    expect(() => buildControllerManager({ settings: { 'root-ca-file': missing } })).toThrow(
      `error parsing root-ca-file at ${missing}: `,
    );
    const key = join(dir.path, 'flag-ca.key');
    expect(() => buildControllerManager({ settings: { 'root-ca-file': key } })).toThrow(
      `error parsing root-ca-file at ${key}: data does not contain any valid RSA or ECDSA certificates`,
    );
  });
});
