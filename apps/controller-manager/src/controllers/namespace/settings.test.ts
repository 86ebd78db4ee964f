// The namespace controller's --namespace-sync-period flag.
import { describe, expect, it } from 'vitest';
import { CONTROLLERS, settingsOf } from '../index.js';
import { namespaceSettings } from './settings.js';

describe('namespace controller flags', () => {
  it("are kube-controller-manager's, with its defaults", () => {
    const d = CONTROLLERS.namespace!;
    expect(d.concurrencyFlag).toBe('concurrent-namespace-syncs');
    expect(d.defaultWorkers).toBe(10);
    expect(namespaceSettings(settingsOf(d, {}))).toEqual({ syncPeriodMs: 300_000 });
    expect(namespaceSettings({ 'namespace-sync-period': '30s' })).toEqual({ syncPeriodMs: 30_000 });
  });

  it('refuse a period that is not a duration, as pflag words it', () => {
    expect(() => CONTROLLERS.namespace!.checkSettings!({ 'namespace-sync-period': '10' })).toThrow(
      'invalid argument "10" for "--namespace-sync-period" flag: time: missing unit in duration "10"',
    );
  });

  it('the serviceaccount controller has no flag of its own and one worker, as kube runs it', () => {
    const d = CONTROLLERS.serviceaccount!;
    expect(d.concurrencyFlag).toBeUndefined();
    expect(d.defaultWorkers).toBe(1);
  });
});
