import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./run.test-support.ts', import.meta.url));

/** Starts run.test-support.ts in `mode`, sends `signal` once it printed `running`; resolves how it ended. */
function runAndSignal(mode: string, signal: NodeJS.Signals) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('running\n') && child.signalCode === null && !child.killed) child.kill(signal);
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('close', (code, sig) => resolve({ code, signal: sig, out }));
  });
}

describe('runCommand keeps a command alive until a signal', () => {
  it('a command whose run never settles and handles no signal is killed by SIGTERM (not exit 13)', async () => {
    const ended = await runAndSignal('never', 'SIGTERM');
    expect(ended).toMatchObject({ code: null, signal: 'SIGTERM' });
  }, 60_000);

  it('a command that waits for the signal (asking before its first await) stops cleanly and exits 0', async () => {
    const ended = await runAndSignal('graceful', 'SIGTERM');
    expect(ended.out).toContain('stopped by SIGTERM\n');
    expect(ended).toMatchObject({ code: 0, signal: null });
  }, 60_000);
});
