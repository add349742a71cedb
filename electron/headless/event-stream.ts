import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContractEvents, EventName, HeadroomApi, Snapshot } from '../contract';
import type { Clock, TimerId } from '../core/clock';
import { answerProblem } from './host-answers';

/** Where the host hears the contract's events: the service's `on`. */
export type ContractEventSource = Pick<HeadroomApi, 'on'>;

/** A comment line every so often, so proxies and browsers do not take a quiet stream for a dead one. */
export const HEARTBEAT_MS = 15_000;

/**
 * How an event reaches a client whose socket is full (one that reads slowly, or not at all). Writing on regardless
 * would pile every event up in the host's memory; instead the client gets nothing more until its socket drains,
 * then what it missed: a snapshot is the whole state, so only the newest one; notices one by one, since each is
 * news. A client that misses more notices than these, or whose socket stays full from one heartbeat to the next,
 * is not reading at all and is cut off, so what it holds is let go (a browser reconnects and gets the newest
 * snapshot first). No other client ever waits for a slow one.
 */
const whenBehind: Record<EventName, 'newest only' | 'every one'> = {
  snapshotChanged: 'newest only',
  notice: 'every one',
};
const MAX_MISSED = 32;

interface Frame {
  event: EventName;
  text: string;
}

/** `GET /api/events`: the contract's events as server-sent events, each client first given the current snapshot. */
export class EventStreams {
  private readonly clients = new Set<StreamClient>();
  private readonly unsubscribe: (() => void)[];
  private heartbeat: TimerId | undefined;

  constructor(
    events: ContractEventSource,
    private readonly currentSnapshot: () => Promise<Snapshot>,
    private readonly clock: Clock,
  ) {
    this.unsubscribe = (Object.keys(whenBehind) as EventName[]).map((event) =>
      events.on(event, (payload) => this.send(event, payload)),
    );
    this.beatInAWhile();
  }

  async add(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Listening before the snapshot is asked for, so no event can fall between the two.
    const client = new StreamClient(res);
    this.clients.add(client);
    res.once('close', () => this.clients.delete(client));
    let snapshot: Snapshot;
    try {
      snapshot = await this.currentSnapshot();
    } catch {
      this.clients.delete(client);
      return answerProblem(req, res, 500, 'Headroom could not read its current state to start the event stream.');
    }
    if (this.clients.has(client)) client.begin(frameOf('snapshotChanged', snapshot));
  }

  /** Ends every stream and stops listening: the host is closing. */
  close(): void {
    if (this.heartbeat !== undefined) this.clock.clearTimeout(this.heartbeat);
    for (const stop of this.unsubscribe) stop();
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private send<E extends EventName>(event: E, payload: ContractEvents[E]): void {
    const frame = frameOf(event, payload);
    for (const client of this.clients) client.send(frame);
  }

  private beatInAWhile(): void {
    this.heartbeat = this.clock.setTimeout(() => {
      for (const client of this.clients) client.beat();
      this.beatInAWhile();
    }, HEARTBEAT_MS);
  }
}

class StreamClient {
  /** Until its first snapshot is written, and whenever its socket is full. */
  private behind = true;
  /** Its socket was full at a heartbeat and has not drained since. */
  private fullAtBeat = false;
  private missed: Frame[] = [];

  constructor(private readonly res: ServerResponse) {}

  /** The stream's first snapshot, unless a newer one came while it was read. */
  begin(first: Frame): void {
    this.res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    if (!this.missed.some(({ event }) => event === first.event)) this.missed.unshift(first);
    this.catchUp();
  }

  send(frame: Frame): void {
    if (this.behind) this.miss(frame);
    else this.write(frame.text);
  }

  beat(): void {
    if (!this.behind) return this.write(': heartbeat\n\n');
    if (!this.res.headersSent) return;
    if (this.fullAtBeat) this.res.destroy();
    this.fullAtBeat = true;
  }

  end(): void {
    this.res.end();
  }

  /** Kept until the socket drains; a snapshot replaces the one missed before it. */
  private miss(frame: Frame): void {
    if (whenBehind[frame.event] === 'newest only') {
      this.missed = this.missed.filter(({ event }) => event !== frame.event);
    }
    this.missed.push(frame);
    if (this.missed.length > MAX_MISSED) this.res.destroy();
  }

  private catchUp(): void {
    this.behind = false;
    this.fullAtBeat = false;
    for (const frame of this.missed.splice(0)) this.write(frame.text);
  }

  private write(text: string): void {
    if (this.res.write(text) || this.behind) return;
    this.behind = true;
    this.res.once('drain', () => this.catchUp());
  }
}

/** One event: JSON has no line breaks of its own, so the payload is one data line. */
function frameOf<E extends EventName>(event: E, payload: ContractEvents[E]): Frame {
  return { event, text: `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n` };
}
