import { describe, expect, it } from 'vitest';
import { startProcess } from './process.js';

const node = (code: string) => startProcess(process.execPath, ['-e', code]);

describe('startProcess', () => {
  it('stop() resolves once a process exits on SIGTERM', async () => {
    const p = node("setInterval(() => {}, 1000); console.log('up')");
    await p.waitFor('up');
    await p.stop();
    expect(p.child.signalCode).toBe('SIGTERM');
  });

  it('stop() kills a process that ignores SIGTERM past the grace period and fails, naming it', async () => {
    const p = node(
      "process.on('SIGTERM', () => console.log('ignored')); setInterval(() => {}, 1000); console.log('up')",
    );
    await p.waitFor('up');
    await expect(p.stop('SIGTERM', 500)).rejects.toThrow(/did not exit within 0\.5 s of SIGTERM \(killed\)[^]*ignored/);
    expect(p.child.signalCode).toBe('SIGKILL');
  });
});
