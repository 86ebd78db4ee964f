import { describe, expect, it } from 'vitest';
import { renderStatusLine, StatusLine, type StartProgress } from './up-status.js';

const progress = (ready: string[], nodesReady = 0): StartProgress => ({
  components: ['store', 'apiserver', 'scheduler', 'controller-manager', 'kubelet-1'].map((name) => ({
    name,
    ready: ready.includes(name),
  })),
  nodesReady,
  nodesWanted: 3,
  elapsedMs: 1_234,
});

describe('the status line of up', () => {
  it('names every component, ready or not, the Ready nodes and the time so far', () => {
    expect(renderStatusLine(progress(['store', 'apiserver'], 1), 120)).toBe(
      '⠋ store ✓  apiserver ✓  scheduler …  controller-manager …  kubelet-1 … │ nodes Ready 1/3 │ 1.2s',
    );
  });

  it('turns its spinner from frame to frame', () => {
    expect(renderStatusLine(progress([]), 120, 1).startsWith('⠙ ')).toBe(true);
  });

  it('counts the ready components and names those starting when the terminal is narrow', () => {
    expect(renderStatusLine(progress(['store', 'apiserver', 'scheduler']), 80)).toBe(
      '⠋ ready 3/5 (starting: controller-manager, kubelet-1) │ nodes Ready 0/3 │ 1.2s',
    );
  });

  it('never exceeds the width, keeping the node count and the time', () => {
    const line = renderStatusLine(progress([]), 50);
    expect(line.length).toBeLessThanOrEqual(50);
    expect(line).toMatch(/… │ nodes Ready 0\/3 │ 1\.2s$/);
  });

  it('rewrites one line in place and prints other lines above it', () => {
    let written = '';
    const line = new StatusLine({ write: (t) => ((written += t), true), columns: 200 }, () => progress(['store']));
    line.start();
    line.print('  ✓ store ready\n');
    line.stop();
    const clear = '\r\x1b[2K';
    const status = 'store ✓  apiserver …  scheduler …  controller-manager …  kubelet-1 … │ nodes Ready 0/3 │ 1.2s';
    expect(written).toBe(`${clear}⠋ ${status}${clear}  ✓ store ready\n${clear}⠙ ${status}${clear}`);
  });
});
