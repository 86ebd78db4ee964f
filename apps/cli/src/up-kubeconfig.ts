/**
 * `wheelhouse up --merge-kubeconfig`, as kind does: a `wheelhouse` cluster, user and context
 * added to (or updated in) the user's kubeconfig, the first file of KUBECONFIG or else
 * ~/.kube/config, and made the current context; when the plane stops, the entries `up` added
 * are removed again and the current context goes back to the one before (when it still
 * exists; otherwise it is unset, as kind's delete leaves it). Other entries and keys stay as
 * they were.
 */
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { kubeconfigPaths } from '@wheelhouse/client';
import yaml from 'js-yaml';
import { writeJson } from './data-dir.js';

/** The name of the cluster, user and context. */
export const CONTEXT_NAME = 'wheelhouse';

const LISTS = ['clusters', 'users', 'contexts'] as const;
type ListName = (typeof LISTS)[number];

/** What a merge did, kept in the data dir so the entries can be removed later. */
export interface MergeRecord {
  file: string;
  /** Lists where `up` added the entry (rather than updating one that was there). */
  added: ListName[];
  /** The current context before the merge. */
  previousContext: string | undefined;
}

type Doc = Record<string, unknown> & Partial<Record<ListName, Array<{ name?: unknown }>>>;

/** The file kubectl would write a new context to: KUBECONFIG's first file, else ~/.kube/config. */
export function kubeconfigTarget(env: NodeJS.ProcessEnv = process.env): string {
  return kubeconfigPaths({ env }).paths[0]!;
}

/** The data dir file recording a merge. */
export const mergeRecordFile = (dataDir: string): string => join(dataDir, 'kubeconfig-merge.json');

async function readDoc(file: string): Promise<Doc> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  const doc = (yaml.load(text) ?? {}) as unknown;
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${file} is not a kubeconfig (not a YAML map)`);
  return doc as Doc;
}

async function writeDoc(file: string, doc: Doc): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, yaml.dump(doc), { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
}

/**
 * Adds or updates the `wheelhouse` entries for `server` in `file` and makes the context
 * current. `earlier` is the record of a merge whose plane never removed its entries (it was
 * killed): what it added still counts as added. Throws when the file is not a kubeconfig.
 */
export async function mergeKubeconfig(file: string, server: string, earlier?: MergeRecord): Promise<MergeRecord> {
  const doc = await readDoc(file);
  doc.apiVersion ??= 'v1';
  doc.kind ??= 'Config';
  const entries: Record<ListName, object> = {
    clusters: { name: CONTEXT_NAME, cluster: { server } },
    users: { name: CONTEXT_NAME, user: {} },
    contexts: { name: CONTEXT_NAME, context: { cluster: CONTEXT_NAME, user: CONTEXT_NAME } },
  };
  const added: ListName[] = [];
  for (const list of LISTS) {
    const items = Array.isArray(doc[list]) ? doc[list] : [];
    const i = items.findIndex((e) => e?.name === CONTEXT_NAME);
    if (i >= 0) items[i] = entries[list];
    else items.push(entries[list]);
    if (i < 0 || (earlier?.file === file && earlier.added.includes(list))) added.push(list);
    doc[list] = items;
  }
  const current = typeof doc['current-context'] === 'string' ? doc['current-context'] : undefined;
  const previousContext = current === CONTEXT_NAME && earlier?.file === file ? earlier.previousContext : current;
  doc['current-context'] = CONTEXT_NAME;
  await writeDoc(file, doc);
  return { file, added, previousContext };
}

/** Removes what the merge of `record` added; the current context returns to the one before. */
export async function unmergeKubeconfig(record: MergeRecord): Promise<void> {
  const doc = await readDoc(record.file);
  for (const list of record.added) {
    if (Array.isArray(doc[list])) doc[list] = doc[list].filter((e) => e?.name !== CONTEXT_NAME);
  }
  if (doc['current-context'] === CONTEXT_NAME) {
    const contexts = Array.isArray(doc.contexts) ? doc.contexts : [];
    const back = record.previousContext;
    const stillThere = back !== undefined && contexts.some((c) => c?.name === back);
    doc['current-context'] = stillThere ? back : record.added.includes('contexts') ? '' : CONTEXT_NAME;
  }
  await writeDoc(record.file, doc);
}

/** Merges for `up` and keeps the record in the data dir; returns it. */
export async function mergeForUp(dataDir: string, server: string, env = process.env): Promise<MergeRecord> {
  const recordFile = mergeRecordFile(dataDir);
  const earlier = await readFile(recordFile, 'utf8').then(
    (t) => JSON.parse(t) as MergeRecord,
    () => undefined,
  );
  const record = await mergeKubeconfig(kubeconfigTarget(env), server, earlier);
  await writeJson(recordFile, record);
  return record;
}

/** Undoes {@link mergeForUp} and forgets the record. */
export async function unmergeForUp(dataDir: string, record: MergeRecord): Promise<void> {
  await unmergeKubeconfig(record);
  await rm(mergeRecordFile(dataDir), { force: true });
}
