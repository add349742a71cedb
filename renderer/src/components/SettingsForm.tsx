import type { FormEvent, ReactNode } from 'react';

/** One section of the settings: its heading, what Headroom refused that names no field, then its fields. */
export function SettingsForm({
  id,
  title,
  onSubmit,
  general,
  children,
}: {
  id: string;
  title: ReactNode;
  onSubmit: (event: FormEvent) => Promise<void>;
  general: readonly string[];
  children: ReactNode;
}) {
  return (
    <form className="settings-form" onSubmit={(event) => void onSubmit(event)} noValidate aria-labelledby={id}>
      <h3 id={id} className="settings-title">
        {title}
      </h3>
      {general.map((message) => (
        <p key={message} className="message message-problem">
          {message}
        </p>
      ))}
      {children}
    </form>
  );
}
