/** Types of build.mjs, for the tests. */
/** npm packages bundled into the output. */
export declare const BUNDLED: ReadonlySet<string>;
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
  bundled?: Iterable<string>;
}): Promise<BuildManifest>;
