/**
 * The renderer's side of the event channel, generic over the event names. One ipcRenderer
 * listener is registered for the whole page; listeners get the payload only, never the
 * IpcRendererEvent (its `sender` is ipcRenderer itself, which must not reach the page).
 */
export interface IpcEventSource {
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export type Unsubscribe = () => void;

export interface EventSource<N extends string> {
  on(name: N, listener: (payload: unknown) => void): Unsubscribe;
}

function isEnvelope(value: unknown): value is { name: string; payload: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string' && 'payload' in value;
}

export function createEventSource<N extends string>(ipc: IpcEventSource, channel: string, names: readonly N[]): EventSource<N> {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  ipc.on(channel, (_event, envelope) => {
    if (!isEnvelope(envelope) || !(names as readonly string[]).includes(envelope.name)) return;
    for (const listener of [...(listeners.get(envelope.name) ?? [])]) {
      try {
        listener(envelope.payload);
      } catch (err) {
        // One failing listener must not starve the others.
        console.error(`winnow: listener for ${envelope.name} failed`, err);
      }
    }
  });
  return Object.freeze({
    on(name: N, listener: (payload: unknown) => void): Unsubscribe {
      if (!(names as readonly string[]).includes(name)) throw new Error(`unknown event ${String(name)}`);
      if (typeof listener !== 'function') throw new Error('listener must be a function');
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  });
}
