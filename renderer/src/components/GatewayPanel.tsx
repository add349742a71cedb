import { useState } from 'react';
import type { GatewayView } from '../../../electron/contract';
import { userFormats } from '../view/format';
import { countCells, integrationRows } from '../view/gateway-view';

/** Calls through the gateway, by integration code, and how to point a script at it. */
export function GatewayPanel({ gateway }: { gateway: GatewayView }) {
  const totals = countCells(gateway, userFormats);
  const rows = integrationRows(gateway, userFormats);
  return (
    <section className="panel" aria-labelledby="gateway-title">
      <h2 id="gateway-title" className="panel-title">
        Calls through the gateway
      </h2>
      <dl className="counts">
        {totals.map((cell) => (
          <div key={cell.label} className={cell.attention ? 'count count-attention' : 'count'}>
            <dt>{cell.label}</dt>
            <dd>{cell.value}</dd>
          </div>
        ))}
      </dl>
      {rows.length === 0 ? (
        <p className="muted">No calls yet. Point a script at the address below to see them here.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Calls by integration code">
          <table className="by-integration">
            <caption className="visually-hidden">Calls by integration code</caption>
            <thead>
              <tr>
                <th scope="col">Integration</th>
                {rows[0]?.cells.map((cell) => (
                  <th key={cell.label} scope="col">
                    {cell.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.code}>
                  <th scope="row" title={row.code}>
                    {row.code}
                  </th>
                  {row.cells.map((cell) => (
                    <td key={cell.label} className={cell.attention ? 'count-attention' : undefined}>
                      {cell.value}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <GatewayAddress baseUrl={gateway.baseUrl} />
    </section>
  );
}

function GatewayAddress({ baseUrl }: { baseUrl: string | undefined }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | undefined>();
  if (baseUrl === undefined) {
    return <p className="message message-problem">The gateway is not listening: Headroom could not open its port.</p>;
  }
  const copy = () =>
    navigator.clipboard.writeText(baseUrl).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  return (
    <div className="address">
      <label htmlFor="gateway-url" className="label">
        Script base URL
      </label>
      <div className="address-row">
        <input
          id="gateway-url"
          className="input mono"
          readOnly
          value={baseUrl}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className="button" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p className="hint" role="status">
        {copied === 'yes' ? (
          'Copied.'
        ) : copied === 'failed' ? (
          'Could not copy: select the address and copy it by hand.'
        ) : (
          <>
            Use it as the Autotask base URL. Tag calls with <code>X-Headroom-Priority</code>: critical, normal or
            background.
          </>
        )}
      </p>
    </div>
  );
}
