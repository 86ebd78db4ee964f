/**
 * The bootstrap RBAC policy at a restart, as kube-apiserver reconciles it: a default role
 * that lost rules gets them back (what it gained stays), a binding regains its subjects, an
 * object annotated autoupdate "false" is left alone, and untouched objects are not rewritten.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer, type ApiServer } from './apiserver.js';
import { startTestServer, type TestServer } from './harness.test-support.js';

let t: TestServer;
let second: ApiServer | undefined;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await second?.stop();
  await t?.stop();
});

const CR = '/apis/rbac.authorization.k8s.io/v1/clusterroles';
const CRB = '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings';

describe('bootstrap RBAC reconciliation at start', () => {
  it('restores what default objects lost, keeps what they gained, and leaves autoupdate "false" alone', async () => {
    const discovery = (await t.req('GET', `${CR}/system:discovery`)).body;
    const extra = { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] };
    const edited = { ...discovery, rules: [extra] };
    expect((await t.req('PUT', `${CR}/system:discovery`, edited)).status).toBe(200);

    const basic = (await t.req('GET', `${CR}/system:basic-user`)).body;
    basic.metadata.annotations['rbac.authorization.kubernetes.io/autoupdate'] = 'false';
    expect((await t.req('PUT', `${CR}/system:basic-user`, { ...basic, rules: [] })).status).toBe(200);

    const binding = (await t.req('GET', `${CRB}/system:discovery`)).body;
    expect((await t.req('PUT', `${CRB}/system:discovery`, { ...binding, subjects: [] })).status).toBe(200);

    const KINDS = ['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings'];
    const versions = async (base: string) => {
      const out = new Map<string, string>();
      for (const kind of KINDS) {
        const list = (await (await fetch(`${base}/apis/rbac.authorization.k8s.io/v1/${kind}`)).json()) as {
          items: Array<{ metadata: { namespace?: string; name: string; resourceVersion: string } }>;
        };
        for (const o of list.items)
          out.set(`${kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o.metadata.resourceVersion);
      }
      return out;
    };
    const before = await versions(t.url);

    await t.server.stop();
    second = buildApiServer({ etcdServers: [t.etcd.endpoint], port: 0, logger: pino({ level: 'silent' }) });
    const url = await second.start();
    const get = async (path: string): Promise<any> => (await fetch(url + path)).json();

    const restored = await get(`${CR}/system:discovery`);
    expect(restored.rules[0]).toEqual(extra);
    // The missing rules come back broken down, one URL and verb each (kube's BreakdownRule).
    type Rule = { nonResourceURLs: string[]; verbs: string[] };
    const urls = (rules: Rule[]) =>
      rules.flatMap((r) => r.verbs.flatMap((v) => r.nonResourceURLs.map((u) => `${v} ${u}`)));
    expect(urls(restored.rules.slice(1))).toEqual(urls(discovery.rules));
    expect(restored.rules.slice(1).every((r: Rule) => r.nonResourceURLs.length === 1)).toBe(true);
    expect((await get(`${CR}/system:basic-user`)).rules ?? []).toEqual([]);
    expect((await get(`${CRB}/system:discovery`)).subjects).toEqual(binding.subjects);
    // Nothing else was rewritten.
    const after = await versions(url);
    const changed = [...before].filter(([k, rv]) => after.get(k) !== rv).map(([k]) => k);
    expect(changed.sort()).toEqual(['clusterrolebindings//system:discovery', 'clusterroles//system:discovery']);
  });
});
