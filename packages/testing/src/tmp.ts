import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary directory; `cleanup` removes it with everything in it. */
export interface TempDir {
  path: string;
  cleanup(): Promise<void>;
}

/** Creates a temporary directory named after `prefix` under the OS temp dir. */
export async function tempDir(prefix = 'wheelhouse-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}
