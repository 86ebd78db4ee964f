import { describe, expect, it } from 'vitest';
import { defaultIngressClass, defaultNetworkPolicy } from '../defaults/networking.js';
import type { Ingress, IngressClass, NetworkPolicy } from '../schema/networking-v1.js';
import { formatFieldError, type FieldError } from './field-errors.js';
import {
  validateIngress,
  validateIngressClass,
  validateIngressClassUpdate,
  validateNetworkPolicy,
} from './networking.js';

const messages = (errs: FieldError[]) => errs.map(formatFieldError);
const backend = { service: { name: 'web', port: { number: 80 } } };
const ingress = (spec: Ingress['spec'], annotations?: Record<string, string>): Ingress => ({
  metadata: { name: 'web', namespace: 'default', ...(annotations ? { annotations } : {}) },
  spec,
});

describe('Ingress validation', () => {
  it('accepts a rule with a Prefix path to a service port', () => {
    const ing = ingress({
      ingressClassName: 'nginx',
      rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }],
      tls: [{ hosts: ['*.example.com'], secretName: 'tls' }],
    });
    expect(validateIngress(ing)).toEqual([]);
  });

  it('requires rules or a default backend', () => {
    expect(messages(validateIngress(ingress({})))).toEqual([
      'spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified',
    ]);
  });

  it('refuses a missing pathType, a relative path, a bad host and an incomplete backend', () => {
    const ing = ingress({
      rules: [
        { host: '10.0.0.1', http: { paths: [{ path: '/a', backend }] } },
        {
          host: 'Shop',
          http: {
            paths: [
              { path: 'b', pathType: 'Exact', backend: { service: { name: 'web', port: {} } } },
              { path: '/c', pathType: 'Regex', backend: {} },
            ],
          },
        },
      ],
    });
    expect(messages(validateIngress(ing))).toEqual([
      'spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
      'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
      `spec.rules[1].host: Invalid value: "Shop": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      'spec.rules[1].http.paths[0].path: Invalid value: "b": must be an absolute path',
      'spec.rules[1].http.paths[0].backend: Required value: port name or number is required',
      'spec.rules[1].http.paths[1].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
      'spec.rules[1].http.paths[1].backend: Invalid value: "": resource or service backend is required',
    ]);
  });

  it('refuses a kubernetes.io/ingress.class annotation that disagrees with ingressClassName', () => {
    const ing = ingress({ ingressClassName: 'nginx', defaultBackend: backend }, { 'kubernetes.io/ingress.class': 'x' });
    expect(messages(validateIngress(ing))).toEqual([
      'annotations.kubernetes.io/ingress.class: Invalid value: "x": must match `ingressClassName` when both are specified',
    ]);
  });
});

describe('IngressClass validation and defaults', () => {
  const cls = (spec: IngressClass['spec']): IngressClass => defaultIngressClass({ metadata: { name: 'nginx' }, spec });

  it('defaults parameters.scope to Cluster and accepts a domain-prefixed controller', () => {
    const ic = cls({ controller: 'k8s.io/ingress-nginx', parameters: { kind: 'Config', name: 'c' } });
    expect(ic.spec?.parameters?.scope).toBe('Cluster');
    expect(validateIngressClass(ic)).toEqual([]);
  });

  it('requires a domain-prefixed controller and keeps it immutable', () => {
    expect(messages(validateIngressClass(cls({ controller: 'nginx' })))).toEqual([
      'spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")',
    ]);
    expect(messages(validateIngressClass(cls({})))).toEqual(['spec.controller: Required value']);
    const old = cls({ controller: 'k8s.io/a' });
    expect(messages(validateIngressClassUpdate(cls({ controller: 'k8s.io/b' }), old))).toEqual([
      'spec.controller: Invalid value: "k8s.io/b": field is immutable',
    ]);
  });

  it('needs a namespace for Namespace-scoped parameters', () => {
    const ic = cls({ controller: 'k8s.io/a', parameters: { kind: 'C', name: 'c', scope: 'Namespace' } });
    expect(messages(validateIngressClass(ic))).toEqual([
      "spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'",
    ]);
  });
});

describe('NetworkPolicy validation and defaults', () => {
  const np = (spec: NetworkPolicy['spec']): NetworkPolicy =>
    defaultNetworkPolicy({ metadata: { name: 'deny', namespace: 'default' }, spec });

  it('defaults policyTypes from the rules present and port protocols to TCP', () => {
    expect(np({}).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    const withEgress = np({ egress: [{ ports: [{ port: 53 }] }] });
    expect(withEgress.spec?.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(withEgress.spec?.egress?.[0]?.ports).toEqual([{ port: 53, protocol: 'TCP' }]);
  });

  it('checks peers, ip blocks, ports and policy types', () => {
    const policy = np({
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [
        {
          from: [{}, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '192.168.0.0/24'] }, podSelector: {} }],
          ports: [
            { port: 8080, endPort: 80 },
            { port: 'http', endPort: 90 },
          ],
        },
      ],
      policyTypes: ['Ingress', 'Sideways'],
    });
    expect(messages(validateNetworkPolicy(policy))).toEqual([
      'spec.ingress[0].ports[0].endPort: Invalid value: 8080: must be greater than or equal to `port`',
      'spec.ingress[0].ports[1].endPort: Invalid value: 90: may not be specified when `port` is non-numeric',
      'spec.ingress[0].from[0]: Required value: must specify a peer',
      'spec.ingress[0].from[1].ipBlock.except[1]: Invalid value: "192.168.0.0/24": must be a strict subset of `cidr`',
      'spec.ingress[0].from[1]: Forbidden: may not specify both ipBlock and another peer',
      'spec.policyTypes[1]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"',
    ]);
  });

  it('refuses a malformed CIDR', () => {
    const policy = np({ egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }] });
    expect(messages(validateNetworkPolicy(policy))).toEqual([
      'spec.egress[0].to[0].ipBlock.cidr: Invalid value: "10.0.0.0/33": not a valid CIDR',
    ]);
  });

  it('compares IPv6 except blocks with their cidr', () => {
    const block = (except: string[]) => np({ egress: [{ to: [{ ipBlock: { cidr: '2001:db8::/32', except } }] }] });
    expect(messages(validateNetworkPolicy(block(['2001:db8:1::/48', '2001:db8::ffff:10.0.0.0/120'])))).toEqual([]);
    expect(messages(validateNetworkPolicy(block(['2001:db9::/48', '2001:db8::/32', '10.0.0.0/8'])))).toEqual([
      'spec.egress[0].to[0].ipBlock.except[0]: Invalid value: "2001:db9::/48": must be a strict subset of `cidr`',
      'spec.egress[0].to[0].ipBlock.except[1]: Invalid value: "2001:db8::/32": must be a strict subset of `cidr`',
      'spec.egress[0].to[0].ipBlock.except[2]: Invalid value: "10.0.0.0/8": must be a strict subset of `cidr`',
    ]);
  });
});
