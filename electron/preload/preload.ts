import { contextBridge, ipcRenderer } from 'electron';
import { WINNOW_METHODS, ipcChannel, type WinnowApi } from '../shared/api-contract.js';

/**
 * Exposes exactly the typed API, one function per method, and never ipcRenderer itself: a
 * compromised page can call what the contract offers and nothing more. Bundled into one file
 * because a sandboxed preload cannot require the project's modules.
 */
const api = Object.fromEntries(
  WINNOW_METHODS.map((method) => [method, (...args: unknown[]) => ipcRenderer.invoke(ipcChannel(method), ...args)]),
) as unknown as WinnowApi;

contextBridge.exposeInMainWorld('winnow', Object.freeze(api));
