/**
 * The `wheelhouse store` command and its `snapshot save|restore` subcommands, with etcd's
 * flag names. Flags etcd has but the store does not support (peers, TLS, ...) are unknown
 * flags and rejected.
 */
import { defineCommand, FlagError, parseDuration, untilSignal, type FlagValues } from '@wheelhouse/flags';
import { pino, type Level } from 'pino';
import type { AutoCompaction } from './engine/index.js';
import { restoreSnapshotFile, saveSnapshot } from './snapshot-file.js';
import { buildStore, DEFAULT_LISTEN_CLIENT_URLS, type StoreConfig } from './store.js';

/** The flags of `wheelhouse store`, named as etcd names them. */
export const storeFlags = {
  name: { type: 'string', default: 'default', description: 'Human-readable name for this member.' },
  'data-dir': {
    type: 'string',
    placeholder: 'DIR',
    description: "Path to the data directory (default '${name}.etcd').",
  },
  'listen-client-urls': {
    type: 'list',
    default: DEFAULT_LISTEN_CLIENT_URLS,
    placeholder: 'URLS',
    description: 'List of http:// URLs to listen on for client traffic (port 0 picks a free port).',
  },
  'advertise-client-urls': {
    type: 'list',
    placeholder: 'URLS',
    description: "List of this member's client URLs to advertise (default: the listen URLs).",
  },
  'quota-backend-bytes': {
    type: 'number',
    default: 0,
    description: 'Raise alarms when backend size exceeds the given quota (0 defaults to 2 GiB).',
  },
  'auto-compaction-mode': {
    type: 'string',
    default: 'periodic',
    choices: ['periodic', 'revision'],
    description: "Interpret 'auto-compaction-retention' as a duration ('periodic') or a revision count ('revision').",
  },
  'auto-compaction-retention': {
    type: 'string',
    default: '0',
    description:
      "Auto compaction retention: hours or a duration like '30m' (periodic), revisions (revision); 0 disables.",
  },
  'max-request-bytes': {
    type: 'number',
    default: 1.5 * 1024 * 1024,
    description: 'Maximum client request size in bytes the server will accept.',
  },
  'experimental-watch-progress-notify-interval': {
    type: 'string',
    default: '10m',
    description: 'Duration of periodic watch progress notifications.',
  },
  'log-level': {
    type: 'string',
    default: 'info',
    choices: ['debug', 'info', 'warn', 'error'],
    description: 'Log level.',
  },
} as const;

/** `wheelhouse store snapshot save FILE`: fetches a snapshot over the Maintenance API. */
export const snapshotSaveCommand = defineCommand({
  name: 'save',
  summary: 'Stores a snapshot of a running store (or etcd) to a file',
  positionals: [{ name: 'FILE', description: 'Where to write the snapshot', required: true }],
  flags: {
    endpoints: {
      type: 'list',
      default: ['127.0.0.1:2379'],
      placeholder: 'URLS',
      description: 'gRPC endpoint to fetch from (exactly one).',
    },
  },
  run: async (flags, [file]) => {
    if (file === undefined) throw new FlagError('MissingArgument', 'snapshot save expects one argument');
    await saveSnapshot(flags.endpoints, file);
    process.stdout.write(`Snapshot saved at ${file}\n`);
  },
});

/** `wheelhouse store snapshot restore FILE`: builds a new data dir from a snapshot file. */
export const snapshotRestoreCommand = defineCommand({
  name: 'restore',
  summary: 'Restores a store snapshot file into a new data directory',
  positionals: [{ name: 'FILE', description: 'A snapshot written by snapshot save', required: true }],
  flags: {
    'data-dir': {
      type: 'string',
      placeholder: 'DIR',
      description: "Path to the data directory to create (default '${name}.etcd').",
    },
    name: { type: 'string', default: 'default', description: 'Human-readable name for this member.' },
  },
  run: async (flags, [file]) => {
    if (file === undefined) throw new FlagError('MissingArgument', 'snapshot restore expects one argument');
    const dataDir = flags['data-dir'] ?? `${flags.name}.etcd`;
    await restoreSnapshotFile(file, dataDir);
    process.stdout.write(`Snapshot restored into ${dataDir}\n`);
  },
});

/** `wheelhouse store snapshot`: groups save and restore. */
export const snapshotCommand = defineCommand({
  name: 'snapshot',
  summary: 'Manages store snapshots',
  flags: {},
  subcommands: [snapshotSaveCommand, snapshotRestoreCommand],
});

/**
 * `wheelhouse store`: runs the etcd-compatible store until SIGINT or SIGTERM, then stops
 * it cleanly. Bad flag values are rejected before anything starts.
 */
export const storeCommand = defineCommand({
  name: 'store',
  summary: 'Run the etcd-compatible store (etcd v3 gRPC API)',
  flags: storeFlags,
  subcommands: [snapshotCommand],
  run: async (flags) => {
    const store = buildStore(storeConfigFromFlags(flags));
    await store.start();
    await untilSignal();
    await store.stop();
  },
});

/** Turns parsed `wheelhouse store` flags into a StoreConfig (logger included). Throws FlagError on bad values. */
export function storeConfigFromFlags(flags: FlagValues<typeof storeFlags>): StoreConfig {
  return {
    name: flags.name,
    dataDir: flags['data-dir'],
    listenClientUrls: flags['listen-client-urls'],
    advertiseClientUrls: flags['advertise-client-urls'],
    quotaBackendBytes: flags['quota-backend-bytes'],
    autoCompaction: parseAutoCompaction(flags['auto-compaction-mode'], flags['auto-compaction-retention']),
    maxRequestBytes: flags['max-request-bytes'],
    progressNotifyIntervalMs: parseDuration(
      flags['experimental-watch-progress-notify-interval'],
      'experimental-watch-progress-notify-interval',
    ),
    logger: pino({ level: flags['log-level'] as Level }, pino.destination({ fd: 2, sync: true })),
  };
}

/**
 * etcd's parseCompactionRetention: a bare non-negative integer is hours (periodic) or
 * revisions (revision); otherwise a Go duration, periodic only. 0 disables compaction.
 */
export function parseAutoCompaction(mode: string, retention: string): AutoCompaction | undefined {
  if (mode !== 'periodic' && mode !== 'revision') {
    throw new FlagError('InvalidValue', `unknown auto-compaction-mode ${JSON.stringify(mode)}`);
  }
  const trimmed = retention.trim();
  if (/^\d+$/.test(trimmed)) {
    const n = Number(trimmed);
    if (n === 0) return undefined;
    return { mode, retention: mode === 'periodic' ? n * 3_600_000 : n };
  }
  if (mode === 'revision') {
    throw new FlagError(
      'InvalidValue',
      `invalid argument "${retention}" for "--auto-compaction-retention" flag: revision mode needs a number of revisions`,
    );
  }
  const ms = parseDuration(trimmed, 'auto-compaction-retention');
  return ms === 0 ? undefined : { mode, retention: ms };
}
