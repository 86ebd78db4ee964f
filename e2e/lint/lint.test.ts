import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (path: string): string => fileURLToPath(new URL(`./lint-fixtures/${path}`, import.meta.url));

/** Lints fixture files with the repository's own eslint.config.js (fixtures are ignored by `npm run lint`). */
async function lint(...paths: string[]): Promise<ESLint.LintResult[]> {
  const eslint = new ESLint({ cwd: root, ignore: false });
  return eslint.lintFiles(paths.map(fixture));
}

describe('the repository lint config', () => {
  it('fails on an import cycle, naming the rule in both files', async () => {
    const results = await lint('cycle/a.ts', 'cycle/b.ts');
    for (const result of results) {
      expect(result.errorCount).toBeGreaterThan(0);
      expect(result.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle');
    }
  });

  it('passes the same modules without the cycle', async () => {
    const results = await lint('clean/root.ts', 'clean/leaf.ts');
    expect(results.flatMap((r) => r.messages)).toEqual([]);
  });
});
