// Whether the build that build.mjs wrote may run (ADR 0013): only if every file it was built
// from is unchanged. A file whose size and mtime match is unchanged; one whose mtime moved (a
// checkout, `touch`) is hashed and compared. Plain JavaScript: it runs before any loader.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Where build.mjs writes: `manifest.json` and one directory per build. */
export const BUNDLE_DIR = fileURLToPath(new URL('../dist/bundle/', import.meta.url));

/**
 * The environment variable the launcher sets for the processes it starts: the build it
 * checked, which they then run without checking again (a restarted child runs the same
 * code as the rest of the plane).
 */
export const BUILD_ENV = 'WHEELHOUSE_BUILD';

/** The manifest layout this launcher reads; a manifest of another is not used. */
export const MANIFEST_FORMAT = 1;

/** Whether one input still has the content it was built from. */
function unchanged(path, stamp) {
  let st;
  try {
    st = statSync(path);
  } catch {
    return false;
  }
  if (st.size !== stamp.size) return false;
  if (st.mtimeMs === stamp.mtimeMs) return true;
  // node:crypto only when a hash is needed: most launches never load it.
  const { createHash } = createRequire(import.meta.url)('node:crypto');
  return createHash('sha256').update(readFileSync(path)).digest('hex') === stamp.sha256;
}

/**
 * The manifest of the build in `bundleDir` if it may run: present, of this format, and built
 * from the files as they are now (relative to `root`); otherwise undefined.
 */
export function freshManifest(root = REPO_ROOT, bundleDir = BUNDLE_DIR) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(bundleDir, 'manifest.json'), 'utf8'));
  } catch {
    return undefined;
  }
  if (manifest?.format !== MANIFEST_FORMAT) return undefined;
  for (const [file, stamp] of Object.entries(manifest.inputs))
    if (!unchanged(join(root, file), stamp)) return undefined;
  return manifest;
}

/** The file of the entry for `command` in a build: its own, or the `wheelhouse` entry. */
export const entryFile = (command) => (/^[a-z][a-z-]*$/.test(command ?? '') ? `cmd-${command}.mjs` : 'wheelhouse.mjs');

/**
 * The build to run `wheelhouse <command> ...` with: `url` of its module (whose export
 * `run(argv)` resolves to the exit code) and `build` (its id), or undefined when there is no
 * build that may run. `inherited` (a {@link BUILD_ENV} value) is used unchecked while it exists.
 */
export function builtEntry(command, { root = REPO_ROOT, bundleDir = BUNDLE_DIR, inherited } = {}) {
  let build = inherited && existsSync(join(bundleDir, inherited)) ? inherited : freshManifest(root, bundleDir)?.build;
  if (build === undefined) return undefined;
  let file = join(bundleDir, build, entryFile(command));
  if (!existsSync(file)) file = join(bundleDir, build, entryFile(undefined));
  return { build, url: pathToFileURL(file).href };
}
