import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from './components/ErrorBoundary';
import { ClientContext } from './hooks/client-context';
import { chooseClient } from './transport/choose-client';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('Headroom: the page has no #root element.');
createRoot(container).render(
  <StrictMode>
    <ErrorBoundary what="the popover">
      <ClientContext value={chooseClient()}>
        <App />
      </ClientContext>
    </ErrorBoundary>
  </StrictMode>,
);
