// A week as 168 hour bits (Monday 00:00 first): what a worker's availability covers and what a shift needs.
import type { Availability } from '../../conversation/answers/availability.js';

export const WEEK_HOURS = 168;

/** Minutes since midnight of an 'HH:MM'. */
export const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The hours a worker is free, as a '0'/'1' string for a PostgreSQL bit(168). An hour counts when it is wholly inside a slot. */
export function availabilityBits(availability: Availability): string {
  const bits = new Array<number>(WEEK_HOURS).fill(0);
  for (const slot of availability) {
    const from = minutes(slot.from);
    // A slot ending at or before its start runs past midnight into the next day.
    const to = minutes(slot.to) <= from ? minutes(slot.to) + 24 * 60 : minutes(slot.to);
    for (const day of slot.days) {
      for (let hour = Math.ceil(from / 60); (hour + 1) * 60 <= to; hour += 1) bits[(day * 24 + hour) % WEEK_HOURS] = 1;
    }
  }
  return bits.join('');
}

/** 0 = Monday ... 6 = Sunday, for a 'YYYY-MM-DD' day. */
export function weekdayOf(localDate: string): number {
  return (new Date(`${localDate}T12:00:00Z`).getUTCDay() + 6) % 7;
}

/** The hours a shift touches (a partial hour counts: the worker must be free for all of it). */
export function shiftBits(localDate: string, from: string, to: string): string {
  const bits = new Array<number>(WEEK_HOURS).fill(0);
  const start = minutes(from);
  const end = minutes(to) <= start ? minutes(to) + 24 * 60 : minutes(to);
  const base = weekdayOf(localDate) * 24;
  for (let hour = Math.floor(start / 60); hour * 60 < end; hour += 1) bits[(base + hour) % WEEK_HOURS] = 1;
  return bits.join('');
}

/** The whole days a shift touches (its day, and the next when it runs past midnight). */
export function dayBits(localDate: string, from: string, to: string): string {
  const bits = new Array<number>(WEEK_HOURS).fill(0);
  const first = weekdayOf(localDate);
  const days = minutes(to) <= minutes(from) ? [first, (first + 1) % 7] : [first];
  for (const day of days) for (let hour = 0; hour < 24; hour += 1) bits[day * 24 + hour] = 1;
  return bits.join('');
}
