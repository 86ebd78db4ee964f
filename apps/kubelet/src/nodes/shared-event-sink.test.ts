import type { Event } from '@wheelhouse/api';
import type { EventPatch, EventSink } from '@wheelhouse/client';
import { describe, expect, it } from 'vitest';
import { SharedEventSink } from './shared-event-sink.js';

/** A sink whose writes finish only when the test says so. */
class HeldSink implements EventSink {
  readonly started: string[] = [];
  private readonly release = new Map<string, () => void>();
  create(_ns: string, event: Event): Promise<Event> {
    return this.hold(event.metadata?.name ?? '', event);
  }
  patch(_ns: string, name: string, _patch: EventPatch): Promise<Event> {
    return this.hold(name, { metadata: { name } } as Event);
  }
  finish(name: string): void {
    this.release.get(name)!();
  }
  private hold(name: string, event: Event): Promise<Event> {
    this.started.push(name);
    return new Promise((resolve) => this.release.set(name, () => resolve(event)));
  }
}

const ev = (name: string): Event => ({ metadata: { name }, involvedObject: {} }) as Event;
const settle = () => new Promise((r) => setImmediate(r));

describe('SharedEventSink', () => {
  it('has at most `limit` writes in flight and starts the waiting ones in order as slots free', async () => {
    const held = new HeldSink();
    const sink = new SharedEventSink(held, 2);
    const writes = ['a', 'b', 'c', 'd'].map((n) => sink.create('default', ev(n)));
    void sink.patch('default', 'e', { count: 2, lastTimestamp: 'now', message: 'm' });
    await settle();
    expect(held.started).toEqual(['a', 'b']);
    expect(sink.inFlight).toBe(2);
    held.finish('b');
    await settle();
    expect(held.started).toEqual(['a', 'b', 'c']);
    held.finish('a');
    held.finish('c');
    await settle();
    expect(held.started).toEqual(['a', 'b', 'c', 'd', 'e']);
    held.finish('d');
    held.finish('e');
    expect((await Promise.all(writes)).map((e) => e.metadata?.name)).toEqual(['a', 'b', 'c', 'd']);
    await settle();
    expect(sink.inFlight).toBe(0);
  });

  it('frees the slot of a write that fails', async () => {
    const failing: EventSink = {
      create: () => Promise.reject(new Error('refused')),
      patch: () => Promise.reject(new Error('refused')),
    };
    const sink = new SharedEventSink(failing, 1);
    await expect(sink.create('default', ev('a'))).rejects.toThrow('refused');
    await expect(sink.create('default', ev('b'))).rejects.toThrow('refused');
    expect(sink.inFlight).toBe(0);
  });

  it('once closed, refuses the writes waiting for a slot and later ones, and lets those in flight finish', async () => {
    const held = new HeldSink();
    const sink = new SharedEventSink(held, 1);
    const inFlight = sink.create('default', ev('a'));
    const waiting = sink.create('default', ev('b'));
    await settle();
    sink.close();
    await expect(waiting).rejects.toThrow('the kubelet is stopping');
    await expect(sink.create('default', ev('c'))).rejects.toThrow('the kubelet is stopping');
    held.finish('a');
    expect((await inFlight).metadata?.name).toBe('a');
    expect(held.started).toEqual(['a']);
  });
});
