/**
 * "Until tomorrow": the next 08:00 of the user's clock (after midnight, this morning's), in whole minutes from
 * now, so a pause started late at night still ends when the working day begins.
 */
export function minutesUntilTomorrowMorning(now: Date): number {
  const morning = new Date(now);
  morning.setHours(8, 0, 0, 0);
  if (morning.getTime() <= now.getTime()) morning.setDate(morning.getDate() + 1);
  return Math.max(1, Math.ceil((morning.getTime() - now.getTime()) / 60_000));
}
