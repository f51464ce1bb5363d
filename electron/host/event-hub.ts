import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WinnowEvent } from '../shared/api-contract.js';

/**
 * Pushes host events to every connected page. The socket is one-way: anything a client sends is
 * ignored (commands go through the HTTP API, where they are validated), and large messages are
 * refused outright.
 */
export class EventHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });

  constructor(private readonly greeting: () => WinnowEvent[]) {
    this.wss.on('connection', (socket: WebSocket) => {
      socket.on('message', () => {});
      socket.on('error', () => socket.terminate());
      for (const event of this.greeting()) socket.send(JSON.stringify(event));
    });
  }

  /** Completes an upgrade the caller has already authorised. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  broadcast(event: WinnowEvent): void {
    const text = JSON.stringify(event);
    for (const client of this.wss.clients) {
      // A page that cannot keep up (a frozen tab) is not allowed to grow the host's memory.
      if (client.readyState === client.OPEN && client.bufferedAmount < 1 << 20) client.send(text);
    }
  }

  get clientCount(): number {
    return this.wss.clients.size;
  }

  close(): void {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }
}
