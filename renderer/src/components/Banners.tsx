import type { Snapshot } from '../../../electron/contract';
import type { ConnectionStatus } from '../view/connection-view';

/** What is wrong with the line to Headroom or the tenant, and the demo notice: above everything else. */
export function Banners({
  snapshot,
  status,
  onConnect,
}: {
  snapshot: Snapshot | undefined;
  status: ConnectionStatus;
  onConnect: () => void;
}) {
  return (
    <>
      {status.detail && status.tone === 'problem' && (
        <div className="banner banner-problem banner-with-action" role="alert">
          <span>{status.detail}</span>
          {snapshot?.connection.health === 'auth-failed' && (
            <button type="button" className="link-button" onClick={onConnect}>
              Settings
            </button>
          )}
        </div>
      )}
      {status.detail && status.tone === 'warning' && (
        <div className="banner banner-warning" role="status">
          {status.detail}
        </div>
      )}
      {snapshot?.secretKeeping === 'plain-text' && (
        <div className="banner banner-warning banner-with-action" role="status">
          <span>No keyring on this computer: the API secret is stored unencrypted.</span>
          <button type="button" className="link-button" onClick={onConnect}>
            Settings
          </button>
        </div>
      )}
      {snapshot?.mode === 'demo' && (
        <div className="banner banner-demo banner-with-action">
          <span>Demo: a simulated tenant. Connect your Autotask to go live.</span>
          <button type="button" className="link-button" onClick={onConnect}>
            Connect
          </button>
        </div>
      )}
    </>
  );
}
