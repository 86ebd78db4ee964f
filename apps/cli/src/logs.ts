/** `wheelhouse logs COMPONENT [-f]`: a component's log file, one readable line per record. */
import { open, readdir, stat } from 'node:fs/promises';
import { defineCommand, untilSignal } from '@wheelhouse/flags';
import { clusterPaths, logFile } from './data-dir.js';
import { dataDirFlag } from './data-dir-flag.js';
import { formatLogLine } from './log-format.js';

/** How often `-f` looks for new lines. */
const FOLLOW_POLL_MS = 200;

/** Prints the complete lines of `file` from byte `from`; returns where the next read starts. */
async function printFrom(file: string, from: number): Promise<number> {
  const { size } = await stat(file);
  if (size < from) from = 0; // the file was replaced
  if (size === from) return from;
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(size - from);
    await handle.read(buf, 0, buf.length, from);
    const text = buf.toString('utf8');
    const end = text.lastIndexOf('\n') + 1;
    const lines = text.slice(0, end).split('\n').slice(0, -1);
    if (lines.length > 0) process.stdout.write(lines.map(formatLogLine).join('\n') + '\n');
    return from + Buffer.byteLength(text.slice(0, end));
  } finally {
    await handle.close();
  }
}

/** See the module comment. An unknown component is one line naming the known ones. */
export const logsCommand = defineCommand({
  name: 'logs',
  summary: "Show a component's log (store, apiserver, scheduler, controller-manager, kubelet-1, ...)",
  flags: {
    'data-dir': dataDirFlag,
    follow: { type: 'boolean', description: 'keep printing new lines until Ctrl-C (also -f)', default: false },
    f: { type: 'boolean', description: 'same as --follow', default: false },
  },
  positionals: [{ name: 'COMPONENT', description: 'e.g. apiserver', required: true }],
  run: async (flags, [component]) => {
    const paths = clusterPaths(flags['data-dir']);
    const file = logFile(paths, component!);
    const known = (await readdir(paths.logs).catch(() => [] as string[]))
      .filter((f) => f.endsWith('.log'))
      .map((f) => f.slice(0, -'.log'.length))
      .sort();
    if (!known.includes(component!)) {
      const hint = known.length > 0 ? `known: ${known.join(', ')}` : `no logs in ${paths.logs}`;
      throw new Error(`no component "${component}" (${hint})`);
    }
    let at = await printFrom(file, 0);
    if (!flags.follow && !flags.f) return;
    let stopped = false;
    void untilSignal().then(() => (stopped = true));
    while (!stopped) {
      await new Promise((r) => setTimeout(r, FOLLOW_POLL_MS));
      at = await printFrom(file, at);
    }
  },
});
