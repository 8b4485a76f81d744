// Why a worker fits a shift, as data for the cards: the skill, and the free hours of theirs that hold the shift.
import type { Availability } from '../../conversation/answers/availability.js';
import type { Fit } from '../../conversation/engine/market-view.js';
import { minutes, weekdayOf } from './week-hours.js';

/** The worker's slot on the shift's day that covers its start (the first, if several do), or null when none does. */
export function fitOf(availability: Availability, skill: string, localDate: string, from: string): Fit | null {
  const day = weekdayOf(localDate);
  const start = minutes(from);
  for (const slot of availability) {
    if (!slot.days.includes(day)) continue;
    const begins = minutes(slot.from);
    const ends = minutes(slot.to) <= begins ? minutes(slot.to) + 24 * 60 : minutes(slot.to);
    if (begins <= start && start < ends) return { skill, day, from: slot.from, to: slot.to };
  }
  return null;
}
