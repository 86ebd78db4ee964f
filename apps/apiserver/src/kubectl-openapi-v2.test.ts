/**
 * /openapi/v2 with the real kubectl v1.32 (fresh HOME): `kubectl explain --output
 * plaintext-openapiv2` reads built-in kinds and a custom resource from it (until the CRD
 * is deleted); a `kind: List`
 * (which kubectl checks item by item against v2) of real-world items applies; `apply
 * --validate=true` works; and `kubectl apply` computes its strategic merge patches from the
 * v2 patch markers, so a container removed from the manifest leaves the Deployment.
 */
import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { REPO_ROOT } from '@wheelhouse/testing';
import { useKubectlServer } from './harness.test-support.js';

const cluster = useKubectlServer('kubectl-openapi-v2-', 30_000);

function deploymentYaml(name: string, containers: string[]): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: ${name}, labels: {app: ${name}}}`,
    'spec:',
    '  replicas: 2',
    `  selector: {matchLabels: {app: ${name}}}`,
    '  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 1}}',
    '  template:',
    `    metadata: {labels: {app: ${name}}}`,
    '    spec:',
    '      containers:',
    ...containers.map(
      (c, i) =>
        `      - {name: ${c}, image: nginx:1.27, ports: [{containerPort: ${8080 + i}}], ` +
        `resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 1}}, env: [{name: MODE, value: "on"}]}`,
    ),
    '      volumes: [{name: disk, awsElasticBlockStore: {volumeID: vol-1, fsType: ext4}}]',
  ].join('\n');
}

async function file(name: string, text: string): Promise<string> {
  await writeFile(join(cluster.kubectl.home, name), text);
  return name;
}

describe('kubectl with /openapi/v2', () => {
  it('explains built-in fields with --output plaintext-openapiv2', async () => {
    const out = await cluster.kubectl.ok('explain', '--output', 'plaintext-openapiv2', 'deployments.spec');
    expect(out).toMatch(/^KIND: +Deployment\nVERSION: +apps\/v1\n\nRESOURCE: spec <Object>\n/);
    expect(out).toMatch(/replicas\s+<integer>/);
    expect(out).toMatch(/template\s+<Object>/);
    const recursive = await cluster.kubectl.ok('explain', '--output', 'plaintext-openapiv2', '--recursive', 'pods');
    expect(recursive).toMatch(/containers\t<\[\]Object>/);
    expect(recursive).toMatch(/matchExpressions\t<\[\]Object>/);
  });

  it('applies a kind: List of real-world items, each checked against v2 by kubectl', async () => {
    const list =
      'apiVersion: v1\nkind: List\nitems:\n' +
      [
        deploymentYaml('listed', ['web']),
        'apiVersion: v1\nkind: Service\nmetadata: {name: listed}\nspec: {selector: {app: listed}, ports: [{port: 80, targetPort: http}]}',
      ]
        .map((doc) => doc.replace(/^/gm, '  ').replace(/^ {2}/, '- '))
        .join('\n') +
      '\n';
    const out = await cluster.kubectl.ok('apply', '-f', await file('list.yaml', list));
    expect(out).toBe('deployment.apps/listed created\nservice/listed created\n');
  });

  it('applies the every-kind manifest of the headline test as one kind: List', async () => {
    const docs = yaml.loadAll(await readFile(join(REPO_ROOT, 'e2e/headline/every-kind.yaml'), 'utf8')).filter(Boolean);
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: docs });
    const r = await cluster.kubectl.run('apply', '-f', await file('every-kind.json', list));
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout.trim().split('\n')).toHaveLength(docs.length);
  });

  it('refuses a kind: List item with an unknown field, as kubectl does against a real cluster', async () => {
    const list =
      'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: typo}, dta: {a: "1"}}\n';
    const r = await cluster.kubectl.run('apply', '-f', await file('typo.yaml', list));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('unknown field "dta" in io.k8s.api.core.v1.ConfigMap');
  });

  it('applies with --validate=true and merges containers by name on update', async () => {
    const two = await file('two.yaml', deploymentYaml('web', ['app', 'sidecar']));
    expect(await cluster.kubectl.ok('apply', '--validate=true', '-f', two)).toBe('deployment.apps/web created\n');
    const one = await file('one.yaml', deploymentYaml('web', ['app']).replace('value: "on"', 'value: "off"'));
    const r = await cluster.kubectl.run('apply', '-f', one);
    // No "warning: error calculating patch from openapi spec": the patch came from v2.
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 0,
      stdout: 'deployment.apps/web configured\n',
      stderr: '',
    });
    const env = await cluster.kubectl.ok(
      'get',
      'deployment',
      'web',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].env[0].value}',
    );
    expect(env).toBe('off');
    const names = await cluster.kubectl.ok(
      'get',
      'deployment',
      'web',
      '-o',
      'jsonpath={.spec.template.spec.containers[*].name}',
    );
    expect(names).toBe('app');
  });

  it('explains a custom resource once its CRD is created', async () => {
    const crd = [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata: {name: gadgets.example.com}',
      'spec:',
      '  group: example.com',
      '  scope: Namespaced',
      '  names: {plural: gadgets, singular: gadget, kind: Gadget}',
      '  versions:',
      '  - name: v1',
      '    served: true',
      '    storage: true',
      '    schema:',
      '      openAPIV3Schema:',
      '        type: object',
      '        properties:',
      '          spec:',
      '            type: object',
      '            description: What the gadget should be.',
      '            properties:',
      '              size: {type: integer, description: How big it is.}',
      '              color: {type: string, nullable: true}',
    ].join('\n');
    await cluster.kubectl.ok('apply', '-f', await file('crd.yaml', crd));
    await cluster.kubectl.ok('wait', '--for=condition=Established', 'crd/gadgets.example.com', '--timeout=20s');
    const out = await cluster.kubectl.ok('explain', '--output', 'plaintext-openapiv2', 'gadgets.spec');
    expect(out).toMatch(/^KIND: +Gadget\nVERSION: +example.com\/v1\n/);
    expect(out).toMatch(/size\s+<integer>\n\s+How big it is\./);

    await cluster.kubectl.ok('delete', 'crd', 'gadgets.example.com');
    const gone = await cluster.kubectl.run('explain', '--output', 'plaintext-openapiv2', 'gadgets');
    expect(gone.code).not.toBe(0);
    // kubectl's cached discovery still maps the name; /openapi/v2 no longer has the kind.
    expect(gone.stderr).toContain(`couldn't find resource for "example.com/v1, Kind=Gadget"`);
  });
});
