import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../../builders.test-support.js';
import { NodeInfo } from '../../cache/node-info.js';
import { parseSelector } from '../../framework/selector.js';
import { countMatchingOn } from './constraints.js';

describe('countMatchingOn (the spread count, remembered per node until its pods change)', () => {
  it('counts again once a pod is added, relabelled or removed, and per namespace', () => {
    const web = makePod('web-1').label('app', 'web').obj;
    const node = new NodeInfo(makeNode('n1').obj, web, makePod('db-1').label('app', 'db').obj);
    const count = () => countMatchingOn(node, parseSelector({ matchLabels: { app: 'web' } }), 'default');
    expect(count()).toBe(1);

    node.addPod(makePod('web-2').label('app', 'web').obj);
    expect(count()).toBe(2);

    const relabelled = { ...web, metadata: { ...web.metadata, labels: { app: 'api' } } };
    node.removePod(web);
    node.addPod(relabelled);
    expect(count()).toBe(1);

    node.addPod(makePod('web-3').namespace('other').label('app', 'web').obj);
    expect(count()).toBe(1);
    expect(countMatchingOn(node, parseSelector({ matchLabels: { app: 'web' } }), 'other')).toBe(1);
    expect(countMatchingOn(node, parseSelector({ matchLabels: { app: 'db' } }), 'default')).toBe(1);

    const copy = node.snapshot();
    copy.removePod(relabelled);
    expect(countMatchingOn(copy, parseSelector({ matchLabels: { app: 'api' } }), 'default')).toBe(0);
    expect(countMatchingOn(node, parseSelector({ matchLabels: { app: 'api' } }), 'default')).toBe(1);
  });
});
