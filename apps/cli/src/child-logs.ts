/** Child processes whose output goes to their own log file, in their own process group. */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ChildSpec, SupervisedProcess } from './supervisor.js';

/**
 * Spawns `spec` with stdout and stderr appended to `file`. The child gets its own process
 * group, so a Ctrl-C at the terminal reaches only `up`, which then stops the children in order.
 */
export function spawnLogged(spec: ChildSpec, file: string): SupervisedProcess {
  const fd = openSync(file, 'a');
  try {
    return spawn(spec.command, [...spec.args], {
      stdio: ['ignore', fd, fd],
      detached: true,
      env: { ...process.env, ...spec.env },
    });
  } finally {
    closeSync(fd);
  }
}

/**
 * Why a component that could not start did so, from the end of its log: its `Error: ...`
 * line, or the message of its last error record; undefined when the log says nothing.
 */
export async function lastError(file: string): Promise<string | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const lines = text.trimEnd().split('\n').slice(-50).reverse();
  for (const line of lines) {
    if (line.startsWith('Error: ')) return line.slice('Error: '.length);
    if (!line.startsWith('{')) continue;
    try {
      const rec = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
      if ((rec.level ?? 0) >= 50) return [rec.msg, rec.err?.message].filter(Boolean).join(': ');
    } catch {
      // not a record
    }
  }
  return undefined;
}
