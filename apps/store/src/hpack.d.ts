// Types for the parts of hpack.js (no published typings) that h2-authority.ts uses.
declare module 'hpack.js' {
  interface HeaderField {
    name: string;
    value: string;
  }
  interface Decompressor {
    write(chunk: Buffer): boolean;
    execute(cb?: (err: Error | null) => void): void;
    read(): HeaderField | null;
  }
  const hpack: {
    decompressor: { create(options: { table: { size: number } }): Decompressor };
  };
  export default hpack;
}
