import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The gateway and the headless host answer this computer only. */
export const LOOPBACK = '127.0.0.1';

export interface ListenPlace {
  /** On 127.0.0.1; 0 lets the system pick a free port. */
  port: number;
  /**
   * The command-line option that chose the port ('--port', '--gateway-port'), named when it cannot be had;
   * without one, the port came from the tray app's Settings (only the gateway's does).
   */
  portOption: string | undefined;
  /** What could not listen, when the reason is neither a port taken nor one refused: 'The gateway', 'Headroom'. */
  who: string;
}

/**
 * Listens on 127.0.0.1 and resolves with the port had. When the port cannot be had, rejects with
 * `failure(message, code)`, the message saying where to choose another: the gateway and the host each give their
 * own error class, so their callers tell the two apart.
 */
export function listenOnLoopback(
  server: Server,
  place: ListenPlace,
  failure: (message: string, code: string | undefined) => Error,
): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(failure(listenMessage(place, error.code), error.code)),
    );
    server.listen(place.port, LOOPBACK, () => resolve((server.address() as AddressInfo).port));
  });
}

function listenMessage({ port, portOption, who }: ListenPlace, code: string | undefined): string {
  const withOption = portOption ? ` with ${portOption}` : '';
  switch (code) {
    case 'EADDRINUSE':
      return (
        `Port ${port} on ${LOOPBACK} is already taken by another program: choose another` +
        (portOption ? `${withOption}.` : ' gateway port in Settings.')
      );
    case 'EACCES':
      return `Headroom may not listen on port ${port}: choose a port above 1023${withOption}.`;
    default:
      return `${who} could not listen on ${LOOPBACK}:${port} (${code ?? 'unknown error'}).`;
  }
}
