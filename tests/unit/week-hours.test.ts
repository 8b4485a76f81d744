// Unit tests for the week as 168 hour bits (src/marketplace/matching/week-hours.ts).
import { describe, expect, it } from 'vitest';
import type { Availability } from '../../src/conversation/answers/availability.js';
import { availabilityBits, shiftBits, WEEK_HOURS, weekdayOf } from '../../src/marketplace/matching/week-hours.js';

const MON = 0;
const SAT = 5;
const SUN = 6;
const WEEKDAYS = [0, 1, 2, 3, 4];

/** The week-hour indexes (0 = Monday 00:00) whose bit is set. */
function setHours(bits: string): number[] {
  expect(bits).toMatch(/^[01]*$/);
  expect(bits).toHaveLength(WEEK_HOURS);
  return [...bits].flatMap((bit, i) => (bit === '1' ? [i] : []));
}

/** The week-hour indexes of the hours `from` (inclusive) to `to` (exclusive) of a day. */
const hoursOf = (day: number, from: number, to: number) => Array.from({ length: to - from }, (_, i) => day * 24 + from + i);

const slot = (days: number[], from: string, to: string): Availability => [{ days, from, to }];

describe('availabilityBits', () => {
  it('when a worker is free 09:00-17:00 on weekdays, then exactly hours 9..16 of Monday to Friday are set', () => {
    const expected = WEEKDAYS.flatMap((day) => hoursOf(day, 9, 17));
    expect(setHours(availabilityBits(slot(WEEKDAYS, '09:00', '17:00')))).toEqual(expected);
  });

  it('when a slot starts or ends inside an hour, then that partial hour is not counted', () => {
    expect(setHours(availabilityBits(slot([MON], '09:30', '17:00')))).toEqual(hoursOf(MON, 10, 17));
    expect(setHours(availabilityBits(slot([MON], '09:00', '16:59')))).toEqual(hoursOf(MON, 9, 16));
    expect(setHours(availabilityBits(slot([MON], '09:15', '16:45')))).toEqual(hoursOf(MON, 10, 16));
  });

  it('when a slot lies inside one hour, then no hour is set', () => {
    expect(setHours(availabilityBits(slot([MON], '09:10', '09:50')))).toEqual([]);
  });

  it('when a slot runs 22:00-06:00, then it crosses into the next day', () => {
    expect(setHours(availabilityBits(slot([SAT], '22:00', '06:00')))).toEqual([...hoursOf(SAT, 22, 24), ...hoursOf(SUN, 0, 6)]);
  });

  it('when a Sunday night slot runs 22:00-06:00, then it wraps into Monday morning', () => {
    expect(setHours(availabilityBits(slot([SUN], '22:00', '06:00')))).toEqual([...hoursOf(MON, 0, 6), ...hoursOf(SUN, 22, 24)]);
  });

  it('when a slot runs 00:00-00:00, then it is the whole day', () => {
    expect(setHours(availabilityBits(slot([SAT], '00:00', '00:00')))).toEqual(hoursOf(SAT, 0, 24));
  });

  it('when slots overlap or repeat, then the hours are their union', () => {
    const availability: Availability = [
      { days: [MON], from: '08:00', to: '12:00' },
      { days: [MON], from: '10:00', to: '14:00' },
      { days: [SAT, SAT], from: '18:00', to: '20:00' },
    ];
    expect(setHours(availabilityBits(availability))).toEqual([...hoursOf(MON, 8, 14), ...hoursOf(SAT, 18, 20)]);
  });
});

describe('weekdayOf', () => {
  it.each([
    ['2026-11-30', MON],
    ['2026-12-01', 1],
    ['2026-12-02', 2],
    ['2026-12-03', 3],
    ['2026-12-04', 4],
    ['2026-12-05', SAT],
    ['2026-12-06', SUN],
    ['2027-01-01', 4],
    ['2028-02-29', 1],
  ])('when the day is %s, then its weekday (Monday 0) is %i', (day, weekday) => {
    expect(weekdayOf(day)).toBe(weekday);
  });
});

describe('shiftBits', () => {
  it('when a shift runs 10:00-16:00 on a Saturday, then hours 10..15 of Saturday are set', () => {
    expect(setHours(shiftBits('2026-12-05', '10:00', '16:00'))).toEqual(hoursOf(SAT, 10, 16));
  });

  it('when a shift runs 10:30-14:00, then the partial first hour counts: hours 10..13', () => {
    expect(setHours(shiftBits('2026-12-05', '10:30', '14:00'))).toEqual(hoursOf(SAT, 10, 14));
  });

  it('when a shift ends inside an hour, then that hour counts', () => {
    expect(setHours(shiftBits('2026-12-05', '10:00', '14:01'))).toEqual(hoursOf(SAT, 10, 15));
  });

  it('when a shift runs 22:00-02:00, then it touches the next day', () => {
    expect(setHours(shiftBits('2026-12-05', '22:00', '02:00'))).toEqual([...hoursOf(SAT, 22, 24), ...hoursOf(SUN, 0, 2)]);
  });

  it('when a Sunday shift runs past midnight, then it wraps into Monday', () => {
    expect(setHours(shiftBits('2026-12-06', '22:00', '02:00'))).toEqual([...hoursOf(MON, 0, 2), ...hoursOf(SUN, 22, 24)]);
  });

  it('when a worker is free exactly the shift hours, then the shift bits are within their availability bits', () => {
    const need = shiftBits('2026-12-05', '10:00', '16:00');
    const free = availabilityBits(slot([SAT], '10:00', '16:00'));
    expect(need).toBe(free);
  });
});
