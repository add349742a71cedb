/** How much a call matters to the caller: critical keeps flowing, normal is paced, background stops first. */
export const priorities = ['critical', 'normal', 'background'] as const;
export type Priority = (typeof priorities)[number];

export function isPriority(value: string): value is Priority {
  return (priorities as readonly string[]).includes(value);
}
