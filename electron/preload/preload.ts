import { contextBridge, ipcRenderer } from 'electron';
import { EVENT_CHANNEL, WINNOW_EVENTS, WINNOW_METHODS, ipcChannel, type WinnowApi, type WinnowEventSource } from '../shared/api-contract.js';
import { createEventSource } from './event-subscriptions.js';
import { unwrapReply } from './ipc-reply.js';

/**
 * Exposes exactly the typed API, one function per method, and the event source, never
 * ipcRenderer itself: a compromised page can call what the contract offers and nothing more.
 * Bundled into one file because a sandboxed preload cannot require the project's modules.
 */
const api = Object.fromEntries(
  WINNOW_METHODS.map((method) => [method, async (...args: unknown[]) => unwrapReply(await ipcRenderer.invoke(ipcChannel(method), ...args))]),
) as unknown as WinnowApi;

const events = createEventSource(ipcRenderer, EVENT_CHANNEL, WINNOW_EVENTS) as WinnowEventSource;

contextBridge.exposeInMainWorld('winnow', Object.freeze(api));
contextBridge.exposeInMainWorld('winnowEvents', events);
