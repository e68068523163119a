import type { Granularity } from '../../api/usage';

/** A range of whole UTC days, both ends included, as `YYYY-MM-DD`. */
export interface DayRange {
  fromDay: string;
  toDay: string;
}

const DAY_MS = 86_400_000;
/** the billing service answers at most 366 days, and an hourly series at most 31 */
export const MAX_DAYS = 366;
/** up to this many days the chart shows hours, beyond it days */
const HOURLY_UP_TO_DAYS = 2;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function msOf(day: string): number {
  return ISO_DAY.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
}

/** The last `days` UTC days, today included. */
export function lastDays(days: number, now = Date.now()): DayRange {
  const today = msOf(dayOf(now));
  return { fromDay: dayOf(today - (days - 1) * DAY_MS), toDay: dayOf(today) };
}

/** How many days the range covers, or null when a day is not a real `YYYY-MM-DD`. */
export function daysIn({ fromDay, toDay }: DayRange): number | null {
  const from = msOf(fromDay);
  const to = msOf(toDay);
  if (Number.isNaN(from) || Number.isNaN(to) || dayOf(from) !== fromDay || dayOf(to) !== toDay)
    return null;
  return Math.round((to - from) / DAY_MS) + 1;
}

export type RangeProblem = 'invalid' | 'reversed' | 'tooLong';

/** Why the service would refuse the range, or null when it will answer it. */
export function rangeProblem(range: DayRange): RangeProblem | null {
  const days = daysIn(range);
  if (days === null) return 'invalid';
  if (days < 1) return 'reversed';
  return days > MAX_DAYS ? 'tooLong' : null;
}

/** The API's half-open range: from the first day's midnight to the midnight after the last. */
export function instants({ fromDay, toDay }: DayRange): { from: string; to: string } {
  return {
    from: `${fromDay}T00:00:00Z`,
    to: `${dayOf(msOf(toDay) + DAY_MS)}T00:00:00Z`,
  };
}

export function granularityFor(range: DayRange): Granularity {
  return (daysIn(range) ?? MAX_DAYS) <= HOURLY_UP_TO_DAYS ? 'hour' : 'day';
}
