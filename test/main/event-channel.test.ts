import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL } from '../../electron/main/app-origin.js';
import { eventProblem, shouldDeliverEvent } from '../../electron/main/event-channel.js';
import { createEventSource } from '../../electron/preload/event-subscriptions.js';
import { EVENT_CHANNEL, IDLE_SCAN_STATUS, WINNOW_EVENTS, type ScanStatus, type WinnowEvent } from '../../electron/shared/api-contract.js';

const idle: ScanStatus = IDLE_SCAN_STATUS;

describe('events from main', () => {
  it('pass when named in the contract and plain', () => {
    expect(eventProblem({ name: 'scan', payload: idle })).toBeNull();
    expect(eventProblem({ name: 'library-changed', payload: null })).toBeNull();
    expect(eventProblem({ name: 'decisions', payload: [{ photoId: 1, rating: 3, pick: 1, colorLabel: null }] })).toBeNull();
  });

  it('are stopped in main when unknown or not plain data', () => {
    expect(eventProblem({ name: 'secret', payload: null } as unknown as WinnowEvent)).toMatch(/unknown event/);
    expect(eventProblem({ name: 'scan', payload: new Map() } as unknown as WinnowEvent)).toMatch(/not plain data/);
  });

  it('go only to a window still showing the app page', () => {
    expect(shouldDeliverEvent(APP_INDEX_URL)).toBe(true);
    expect(shouldDeliverEvent('https://evil.example/')).toBe(false);
    expect(shouldDeliverEvent('')).toBe(false);
  });
});

describe('the preload event source', () => {
  // node:events stands in for ipcRenderer: the same on(channel, (event, ...args)) shape.
  function setup() {
    const ipc = new EventEmitter();
    const source = createEventSource(ipc, EVENT_CHANNEL, WINNOW_EVENTS);
    const fakeIpcEvent = { sender: { invoke: () => 'ipcRenderer itself' } };
    const send = (envelope: unknown) => ipc.emit(EVENT_CHANNEL, fakeIpcEvent, envelope);
    return { ipc, source, send };
  }

  it('hands listeners the payload only, never the IPC event', () => {
    const { source, send } = setup();
    const received: unknown[][] = [];
    source.on('scan', (...args: unknown[]) => received.push(args));
    send({ name: 'scan', payload: idle });
    expect(received).toEqual([[idle]]);
  });

  it('registers one IPC listener however many subscribers', () => {
    const { ipc, source } = setup();
    source.on('scan', () => {});
    source.on('decisions', () => {});
    source.on('library-changed', () => {});
    expect(ipc.listenerCount(EVENT_CHANNEL)).toBe(1);
  });

  it('routes by name and unsubscribes', () => {
    const { source, send } = setup();
    const got: string[] = [];
    const off = source.on('library-changed', () => got.push('changed'));
    source.on('decisions', () => got.push('decisions'));
    send({ name: 'library-changed', payload: null });
    off();
    send({ name: 'library-changed', payload: null });
    send({ name: 'decisions', payload: [] });
    expect(got).toEqual(['changed', 'decisions']);
  });

  it('drops envelopes with unknown names or the wrong shape', () => {
    const { source, send } = setup();
    const got: unknown[] = [];
    for (const name of WINNOW_EVENTS) source.on(name, (p) => got.push(p));
    for (const bad of [null, 'scan', { name: 'toString', payload: 1 }, { name: '__proto__', payload: 1 }, { name: 'scan' }, { payload: 1 }]) send(bad);
    expect(got).toEqual([]);
  });

  it('refuses subscriptions to unknown events and non-function listeners', () => {
    const { source } = setup();
    expect(() => source.on('toString' as never, () => {})).toThrow(/unknown event/);
    expect(() => source.on('scan', 'alert(1)' as never)).toThrow(/function/);
  });

  it('keeps delivering when one listener throws', () => {
    const { source, send } = setup();
    const got: string[] = [];
    const quiet = console.error;
    console.error = () => {};
    try {
      source.on('library-changed', () => {
        throw new Error('boom');
      });
      source.on('library-changed', () => got.push('second'));
      send({ name: 'library-changed', payload: null });
    } finally {
      console.error = quiet;
    }
    expect(got).toEqual(['second']);
  });
});
