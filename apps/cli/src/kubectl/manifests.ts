/**
 * Reads the objects of `-f FILE|DIR|-`: multi-document YAML or JSON, `kind: List` (and any
 * `*List` with items) flattened, directories walked recursively in name order for `.yaml`,
 * `.yml` and `.json` files. A malformed document is one `error:` line naming the file, the
 * document number and the line in the file.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { KubectlError } from './errors.js';
import type { KubeObject } from './objects.js';

/** One object read from a manifest, with where it came from. */
export interface ManifestObject {
  object: KubeObject;
  /** The file as given (`STDIN` for `-`). */
  source: string;
}

const MANIFEST_EXT = /\.(ya?ml|json)$/i;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The manifest files under `path` (itself when a file), in name order. */
async function filesOf(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new KubectlError(`the path "${path}" does not exist`);
  if (!info.isDirectory()) return [path];
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  const out: string[] = [];
  for (const e of entries) {
    const full = join(path, e.name);
    if (e.isDirectory()) out.push(...(await filesOf(full)));
    else if (MANIFEST_EXT.test(e.name)) out.push(full);
  }
  return out;
}

/** The documents of a YAML stream, each with the file line it starts on (1-based). */
function splitDocuments(text: string): Array<{ text: string; firstLine: number }> {
  const lines = text.split(/\r?\n/);
  const docs: Array<{ text: string; firstLine: number }> = [];
  let start = 0;
  const push = (end: number): void => {
    const body = lines.slice(start, end).join('\n');
    if (body.replace(/#.*$/gm, '').trim() !== '') docs.push({ text: body, firstLine: start + 1 });
  };
  lines.forEach((line, i) => {
    if (/^---(\s|$)/.test(line) || /^\.\.\.\s*$/.test(line)) {
      push(i);
      start = i + 1;
    }
  });
  push(lines.length);
  return docs;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A List's items, flattened (nested Lists too); anything else as it is. */
function flattenList(obj: KubeObject): KubeObject[] {
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items))
    return (obj.items as unknown[]).filter(isRecord).flatMap((i) => flattenList(i as KubeObject));
  return [obj];
}

/** Parses one file's text; throws a one-line KubectlError for a malformed document. */
export function parseManifest(text: string, source: string): ManifestObject[] {
  const out: ManifestObject[] = [];
  splitDocuments(text).forEach((doc, i) => {
    let value: unknown;
    try {
      value = yaml.load(doc.text, { schema: yaml.CORE_SCHEMA });
    } catch (e) {
      const ye = e as { reason?: string; mark?: { line?: number }; message?: string };
      const line = doc.firstLine + (ye.mark?.line ?? 0);
      throw new KubectlError(
        `error parsing ${source}: document ${i + 1}, line ${line}: ${ye.reason ?? ye.message ?? String(e)}`,
      );
    }
    if (value === null || value === undefined) return;
    if (!isRecord(value))
      throw new KubectlError(`error parsing ${source}: document ${i + 1}, line ${doc.firstLine}: not an object`);
    const missing = [...(value.apiVersion ? [] : ['apiVersion not set']), ...(value.kind ? [] : ['kind not set'])];
    if (missing.length)
      throw new KubectlError(
        `error validating "${source}": error validating data: [${missing.join(', ')}] (document ${i + 1}, line ${doc.firstLine})`,
      );
    for (const object of flattenList(value as KubeObject)) out.push({ object, source });
  });
  return out;
}

/** Every object of the `-f` arguments of `verb`, in order; throws a one-line KubectlError for bad input. */
export async function readManifests(paths: readonly string[], verb: string): Promise<ManifestObject[]> {
  if (paths.length === 0) throw new KubectlError('must specify one of -f and -k');
  const out: ManifestObject[] = [];
  for (const path of paths) {
    if (path === '-') {
      out.push(...parseManifest(await readStdin(), 'STDIN'));
      continue;
    }
    for (const file of await filesOf(path)) out.push(...parseManifest(await readFile(file, 'utf8'), file));
  }
  if (out.length === 0) throw new KubectlError(`no objects passed to ${verb}`);
  return out;
}
