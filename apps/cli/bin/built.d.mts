/** Types of built.mjs, for the tests. */
import type { BuildManifest } from './build.mjs';
export declare const REPO_ROOT: string;
export declare const BUNDLE_DIR: string;
export declare const BUILD_ENV: string;
export declare const MANIFEST_FORMAT: number;
export declare function freshManifest(root?: string, bundleDir?: string): BuildManifest | undefined;
export declare function entryFile(command: string | undefined): string;
export declare function builtEntry(
  command: string | undefined,
  opts?: { root?: string; bundleDir?: string; inherited?: string },
): { build: string; url: string } | undefined;
