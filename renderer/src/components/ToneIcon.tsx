import type { ReactNode } from 'react';
import type { Tone } from '../view/state-view';

/** A shape per state, so the state reads without colour: a tick, a gauge, a moon, a stop sign, a question mark. */
export function ToneIcon({ tone, size = 20 }: { tone: Tone; size?: number }) {
  return (
    <svg
      className={`tone-icon tone-${tone}`}
      width={size}
      height={size}
      viewBox="0 0 20 20"
      aria-hidden="true"
      focusable="false"
    >
      {shapes[tone]}
    </svg>
  );
}

const stroke = {
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
} as const;

const shapes: Record<Tone, ReactNode> = {
  normal: (
    <>
      <circle cx="10" cy="10" r="8" {...stroke} />
      <path d="M6.5 10.2l2.4 2.4 4.6-5" {...stroke} />
    </>
  ),
  slowed: (
    <>
      <path d="M3 14a7 7 0 0 1 14 0" {...stroke} />
      <path d="M10 14l-3.5-4" {...stroke} />
      <circle cx="10" cy="14" r="1.3" fill="currentColor" />
    </>
  ),
  asleep: <path d="M15.5 12.5A7 7 0 0 1 7.5 4.5a7 7 0 1 0 8 8z" {...stroke} />,
  stopped: (
    <>
      <path d="M7 2.5h6l4.5 4.5v6L13 17.5H7L2.5 13V7z" {...stroke} />
      <path d="M6.5 10h7" {...stroke} />
    </>
  ),
  unknown: (
    <>
      <circle cx="10" cy="10" r="8" {...stroke} />
      <path d="M7.8 7.8a2.3 2.3 0 1 1 3.2 2.1c-.6.3-1 .8-1 1.4v.4" {...stroke} />
      <circle cx="10" cy="14.4" r="1.1" fill="currentColor" />
    </>
  ),
};
