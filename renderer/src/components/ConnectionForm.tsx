import { useState, type FormEvent } from 'react';
import type { ConnectionSettingsView, ConnectionUpdate } from '../../../electron/contract';
import type { SettingsProblem } from '../../../electron/core/settings/problems';
import { useClient } from '../hooks/client-context';
import { useLoad } from '../hooks/use-load';
import { wordsOf } from '../transport/client';
import { connectionTestOutcome, secretKeepingNote, type Outcome } from '../view/connection-form';
import { userFormats } from '../view/format';
import { problemsByField } from '../view/problems';
import { Field } from './Field';
import { SettingsForm } from './SettingsForm';

const fields = ['autotaskBaseUrl', 'username', 'integrationCode', 'secret'] as const;

/**
 * The Autotask connection. The secret is write-only: the form never receives it, only whether one is stored, and
 * an empty secret field keeps the stored one.
 */
export function ConnectionForm() {
  const { api } = useClient();
  const [saved, setSaved] = useState<ConnectionSettingsView>();
  const [draft, setDraft] = useState<ConnectionUpdate>();
  const [secret, setSecret] = useState('');
  const [plainTextAgreed, setPlainTextAgreed] = useState(false);
  const [problems, setProblems] = useState<readonly SettingsProblem[]>([]);
  const [busy, setBusy] = useState<'testing' | 'saving'>();
  const [outcome, setOutcome] = useState<Outcome>();

  useLoad({
    read: (api) => api.getConnection(),
    doing: 'read the connection',
    loaded: (view) => {
      setSaved(view);
      setDraft({
        autotaskBaseUrl: view.autotaskBaseUrl,
        username: view.username,
        integrationCode: view.integrationCode,
      });
    },
    failed: (text) => setOutcome({ ok: false, title: 'Not available', text }),
  });

  if (!draft || !saved) {
    return outcome ? <p className="message message-problem">{outcome.text}</p> : <p className="muted">Reading…</p>;
  }
  const request: ConnectionUpdate = secret === '' ? draft : { ...draft, secret };
  const note = secretKeepingNote(saved.secretKeeping, saved.secretStored);
  const needsConsent = note?.needsConsent === true && secret !== '' && !plainTextAgreed;
  const { byField, general } = problemsByField(problems, 'connection', fields);
  const edit = (change: Partial<ConnectionUpdate>) => {
    setOutcome(undefined);
    setProblems([]);
    setDraft({ ...draft, ...change });
  };

  const test = async () => {
    setBusy('testing');
    setOutcome(undefined);
    try {
      setOutcome(connectionTestOutcome(await api.testConnection(request), userFormats));
    } catch (error) {
      setOutcome({ ok: false, title: 'Could not test', text: wordsOf(error, 'test the connection') });
    } finally {
      setBusy(undefined);
    }
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (needsConsent) return;
    setBusy('saving');
    setOutcome(undefined);
    try {
      const answer = await api.updateConnection(request);
      if (answer.ok) {
        setSaved(answer.value);
        setSecret('');
        setProblems([]);
        setOutcome({ ok: true, title: 'Saved', text: 'Headroom is connecting with these settings.' });
      } else {
        setProblems(answer.problems);
        setOutcome({ ok: false, title: 'Not saved', text: 'See what needs changing above.' });
      }
    } catch (error) {
      setOutcome({ ok: false, title: 'Not saved', text: wordsOf(error, 'save the connection') });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <SettingsForm id="connection-title" title="Autotask connection" onSubmit={save} general={general}>
      <Field
        label="API username"
        autoComplete="off"
        spellCheck={false}
        placeholder="api-user@example.com"
        value={draft.username}
        problem={byField.username}
        onChange={(event) => edit({ username: event.target.value })}
      />
      <Field
        label="API secret"
        type="password"
        autoComplete="new-password"
        placeholder={saved.secretStored ? 'Stored: leave empty to keep it' : 'The API user’s secret'}
        value={secret}
        problem={byField.secret}
        onChange={(event) => {
          setOutcome(undefined);
          setSecret(event.target.value);
        }}
      />
      <Field
        label="Integration code"
        autoComplete="off"
        spellCheck={false}
        hint="The API tracking identifier of the API user."
        value={draft.integrationCode}
        problem={byField.integrationCode}
        onChange={(event) => edit({ integrationCode: event.target.value })}
      />
      <Field
        label="Zone or API address"
        autoComplete="off"
        spellCheck={false}
        className="mono"
        hint="Zone discovery starts here; a zone’s address works too."
        value={draft.autotaskBaseUrl}
        problem={byField.autotaskBaseUrl}
        onChange={(event) => edit({ autotaskBaseUrl: event.target.value })}
      />
      {note && (
        <div className={note.needsConsent ? 'message message-warning' : 'hint'}>
          <p>{note.text}</p>
          {note.needsConsent && secret !== '' && (
            <label className="check">
              <input
                type="checkbox"
                checked={plainTextAgreed}
                onChange={(event) => setPlainTextAgreed(event.target.checked)}
              />
              Store the secret unencrypted anyway
            </label>
          )}
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="button" disabled={busy !== undefined} onClick={() => void test()}>
          {busy === 'testing' ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit" className="button button-primary" disabled={busy !== undefined || needsConsent}>
          {busy === 'saving' ? 'Saving…' : 'Save and connect'}
        </button>
      </div>
      {outcome && (
        <div className={outcome.ok ? 'message message-ok' : 'message message-problem'} role="status">
          <strong>{outcome.title}.</strong> {outcome.text}
        </div>
      )}
    </SettingsForm>
  );
}
