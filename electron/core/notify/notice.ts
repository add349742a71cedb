/** The events worth interrupting someone for (DESIGN.md, "What a user sees"). */
export const noticeKinds = [
  'throttled',
  'back-to-sleep',
  'resumed',
  'connection-lost',
  'credentials-rejected',
] as const;
export type NoticeKind = (typeof noticeKinds)[number];

/** One native notification, in plain words with the numbers that matter. */
export interface Notice {
  kind: NoticeKind;
  title: string;
  body: string;
}
