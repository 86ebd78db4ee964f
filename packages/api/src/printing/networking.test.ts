import { describe, expect, it } from 'vitest';
import { ingressClassPrinter, ingressPrinter, networkPolicyPrinter } from './networking.js';

const now = new Date('2024-05-01T12:00:00Z');
const meta = { name: 'web', namespace: 'default', creationTimestamp: '2024-05-01T11:55:00Z' };

describe('networking printers', () => {
  it("have kube-apiserver's columns", () => {
    expect(ingressPrinter.columns.map((c) => c.name)).toEqual(['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age']);
    expect(ingressClassPrinter.columns.map((c) => c.name)).toEqual(['Name', 'Controller', 'Parameters', 'Age']);
    expect(networkPolicyPrinter.columns.map((c) => c.name)).toEqual(['Name', 'Pod-Selector', 'Age']);
  });

  it('prints an ingress: class, up to three hosts, sorted addresses, TLS ports', () => {
    const rules = ['a.io', '', 'b.io', 'c.io', 'd.io'].map((host) => ({ host }));
    const ing = {
      metadata: meta,
      spec: { ingressClassName: 'nginx', rules, tls: [{ hosts: ['a.io'] }] },
      status: { loadBalancer: { ingress: [{ ip: '10.0.0.9' }, { hostname: 'lb.example.com' }, { ip: '10.0.0.9' }] } },
    };
    expect(ingressPrinter.cells(ing, now)).toEqual([
      'web',
      'nginx',
      'a.io,b.io,c.io + 2 more...',
      '10.0.0.9,lb.example.com',
      '80, 443',
      '5m',
    ]);
    expect(ingressPrinter.cells({ metadata: meta, spec: {} }, now)).toEqual(['web', '<none>', '*', '', '80', '5m']);
  });

  it('prints an ingress class with its parameters reference', () => {
    const ic = {
      metadata: meta,
      spec: { controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'P', name: 'p' } },
    };
    expect(ingressClassPrinter.cells(ic, now)).toEqual(['web', 'k8s.io/ingress-nginx', 'P.k8s.example.com/p', '5m']);
    expect(ingressClassPrinter.cells({ metadata: meta, spec: { controller: 'x/y' } }, now)[2]).toBe('<none>');
  });

  it('prints a network policy pod selector, <none> when it selects every pod', () => {
    const np = { metadata: meta, spec: { podSelector: { matchLabels: { app: 'web' } } } };
    expect(networkPolicyPrinter.cells(np, now)).toEqual(['web', 'app=web', '5m']);
    expect(networkPolicyPrinter.cells({ metadata: meta, spec: { podSelector: {} } }, now)[1]).toBe('<none>');
  });
});
