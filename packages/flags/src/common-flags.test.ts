import { describe, expect, it } from 'vitest';
import { defineCommand, FlagError, kubeconfigFlag, logLevelFlag, parseFlags } from './index.js';

const cmd = defineCommand({
  name: 'component',
  summary: 'A component.',
  flags: { kubeconfig: kubeconfigFlag, 'log-level': logLevelFlag },
});

describe('the shared component flags', () => {
  it('default to the usual kubeconfig rules and info logs', () => {
    expect(parseFlags(cmd, []).flags).toEqual({ kubeconfig: '', 'log-level': 'info' });
  });

  it('take a kubeconfig path and any pino level, and refuse another level', () => {
    expect(parseFlags(cmd, ['--kubeconfig', '/k', '--log-level=silent']).flags).toEqual({
      kubeconfig: '/k',
      'log-level': 'silent',
    });
    expect(() => parseFlags(cmd, ['--log-level', 'loud'])).toThrow(FlagError);
  });
});
