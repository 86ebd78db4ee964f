import { describe, expect, it } from 'vitest';
import { makePod } from '../builders.test-support.js';
import { NON_ZERO_DEFAULTS, podRequests } from './pod-requests.js';

const asObject = (m: Map<string, number>) => Object.fromEntries([...m].sort());

describe('podRequests (resource.PodRequests)', () => {
  it('sums containers', () => {
    const pod = makePod('p').req({ cpu: '100m', memory: '1Gi' }).req({ cpu: '1', 'example.com/gpu': '2' }).obj;
    expect(asObject(podRequests(pod))).toEqual({ cpu: 1100, 'example.com/gpu': 2, memory: 1024 ** 3 });
  });

  it('takes the larger of the containers and the biggest init container', () => {
    const pod = makePod('p').req({ cpu: '500m' }).initReq({ cpu: '2' }).initReq({ cpu: '1', memory: '1Mi' }).obj;
    expect(asObject(podRequests(pod))).toEqual({ cpu: 2000, memory: 1024 ** 2 });
  });

  it('adds sidecars to the containers and to every init container started after them', () => {
    const pod = makePod('p')
      .req({ cpu: '1' })
      .initReq({ cpu: '500m' }, true) // sidecar: runs alongside everything after it
      .initReq({ cpu: '2' }).obj;
    // containers 1 + sidecar 0.5 = 1.5; init step 2 + sidecar 0.5 = 2.5
    expect(asObject(podRequests(pod))).toEqual({ cpu: 2500 });
  });

  it('adds the pod overhead', () => {
    const pod = makePod('p')
      .req({ cpu: '1' })
      .spec({ overhead: { cpu: '250m', memory: '120Mi' } }).obj;
    expect(asObject(podRequests(pod))).toEqual({ cpu: 1250, memory: 120 * 1024 ** 2 });
  });

  it('assumes 100m cpu and 200Mi memory for containers that set none, when asked (non-zero requests)', () => {
    const pod = makePod('p').req({ cpu: '1' }).req({}).obj;
    expect(asObject(podRequests(pod, NON_ZERO_DEFAULTS))).toEqual({ cpu: 1100, memory: 2 * 200 * 1024 ** 2 });
  });
});
