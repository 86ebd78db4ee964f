/** Types of build.mjs, for the tests. */
/** npm packages imported from node_modules at run time; every other one is bundled. */
export declare const EXTERNAL: ReadonlySet<string>;
export declare const ENTRIES: Record<string, readonly [module: string, exportName: string]>;
export interface BuildManifest {
  format: number;
  build: string;
  commands: string[];
  inputs: Record<string, { size: number; mtimeMs: number; sha256: string }>;
}
export declare function build(opts?: {
  root?: string;
  bundleDir?: string;
  entries?: Record<string, readonly [string, string]>;
  main?: string;
  external?: Iterable<string>;
}): Promise<BuildManifest>;
