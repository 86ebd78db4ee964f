import { describe, expect, it } from 'vitest';
import { asStatus, Code, codeName, isSuccess, newStatus, skip, unresolvable, unschedulable } from './status.js';

describe('Status', () => {
  it('joins reasons with ", " as its message', () => {
    expect(unschedulable('Insufficient cpu', 'Insufficient memory').message()).toBe(
      'Insufficient cpu, Insufficient memory',
    );
  });

  it('treats Unschedulable, UnschedulableAndUnresolvable and Pending as rejections only', () => {
    expect(unschedulable().isRejected()).toBe(true);
    expect(unresolvable().isRejected()).toBe(true);
    expect(newStatus(Code.Pending).isRejected()).toBe(true);
    expect(skip().isRejected()).toBe(false);
    expect(asStatus(new Error('boom')).isRejected()).toBe(false);
  });

  it('treats undefined and an explicit Success as success', () => {
    expect(isSuccess(undefined)).toBe(true);
    expect(isSuccess(newStatus(Code.Success))).toBe(true);
    expect(isSuccess(skip())).toBe(false);
  });

  it("names codes as kube-scheduler's Code.String", () => {
    expect(codeName(Code.UnschedulableAndUnresolvable)).toBe('UnschedulableAndUnresolvable');
    expect(codeName(Code.Skip)).toBe('Skip');
  });

  it('keeps the first plugin recorded', () => {
    const s = unschedulable('x').withPlugin('A').withPlugin('B');
    expect(s.plugin).toBe('A');
  });
});
