/** A store and API server for the kubectl-verb tests, and a way to run `wheelhouse` verbs against them in-process. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { vi } from 'vitest';
import { buildApiServer } from '@wheelhouse/apiserver';
import { renderKubeconfig, type RestClient } from '@wheelhouse/client';
import { runCommand } from '@wheelhouse/flags';
import { startTestApi, tempDir, type TempDir, type TestApi } from '@wheelhouse/testing';
import { rootCommand } from '../commands.js';

/** What a user sees of one run. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A running API server and a data dir holding its kubeconfig. */
export interface VerbCluster {
  client: RestClient;
  dir: TempDir;
  /** Runs `wheelhouse ARGS --kubeconfig <its kubeconfig>`, with `stdin` as standard input when given. */
  run(args: readonly string[], stdin?: string): Promise<CliRun>;
  /** Starts such a run, for verbs that run until something happens (watches). */
  start(args: readonly string[]): CliRunning;
  /** Writes a file under the temp dir; resolves its path. */
  file(name: string, text: string): Promise<string>;
  /** Stops the API server and the store and removes the temp dir (once; later calls wait for the first). */
  stop(): Promise<void>;
}

/** A run in progress: what it printed so far, and its end. */
export interface CliRunning {
  stdout(): string;
  done: Promise<CliRun>;
}

/** Starts `wheelhouse ARGS` in this process, capturing stdout and stderr (and feeding `stdin`). */
export function startCli(args: readonly string[], stdin?: string): CliRunning {
  let stdout = '';
  let stderr = '';
  const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const stdinSpy =
    stdin === undefined
      ? undefined
      : vi.spyOn(process, 'stdin', 'get').mockReturnValue(Readable.from([Buffer.from(stdin)]) as never);
  const done = runCommand(rootCommand, args)
    .then((code) => ({ code, stdout, stderr }))
    .finally(() => {
      outSpy.mockRestore();
      errSpy.mockRestore();
      stdinSpy?.mockRestore();
    });
  return { stdout: () => stdout, done };
}

/** Starts a store and an API server, and writes a kubeconfig for them. */
export async function startVerbCluster(): Promise<VerbCluster> {
  const api: TestApi = await startTestApi(buildApiServer);
  const dir = await tempDir('wheelhouse-verbs-');
  const kubeconfig = join(dir.path, 'kubeconfig');
  await writeFile(kubeconfig, renderKubeconfig({ server: api.url }));
  let stopped: Promise<void> | undefined;
  return {
    client: api.client,
    dir,
    run: (args, stdin) => startCli([...args, '--kubeconfig', kubeconfig], stdin).done,
    start: (args) => startCli([...args, '--kubeconfig', kubeconfig]),
    file: async (name, text) => {
      const path = join(dir.path, name);
      await writeFile(path, text);
      return path;
    },
    stop: () => (stopped ??= api.stop().then(() => dir.cleanup())),
  };
}
