import { connect, type Socket } from 'node:net';

/** Something read from an event stream: an event, or a comment line such as the heartbeat. */
export type StreamItem = { kind: 'event'; event: string; data: unknown } | { kind: 'comment'; text: string };

/**
 * An event-stream client over a plain socket, so a test can stop reading (pause) as a stuck client would. It reads
 * HTTP/1.1 chunked framing itself, as it comes; `next()` hands out the items in order.
 */
export class EventReader {
  readonly status: Promise<number>;
  readonly ended: Promise<void>;
  private unread = Buffer.alloc(0);
  private chunkSize: number | undefined;
  private headersRead = false;
  private text = '';
  private readonly items: StreamItem[] = [];
  private wake: (() => void) | undefined;
  private gotStatus: (status: number) => void = () => {};

  private constructor(private readonly socket: Socket) {
    this.status = new Promise((resolve) => (this.gotStatus = resolve));
    this.ended = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (bytes: Buffer) => this.read(bytes));
    socket.on('close', () => this.wake?.());
    socket.on('error', () => {});
  }

  static open(port: number, headers: Record<string, string> = {}): EventReader {
    const socket = connect(port, '127.0.0.1');
    const lines = [`GET /api/events HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Accept: text/event-stream'];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    return new EventReader(socket);
  }

  /** The next item; rejects when the stream ends first. */
  async next(): Promise<StreamItem> {
    while (this.items.length === 0) {
      if (this.socket.closed) throw new Error('the event stream ended');
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    return this.items.shift() as StreamItem;
  }

  /** The next event, skipping heartbeats. */
  async nextEvent(): Promise<{ event: string; data: unknown }> {
    for (;;) {
      const item = await this.next();
      if (item.kind === 'event') return item;
    }
  }

  /** Stops reading: the server's writes pile up in the socket buffers until they are full. */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  close(): void {
    this.socket.destroy();
  }

  private read(bytes: Buffer): void {
    this.unread = Buffer.concat([this.unread, bytes]);
    for (let progressed = true; progressed;) progressed = this.headersRead ? this.readChunk() : this.readHeaders();
    const frames = this.text.split('\n\n');
    this.text = frames.pop() ?? '';
    for (const frame of frames) this.items.push(itemOf(frame));
    if (frames.length > 0) this.wake?.();
  }

  private readHeaders(): boolean {
    const end = this.unread.indexOf('\r\n\r\n');
    if (end < 0) return false;
    this.gotStatus(Number(this.unread.subarray(9, 12).toString()));
    this.unread = this.unread.subarray(end + 4);
    this.headersRead = true;
    return true;
  }

  private readChunk(): boolean {
    if (this.chunkSize === undefined) {
      const lineEnd = this.unread.indexOf('\r\n');
      if (lineEnd < 0) return false;
      this.chunkSize = parseInt(this.unread.subarray(0, lineEnd).toString(), 16);
      this.unread = this.unread.subarray(lineEnd + 2);
    }
    if (this.unread.length < this.chunkSize + 2) return false;
    this.text += this.unread.subarray(0, this.chunkSize).toString('utf8');
    this.unread = this.unread.subarray(this.chunkSize + 2);
    this.chunkSize = undefined;
    return true;
  }
}

function itemOf(frame: string): StreamItem {
  if (frame.startsWith(':')) return { kind: 'comment', text: frame.slice(1).trim() };
  const fields = new Map(
    frame.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
  );
  return { kind: 'event', event: fields.get('event') ?? 'message', data: JSON.parse(fields.get('data') ?? 'null') };
}
