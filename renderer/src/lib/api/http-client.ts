import {
  WINNOW_EVENTS,
  WINNOW_METHODS,
  type MediaKind,
  type WinnowApi,
  type WinnowEvent,
  type WinnowEventName,
  type WinnowEventPayloads,
  type WinnowEventSource,
} from '../../../../electron/shared/api-contract';
import type { WinnowClient } from './winnow-client';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Listener = (payload: unknown) => void;

/**
 * The browser host's transport: each WinnowApi method is a POST to /api/<method>, events arrive on
 * a WebSocket that reconnects by itself (the host may restart; the page keeps its state).
 */
export function createHttpClient(origin: string, token: string, mediaBase = `${origin}/`): WinnowClient {
  const call = async (method: string, args: unknown[]): Promise<unknown> => {
    const res = await fetch(`${origin}/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Winnow-Token': token },
      body: JSON.stringify({ args }),
    });
    let body: { ok: boolean; result?: unknown; error?: { code: string; message: string } };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      throw new ApiError('HTTP', `the host answered ${res.status}`);
    }
    if (!body.ok) throw new ApiError(body.error?.code ?? 'HTTP', body.error?.message ?? `the host answered ${res.status}`);
    return body.result;
  };
  const api = Object.fromEntries(WINNOW_METHODS.map((m) => [m, (...args: unknown[]) => call(m, args)])) as unknown as WinnowApi;

  const listeners = new Map<WinnowEventName, Set<Listener>>();
  let socket: WebSocket | null = null;
  let retryMs = 500;
  const connect = () => {
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/events?token=${encodeURIComponent(token)}`);
    socket = ws;
    ws.onopen = () => {
      retryMs = 500;
    };
    ws.onmessage = (msg) => {
      let event: WinnowEvent;
      try {
        event = JSON.parse(String(msg.data)) as WinnowEvent;
      } catch {
        return;
      }
      if (!(WINNOW_EVENTS as readonly string[]).includes(event.name)) return;
      for (const l of listeners.get(event.name) ?? []) l(event.payload);
    };
    ws.onclose = () => {
      socket = null;
      setTimeout(connect, retryMs);
      retryMs = Math.min(10_000, retryMs * 2);
    };
  };
  connect();

  const events: WinnowEventSource = {
    on<N extends WinnowEventName>(name: N, listener: (payload: WinnowEventPayloads[N]) => void) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
  };
  void socket;

  return {
    api,
    events,
    // Images are fetched by the page itself, authorised by the cookie the host set with the page;
    // that cookie is sent only under the page's own (per-run) path, so images are asked for there.
    mediaUrl: (photoId: number, kind: MediaKind) => `${mediaBase}media/${photoId}/${kind}`,
    // The host runs as a server process: no desktop trash to send to ("winnow rejects move" instead).
    canTrash: false,
  };
}
