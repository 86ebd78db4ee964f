import { describe, expect, it } from 'vitest';
import { StageLogBook } from './stage-log-book.js';

const line = (text: string) => ({ at: 0, text });
const texts = (book: StageLogBook, container: string, run: string) =>
  book.of('u1', container, run).lines.map((l) => l.text);

describe('the lines stages wrote', () => {
  it('keeps the two latest runs of a container and forgets a pod that is gone', () => {
    const book = new StageLogBook();
    for (const run of ['r1', 'r2', 'r3']) book.write('u1', 'app', run, [line(run)]);
    book.write('u1', 'side', 'r1', [line('side')]);
    expect([texts(book, 'app', 'r1'), texts(book, 'app', 'r2'), texts(book, 'app', 'r3')]).toEqual([
      [],
      ['r2'],
      ['r3'],
    ]);
    expect(texts(book, 'side', 'r1')).toEqual(['side']);
    book.forget('u1');
    expect(texts(book, 'app', 'r3')).toEqual([]);
  });

  it('tells the watchers of a pod of each write until they stop', () => {
    const book = new StageLogBook();
    let told = 0;
    const stop = book.watch('u1', () => told++);
    const written = [line('a'), line('b')];
    book.write('u1', 'app', 'r1', written);
    book.write('u2', 'app', 'r1', [line('other pod')]);
    expect(told).toBe(1);
    stop();
    book.write('u1', 'app', 'r1', [line('c')]);
    expect(told).toBe(1);
    expect(texts(book, 'app', 'r1')).toEqual(['a', 'b', 'c']);
  });
});
