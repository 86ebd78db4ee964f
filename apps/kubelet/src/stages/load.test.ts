import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '@wheelhouse/testing';
import { describe, expect, it } from 'vitest';
import { POD_FUNCTION_NAMES } from '../pods/pod-functions.js';
import { builtinStages } from './builtin.js';
import { BUILTIN_FUNCTIONS } from './functions.js';
import { combineStages, loadStageFile, parseStages, type StageFunctionNames } from './load.js';

const names = new Set([...Object.keys(BUILTIN_FUNCTIONS), 'podIP']);
const functions: StageFunctionNames = { Pod: names, Node: new Set(Object.keys(BUILTIN_FUNCTIONS)) };

function stage(name: string, spec: string): string {
  return `apiVersion: sim.wheelhouse.dev/v1alpha1\nkind: Stage\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
}

const GOOD = stage(
  'fail-fast',
  `  resourceRef: { kind: Pod }
  selector:
    matchLabels: { app: web }
    matchExpressions:
      - { key: .status.phase, operator: In, values: [Running] }
  delay: { durationMilliseconds: 100, jitterDurationMilliseconds: 200 }
  next:
    status: { phase: Failed, podIP: '{{ podIP() }}' }
    event: { type: Warning, reason: Simulated, message: 'pod {{ .metadata.name }} failed' }
`,
);

describe('stage files', () => {
  it('loads several documents', () => {
    const stages = parseStages(`${GOOD}---\n${GOOD.replace('fail-fast', 'other')}`, 'f.yaml', functions);
    expect(stages.map((s) => [s.name, s.kind, s.weight])).toEqual([
      ['fail-fast', 'Pod', 1],
      ['other', 'Pod', 1],
    ]);
    const s = stages[0]!;
    const scope = {
      root: { metadata: { labels: { app: 'web' } }, status: { phase: 'Running' } },
      vars: {},
      functions: {},
    };
    expect(s.matches(scope)).toBe(true);
    expect(s.matches({ ...scope, root: { ...scope.root, metadata: { labels: { app: 'db' } } } })).toBe(false);
    expect(s.delayMs(scope, () => 0)).toBe(100);
    expect(s.delayMs(scope, () => 0.5)).toBe(150);
  });

  it.each([
    ['a missing field', GOOD.replace('    event:', '    evnt:'), 'spec.next.evnt: Unrecognized key: "evnt"'],
    ['a bad operator', GOOD.replace('operator: In', 'operator: Is'), 'spec.selector.matchExpressions[0].operator'],
    [
      'In without values',
      GOOD.replace(', values: [Running]', ''),
      'spec.selector.matchExpressions[0].values: must be non-empty for operator In',
    ],
    [
      'a bad path',
      GOOD.replace('key: .status.phase', 'key: .status.'),
      'spec.selector.matchExpressions[0].key: expression ".status."',
    ],
    ['an unknown function', GOOD.replace('podIP()', 'podIp()'), 'spec.next.status.podIP: unknown function podIp'],
    [
      'a negative delay',
      GOOD.replace('durationMilliseconds: 100', 'durationMilliseconds: -1'),
      'spec.delay.durationMilliseconds',
    ],
    ['a bad kind', GOOD.replace('kind: Pod', 'kind: Service'), 'spec.resourceRef.kind'],
    [
      'an event without a reason',
      GOOD.replace(
        '    event:',
        '    events: [{ $each: .spec.containers, $do: { type: Normal, message: x } }]\n    event:',
      ),
      'spec.next.events[0]: Invalid input',
    ],
    [
      'a bad expression in an event',
      GOOD.replace(
        '    event:',
        '    events: [{ $if: "has(", $then: { type: Normal, reason: R, message: x } }]\n    event:',
      ),
      'spec.next.events[0].$if: expression "has("',
    ],
    [
      'a log line that is neither a string nor { line, container }',
      GOOD.replace('    event:', '    logs: [ok, { text: hi }]\n    event:'),
      'spec.next.logs[1]: must be a line (a string), { line, container }, { $each, $do } or { $if, $then, $else }',
    ],
    [
      'a log line for a container without a line',
      GOOD.replace('    event:', '    logs: [{ container: app }]\n    event:'),
      'spec.next.logs[0]: must be a line',
    ],
    [
      'a bad expression in a log line',
      GOOD.replace('    event:', "    logs: [{ line: 'x {{ has( }}', container: app }]\n    event:"),
      'spec.next.logs[0].line: expression " has( "',
    ],
    [
      'logs in a Node stage',
      GOOD.replace('kind: Pod', 'kind: Node')
        .replace("podIP: '{{ podIP() }}'", 'x: 1')
        .replace('    event:', '    logs: [hi]\n    event:'),
      'spec.next.logs: only Pod stages write container logs',
    ],
    [
      'logs that are not a list',
      GOOD.replace('    event:', '    logs: hello\n    event:'),
      'spec.next.logs: Invalid input',
    ],
  ])('refuses %s naming the file, the stage and the field', (_what, text, message) => {
    expect(() => parseStages(text, 'my.yaml', functions)).toThrow(`stage file my.yaml: stage "fail-fast": ${message}`);
  });

  it('names a stage without a name by its position, and refuses duplicates and bad YAML', () => {
    expect(() => parseStages(`${GOOD}---\nkind: Stage\n`, 'f.yaml', functions)).toThrow(
      'stage file f.yaml: stage "document 2": apiVersion',
    );
    expect(() => parseStages(`${GOOD}---\n${GOOD}`, 'f.yaml', functions)).toThrow(
      'stage file f.yaml: stage "fail-fast": metadata.name: a stage of this name is already defined in the file',
    );
    expect(() => parseStages('a: [', 'f.yaml', functions)).toThrow(/^stage file f.yaml: not YAML/);
  });

  it('reads a file, and names one that cannot be read', async () => {
    const dir = await tempDir();
    try {
      const file = join(dir.path, 'stages.yaml');
      await writeFile(file, GOOD);
      expect((await loadStageFile(file, functions)).map((s) => s.name)).toEqual(['fail-fast']);
      await expect(loadStageFile(join(dir.path, 'none.yaml'), functions)).rejects.toThrow(
        `stage file ${join(dir.path, 'none.yaml')}: cannot read it (ENOENT)`,
      );
    } finally {
      await dir.cleanup();
    }
  });

  it('renders the events of a stage in order: event, then events with $each and $if, with fieldPaths', () => {
    const text = GOOD.replace(
      '    event:',
      `    events:
      - $each: .spec.containers
        $do:
          - { type: Normal, reason: Created, message: 'Created container: {{ $item.name }}', fieldPath: '{{ "c/" + $item.name }}' }
          - $if: $item.pull
            $then: { type: Normal, reason: Pulling, message: 'Pulling image "{{ $item.image }}"' }
    event:`,
    );
    const [s] = parseStages(text, 'f.yaml', functions);
    const root = {
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'a', image: 'x', pull: true }, { name: 'b' }] },
    };
    expect(s!.events({ root, vars: {}, functions: {} })).toEqual([
      { type: 'Warning', reason: 'Simulated', message: 'pod p failed' },
      { type: 'Normal', reason: 'Created', message: 'Created container: a', fieldPath: 'c/a' },
      { type: 'Normal', reason: 'Pulling', message: 'Pulling image "x"' },
      { type: 'Normal', reason: 'Created', message: 'Created container: b', fieldPath: 'c/b' },
    ]);
  });

  it('renders the log lines of a stage: templates, one line per line of text, $each over containers', () => {
    const text = GOOD.replace(
      '    event:',
      `    logs:
      - 'pod {{ .metadata.name }} is failing'
      - |
        two
        lines
      - $each: .spec.containers
        $do: { container: '{{ $item.name }}', line: 'image {{ $item.image }}' }
      - { line: '{{ len(.spec.containers) }}' }
      - $if: 'false'
        $then: never
    event:`,
    );
    const [s] = parseStages(text, 'f.yaml', functions);
    const root = {
      metadata: { name: 'p' },
      spec: {
        containers: [
          { name: 'a', image: 'x' },
          { name: 'b', image: 'y' },
        ],
      },
    };
    expect(s!.logs({ root, vars: {}, functions: BUILTIN_FUNCTIONS })).toEqual([
      { text: 'pod p is failing' },
      { text: 'two' },
      { text: 'lines' },
      { container: 'a', text: 'image x' },
      { container: 'b', text: 'image y' },
      { text: '2' },
    ]);
    expect(parseStages(GOOD, 'f.yaml', functions)[0]!.logs({ root, vars: {}, functions: {} })).toEqual([]);
  });

  it('extends the built-in stages (same name replaces) or replaces them', () => {
    const builtIn = builtinStages({
      Pod: new Set([...names, ...POD_FUNCTION_NAMES]),
      Node: new Set(),
    });
    expect(builtIn.map((s) => s.name)).toContain('pod-running');
    const custom = parseStages(GOOD.replace('fail-fast', 'pod-running'), 'f.yaml', functions);
    const extended = combineStages(builtIn, custom, 'extend');
    expect(extended).toHaveLength(builtIn.length);
    expect(extended.filter((s) => s.name === 'pod-running')).toEqual(custom);
    expect(combineStages(builtIn, custom, 'replace')).toEqual(custom);
  });
});
