import { describe, expect, it } from 'vitest';
import { findResource } from '../registry/registry.js';
import { podTemplatePrinter } from '../printing/podtemplate.js';
import type { PodTemplate } from '../schema/core-v1-podtemplate.js';
import { formatFieldError } from './field-errors.js';
import { validatePodTemplateObject } from './podtemplate.js';

const def = findResource('', 'v1', 'podtemplates')!;
const template = (containers: unknown[], labels: Record<string, string> = { app: 'web' }): PodTemplate => ({
  metadata: { name: 'web', namespace: 'default', creationTimestamp: '2024-05-01T11:00:00Z' },
  template: { metadata: { labels }, spec: { containers } } as PodTemplate['template'],
});

describe('PodTemplate', () => {
  it('is defaulted as a pod template and validated as one', () => {
    const pt = def.defaults(template([{ name: 'c', image: 'nginx' }])) as PodTemplate;
    expect(pt.template?.spec?.restartPolicy).toBe('Always');
    expect(def.validate(pt)).toEqual([]);
    const bad = def.defaults(template([{ name: 'c' }], { 'a b': 'x' })) as PodTemplate;
    expect(validatePodTemplateObject(bad).map(formatFieldError)).toEqual([
      expect.stringMatching(/^template\.labels: Invalid value: "a b": name part must consist of/),
      'template.spec.containers[0].image: Required value',
    ]);
  });

  it('bumps generation only when the template changes', () => {
    const created = def.strategy.prepareForCreate(template([{ name: 'c', image: 'nginx' }]));
    expect(created.metadata?.generation).toBe(1);
    const relabelled = { ...created, metadata: { ...created.metadata, labels: { x: 'y' } } };
    expect(def.strategy.prepareForUpdate(relabelled, created).metadata?.generation).toBe(1);
    const changed = template([{ name: 'c', image: 'nginx:2' }]);
    expect(def.strategy.prepareForUpdate(changed, created).metadata?.generation).toBe(2);
  });

  it("prints kube's columns: NAME CONTAINERS IMAGES POD LABELS", () => {
    expect(podTemplatePrinter.columns.map((c) => c.name)).toEqual(['Name', 'Containers', 'Images', 'Pod Labels']);
    const pt = template([
      { name: 'app', image: 'nginx' },
      { name: 'log', image: 'busybox' },
    ]);
    expect(podTemplatePrinter.cells(pt, new Date())).toEqual(['web', 'app,log', 'nginx,busybox', 'app=web']);
  });
});
