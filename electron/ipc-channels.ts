/**
 * The IPC channel of every contract method and event, shared by the preload (renderer side) and the shell (main
 * side) so the two cannot drift apart. No 'electron' here: the preload bundles it, tests load it in plain Node.
 */
import type { EventName, MethodName } from './contract';

/** Namespaced, so no channel of Headroom's can be mistaken for one of Electron's or a library's. */
const PREFIX = 'headroom';

export function methodChannel(name: MethodName): `headroom:call:${MethodName}` {
  return `${PREFIX}:call:${name}`;
}

export function eventChannel(name: EventName): `headroom:event:${EventName}` {
  return `${PREFIX}:event:${name}`;
}

/**
 * Every contract event, as a value: the contract keeps its events as a type only. A Record, so an event added to
 * the contract and not here fails to compile instead of never reaching the popover.
 */
const everyEvent: Record<EventName, true> = { snapshotChanged: true, notice: true };
export const eventNames = Object.keys(everyEvent) as EventName[];
