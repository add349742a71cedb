import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from './components/ErrorBoundary';
import { ClientContext } from './hooks/client-context';
import { chooseClient } from './transport/choose-client';
import './styles.css';

const FIRST_SNAPSHOT_WAIT_MS = 50;

const container = document.getElementById('root');
if (!container) throw new Error('Headroom: the page has no #root element.');
const client = chooseClient();
// Asked for before React starts, so its first frame already shows the gauge; a host slow to answer is waited for
// no longer than a few frames, and the popover then starts without it.
const first = await Promise.race([
  client.api.snapshot().catch(() => undefined),
  new Promise<undefined>((resolve) => setTimeout(resolve, FIRST_SNAPSHOT_WAIT_MS)),
]);
createRoot(container).render(
  <StrictMode>
    <ErrorBoundary what="the popover">
      <ClientContext value={client}>
        <App first={first} />
      </ClientContext>
    </ErrorBoundary>
  </StrictMode>,
);
