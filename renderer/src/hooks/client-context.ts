import { createContext, useContext } from 'react';
import type { HeadroomClient } from '../transport/client';

export const ClientContext = createContext<HeadroomClient | undefined>(undefined);

/** The one client of this popover, whichever transport it rides on. */
export function useClient(): HeadroomClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient needs a ClientContext provider above it.');
  return client;
}
