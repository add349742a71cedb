/**
 * The SSE clients of the fan-out measurement: N streams on /api/events over plain sockets, in the bench's process,
 * which does nothing else while an event is on its way. Each notes the time bytes reach it before doing anything
 * with them, and only looks for the one value that marks the awaited event: parsing every event (as the tests'
 * EventReader does, and a browser would) put half a millisecond of the bench's own work into the spread measured,
 * where the host's part of it, writing 20 sockets, is of the same size.
 */
import { connect, type Socket } from 'node:net';

const SNAPSHOT_EVENT = 'event: snapshotChanged\n';

interface Awaited {
  marker: string;
  receive: (at: number) => void;
  /** What came since the event was awaited, so a marker split between two reads is still found. */
  text: string;
}

class Listener {
  /** Snapshot events on the stream, the first (the current snapshot) included. */
  snapshots = 0;
  readonly opened: Promise<void>;
  private awaited: Awaited | undefined;
  /** The end of the last read, too short to hold the event's first line, which may go on in the next. */
  private carry = '';

  constructor(private readonly socket: Socket) {
    let heard: () => void = () => {};
    this.opened = new Promise((resolve, reject) => {
      heard = resolve;
      socket.once('close', () => reject(new Error('an event stream ended before its first snapshot')));
    });
    socket.on('data', (bytes: Buffer) => {
      const at = performance.now();
      const text = bytes.toString('utf8');
      const seen = this.carry + text;
      this.snapshots += seen.split(SNAPSHOT_EVENT).length - 1;
      this.carry = seen.slice(-(SNAPSHOT_EVENT.length - 1));
      if (this.snapshots > 0) heard();
      const awaited = this.awaited;
      if (!awaited) return;
      awaited.text += text;
      if (!awaited.text.includes(awaited.marker)) return;
      this.awaited = undefined;
      awaited.receive(at);
    });
    socket.on('error', () => {});
  }

  static open(port: number): Listener {
    const socket = connect(port, '127.0.0.1');
    socket.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n\r\n`);
    return new Listener(socket);
  }

  next(marker: string): Promise<number> {
    return new Promise((receive) => (this.awaited = { marker, receive, text: '' }));
  }

  close(): void {
    this.socket.destroy();
  }
}

export class SnapshotListeners {
  private constructor(private readonly listeners: Listener[]) {}

  /** `count` streams on the host at `port`, each past its first snapshot. */
  static async open(port: number, count: number): Promise<SnapshotListeners> {
    const listening = new SnapshotListeners(Array.from({ length: count }, () => Listener.open(port)));
    try {
      await Promise.all(listening.listeners.map((listener) => listener.opened));
    } catch (error) {
      listening.close();
      throw error;
    }
    return listening;
  }

  /**
   * Arms every client for the next event holding `marker` (text of its JSON), then resolves with the times
   * (performance.now()) at which each received it. Arm before causing the event, so none can come unawaited.
   */
  arm(marker: string, timeoutMs: number): Promise<number[]> {
    const all = Promise.all(this.listeners.map((listener) => listener.next(marker)));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not every client had the event within ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([all, late]).finally(() => clearTimeout(timer));
  }

  /** Snapshot events all the clients together have received so far. */
  get snapshots(): number {
    return this.listeners.reduce((sum, listener) => sum + listener.snapshots, 0);
  }

  close(): void {
    for (const listener of this.listeners) listener.close();
  }
}
