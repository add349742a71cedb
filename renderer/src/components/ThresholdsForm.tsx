import { useEffect, useState, type FormEvent } from 'react';
import type { ThrottleSettings } from '../../../electron/core/settings/throttle-settings';
import type { SettingsProblem } from '../../../electron/core/settings/problems';
import { useClient } from '../hooks/client-context';
import { useLoad } from '../hooks/use-load';
import { wordsOf } from '../transport/client';
import { problemsByField } from '../view/problems';
import {
  draftOf,
  isUnchanged,
  settingsOf,
  thresholdFields,
  thresholdFormFields,
  type ThresholdDraft,
} from '../view/threshold-form';
import { Field } from './Field';
import { SettingsForm } from './SettingsForm';

const CHECK_DELAY_MS = 250;

/**
 * The throttle's thresholds, marked advanced. Headroom checks the draft as it is typed (the same check a save
 * makes), the problems show beside their fields, and Save stays disabled until there are none.
 */
export function ThresholdsForm() {
  const { api } = useClient();
  const [saved, setSaved] = useState<ThrottleSettings>();
  const [draft, setDraft] = useState<ThresholdDraft>();
  const [problems, setProblems] = useState<readonly SettingsProblem[]>([]);
  const [checking, setChecking] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();

  useLoad({
    read: (api) => api.getThresholds(),
    doing: 'read the thresholds',
    loaded: (settings) => {
      setSaved(settings);
      setDraft(draftOf(settings));
    },
    failed: (text) => setOutcome({ ok: false, text }),
  });

  useEffect(() => {
    if (!draft) return;
    let active = true;
    setChecking(true);
    const timer = setTimeout(() => {
      api.checkThresholds(settingsOf(draft)).then(
        (found) => {
          if (!active) return;
          setProblems(found);
          setChecking(false);
        },
        (error: unknown) => {
          if (!active) return;
          setOutcome({ ok: false, text: wordsOf(error, 'check the thresholds') });
          setChecking(false);
        },
      );
    }, CHECK_DELAY_MS);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [api, draft]);

  if (!draft || !saved) {
    return outcome ? <p className="message message-problem">{outcome.text}</p> : <p className="muted">Reading…</p>;
  }
  const { byField, general } = problemsByField(problems, 'throttle', thresholdFormFields);
  const unchanged = isUnchanged(draft, saved);
  const canSave = !checking && problems.length === 0 && !unchanged;
  const change = (next: Partial<ThresholdDraft>) => {
    setOutcome(undefined);
    setDraft({ ...draft, ...next });
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!canSave) return;
    try {
      const answer = await api.updateThresholds(settingsOf(draft));
      if (answer.ok) {
        setSaved(answer.value);
        setDraft(draftOf(answer.value));
        setOutcome({ ok: true, text: 'Saved. The throttle uses the new thresholds now.' });
      } else {
        setProblems(answer.problems);
        setOutcome({ ok: false, text: 'Not saved: see what needs changing above.' });
      }
    } catch (error) {
      setOutcome({ ok: false, text: wordsOf(error, 'save the thresholds') });
    }
  };

  return (
    <SettingsForm
      id="thresholds-title"
      title={
        <>
          Thresholds <span className="badge">Advanced</span>
        </>
      }
      onSubmit={save}
      general={general}
    >
      <p className="caution">
        Changing the thresholds is an advanced setting. Change them only with care: set too high, the tenant’s other
        integrations can be switched off at the cap; too low, your own work waits for no reason.
      </p>
      <div>
        {thresholdFields.map((spec) => (
          <Field
            key={spec.field}
            label={spec.label}
            unit={spec.unit}
            hint={spec.hint}
            inline
            problem={byField[spec.field]}
            inputMode="decimal"
            value={draft[spec.field]}
            onChange={(event) => change({ [spec.field]: event.target.value })}
          />
        ))}
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={draft.autoResume}
          onChange={(event) => change({ autoResume: event.target.checked })}
        />
        Resume automatically when usage falls below “Resume below”
      </label>
      {byField.autoResume && <p className="field-problem">{byField.autoResume}</p>}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!canSave}>
          Save thresholds
        </button>
        <button
          type="button"
          className="button"
          disabled={unchanged}
          onClick={() => {
            setOutcome(undefined);
            setDraft(draftOf(saved));
          }}
        >
          Undo changes
        </button>
      </div>
      {outcome && (
        <p className={outcome.ok ? 'message message-ok' : 'message message-problem'} role="status">
          {outcome.text}
        </p>
      )}
    </SettingsForm>
  );
}
