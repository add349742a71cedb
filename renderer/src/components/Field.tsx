import { useId, type InputHTMLAttributes } from 'react';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  hint?: string;
  problem?: string | undefined;
  unit?: string;
  /** Label and hint beside a short input, for numbers. */
  inline?: boolean;
}

/** A labelled input with its hint and, beside it, what is wrong with it (tied to it for screen readers). */
export function Field({ label, hint, problem, unit, inline, className, ...input }: FieldProps) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ');
  return (
    <div className={['field', inline ? 'field-inline' : '', problem ? 'field-invalid' : ''].join(' ').trim()}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className="field-input">
        <input
          id={id}
          className={`input ${className ?? ''}`}
          aria-invalid={problem ? true : undefined}
          aria-describedby={described || undefined}
          {...input}
        />
        {unit && <span className="field-unit">{unit}</span>}
      </div>
      {problem ? (
        <p id={`${id}-problem`} className="field-problem">
          {problem}
        </p>
      ) : (
        hint && (
          <p id={`${id}-hint`} className="hint">
            {hint}
          </p>
        )
      )}
    </div>
  );
}
