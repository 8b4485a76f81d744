// Unit tests for reading days and time ranges and for local-to-UTC conversion (src/conversation/answers/date-time.ts).
import { describe, expect, it } from 'vitest';
import {
  formatLocalDate,
  parseLocalDate,
  parseTime,
  parseTimeRange,
  timeRangeSchema,
  todayIn,
  toUtcInstant,
} from '../../src/conversation/answers/date-time.js';

const MADRID = 'Europe/Madrid';
const MEXICO = 'America/Mexico_City';
// Friday 4 December 2026, mid-morning in both zones.
const NOW = new Date('2026-12-04T10:00:00Z');

/** The day a text must parse to, in Madrid unless told. */
function day(text: string, now = NOW, zone = MADRID): string {
  const result = parseLocalDate(text, now, zone);
  if (!result.ok) throw new Error(`"${text}" did not parse: ${result.reason}`);
  return result.date;
}
const reason = (text: string, now = NOW) => {
  const result = parseLocalDate(text, now, MADRID);
  return result.ok ? `ok ${result.date}` : result.reason;
};
const range = (text: string) => {
  const result = parseTimeRange(text);
  return result.ok ? [result.from, result.to, result.crossesMidnight] : result.reason;
};

describe('todayIn', () => {
  it('when it is late evening in UTC, then Madrid is already on the next day', () => {
    expect(todayIn(new Date('2026-12-04T23:30:00Z'), MADRID)).toBe('2026-12-05');
  });
  it('when it is just past midnight UTC, then Mexico City is still on the day before', () => {
    expect(todayIn(new Date('2026-12-05T03:00:00Z'), MEXICO)).toBe('2026-12-04');
    expect(todayIn(new Date('2026-12-04T23:30:00Z'), MEXICO)).toBe('2026-12-04');
  });
  it('when the zone is UTC, then today is the UTC date', () => {
    expect(todayIn(new Date('2026-12-04T23:59:59Z'), 'UTC')).toBe('2026-12-04');
  });
});

describe('parseLocalDate: relative words', () => {
  it.each([
    ['today', '2026-12-04'], ['Today', '2026-12-04'], ['hoy', '2026-12-04'], ['HOY', '2026-12-04'],
    ['tomorrow', '2026-12-05'], ['mañana', '2026-12-05'], ['manana', '2026-12-05'], ['MAÑANA!', '2026-12-05'],
    ['day after tomorrow', '2026-12-06'], ['the day after tomorrow', '2026-12-06'], ['pasado mañana', '2026-12-06'],
    ['Pasado manana', '2026-12-06'],
  ])('when the answer is "%s", then the day is %s', (text, expected) => {
    expect(day(text)).toBe(expected);
  });
});

describe('parseLocalDate: weekdays (today is Friday 4 December 2026)', () => {
  it.each([
    ['sat', '2026-12-05'], ['Saturday', '2026-12-05'], ['sáb', '2026-12-05'], ['sab', '2026-12-05'], ['sábado', '2026-12-05'],
    ['este sábado', '2026-12-05'], ['this saturday', '2026-12-05'], ['el sábado', '2026-12-05'], ['on Saturday.', '2026-12-05'],
    ['sun', '2026-12-06'], ['domingo', '2026-12-06'], ['mon', '2026-12-07'], ['lunes', '2026-12-07'], ['el próximo lunes', '2026-12-07'],
    ['tue', '2026-12-08'], ['martes', '2026-12-08'], ['wednesday', '2026-12-09'], ['miércoles', '2026-12-09'], ['mié', '2026-12-09'],
    ['thursday', '2026-12-10'], ['jueves', '2026-12-10'],
  ])('when the answer is "%s", then it is the next such day, %s', (text, expected) => {
    expect(day(text)).toBe(expected);
  });
  it.each(['friday', 'fri', 'next friday', 'viernes', 'el viernes', 'el viernes que viene', 'VIE'])(
    'when the answer "%s" names today\'s weekday, then it means a week from today',
    (text) => {
      expect(day(text)).toBe('2026-12-11');
    },
  );
});

describe('parseLocalDate: written dates', () => {
  it.each([
    '14/12', '14/12/2026', '14-12', '14-12-2026', '14.12', '14.12.26', '14/12/26', '2026-12-14', '2026/12/14',
    '14 dec', '14 Dec.', 'dec 14', 'Dec 14th', 'December 14', '14th of December', 'dec 14, 2026', '14 december 2026',
    '14 de diciembre', '14 diciembre', '14 dic', 'el 14 de diciembre', '14 de diciembre de 2026', 'on the 14th', 'el 14', '14',
  ])('when the answer is "%s", then the day is 14 December 2026', (text) => {
    expect(day(text)).toBe('2026-12-14');
  });
  it.each([
    ['1 de enero', '2027-01-01'], ['3/1', '2027-01-03'], ['3 ene', '2027-01-03'], ['jan 3', '2027-01-03'], ['3', '2027-01-03'],
    ['3/12', '2027-12-03'], ['1 sept', '2027-09-01'], ['1 setiembre', '2027-09-01'], ['4/12', '2026-12-04'],
  ])('when "%s" has no year and has passed this year, then it means next year (%s)', (text, expected) => {
    expect(day(text)).toBe(expected);
  });
  it('when it is New Year in Madrid but still 31 December in UTC, then "31/12" is next December', () => {
    const now = new Date('2026-12-31T23:30:00Z');
    expect(day('today', now)).toBe('2027-01-01');
    expect(day('31/12', now)).toBe('2027-12-31');
    expect(day('2/1', now)).toBe('2027-01-02');
  });
  it('when a bare day of the month is missing from the coming month, then the next month that has it is taken', () => {
    expect(day('31')).toBe('2026-12-31');
    expect(day('31', new Date('2027-02-01T12:00:00Z'))).toBe('2027-03-31');
    expect(day('30', new Date('2027-02-01T12:00:00Z'))).toBe('2027-03-30');
  });
  it('when a weekday leads a date and agrees with it, then the date is taken; when it disagrees, then it is unrecognised', () => {
    expect(day('sáb 19 dic')).toBe('2026-12-19');
    expect(day('Saturday, 19 December')).toBe('2026-12-19');
    expect(reason('sat 20 dec')).toBe('unrecognised');
  });
  it('when 29 February is asked for in a leap year to come, then it is that day; otherwise it is too far', () => {
    expect(day('29/02', new Date('2027-03-01T12:00:00Z'))).toBe('2028-02-29');
    expect(reason('29/02')).toBe('too_far');
  });
});

describe('parseLocalDate: refusals', () => {
  it.each(['', '   ', '\n\t'])('when the answer is blank (%j), then it is empty', (text) => {
    expect(reason(text)).toBe('empty');
  });
  it.each(['3/12/2026', '2026-01-01', '01.12.26', '3 de diciembre de 2026'])('when "%s" is before today, then it is past', (text) => {
    expect(reason(text)).toBe('past');
  });
  it('when a date is 365 days ahead, then it is accepted; when 366, then it is too far', () => {
    expect(reason('4/12/2027')).toBe('ok 2027-12-04');
    expect(reason('5/12/2027')).toBe('too_far');
    expect(reason('2028-01-01')).toBe('too_far');
  });
  it.each(['31/02', '31/02/2027', '30 feb', '32/01', '14/13', '00/05', '12/14', '2026-02-30', '14/12-2026', 'asdf', 'next week',
    'soon', '14 foo', 'friday saturday', '🎉', '🎉🎉 👍', '¿?', 'dec', '2026'])(
    'when the answer is "%s", then it is unrecognised',
    (text) => {
      expect(reason(text)).toBe('unrecognised');
    },
  );
  it('when the text is 5,000 characters long, then it is refused quickly without throwing', () => {
    const inputs = ['a'.repeat(5000), '14/12'.repeat(1000), 'sábado '.repeat(715), '🎉'.repeat(2500)];
    const started = performance.now();
    for (let i = 0; i < 100; i++) for (const text of inputs) expect(reason(text)).toBe('unrecognised');
    expect(performance.now() - started).toBeLessThan(1000);
  });
  it('when the value is not a string at all, then it is empty rather than a crash', () => {
    expect(parseLocalDate(undefined as unknown as string, NOW, MADRID)).toEqual({ ok: false, reason: 'empty' });
  });
});

describe('parseLocalDate: the contact\'s zone decides today', () => {
  const lateUtc = new Date('2026-12-04T23:30:00Z');
  it('when it is already Saturday in Madrid, then "today" is Saturday and "saturday" is a week on', () => {
    expect(day('today', lateUtc)).toBe('2026-12-05');
    expect(day('tomorrow', lateUtc)).toBe('2026-12-06');
    expect(day('sábado', lateUtc)).toBe('2026-12-12');
    expect(reason('4/12/2026', lateUtc)).toBe('past');
  });
  it('when it is still Friday in Mexico City, then "today" is Friday and "saturday" is tomorrow', () => {
    expect(day('hoy', lateUtc, MEXICO)).toBe('2026-12-04');
    expect(day('sábado', lateUtc, MEXICO)).toBe('2026-12-05');
    expect(day('4/12/2026', lateUtc, MEXICO)).toBe('2026-12-04');
  });
});

describe('formatLocalDate', () => {
  it.each([
    ['2025-12-06', 'Sat 6 Dec', 'sáb 6 dic'], ['2026-01-01', 'Thu 1 Jan', 'jue 1 ene'], ['2026-09-16', 'Wed 16 Sep', 'mié 16 sep'],
  ])('when the day is %s, then English reads "%s" and Spanish "%s"', (date, en, es) => {
    expect(formatLocalDate(date, 'en')).toBe(en);
    expect(formatLocalDate(date, 'es')).toBe(es);
  });
  it('when the text is not a real day, then it throws', () => {
    expect(() => formatLocalDate('2026-02-30', 'en')).toThrow(RangeError);
    expect(() => formatLocalDate('tomorrow', 'es')).toThrow(RangeError);
  });
  it('when every day of the coming year is written back in either language, then it reads as the same day', () => {
    for (let i = 0; i < 365; i++) {
      const date = new Date(Date.UTC(2026, 11, 4 + i)).toISOString().slice(0, 10);
      expect(day(formatLocalDate(date, 'en'))).toBe(date);
      expect(day(formatLocalDate(date, 'es'))).toBe(date);
    }
  });
});

describe('parseTimeRange', () => {
  it.each([
    ['10:00-16:00', '10:00', '16:00'], ['10-16', '10:00', '16:00'], ['10 to 4pm', '10:00', '16:00'], ['10am-4pm', '10:00', '16:00'],
    ['10 AM – 4 PM', '10:00', '16:00'], ['10 a.m. - 4 p.m.', '10:00', '16:00'], ['9:30 - 14', '09:30', '14:00'],
    ['de 10 a 16', '10:00', '16:00'], ['De las 10 a las 16 h', '10:00', '16:00'], ['desde las 10 hasta las 16', '10:00', '16:00'],
    ['entre las 10 y las 16', '10:00', '16:00'], ['from 10 until 4', '10:00', '16:00'], ['between 10 and 4', '10:00', '16:00'],
    ['10h-16h', '10:00', '16:00'], ['10h30-16h', '10:30', '16:00'], ['18.30-23', '18:30', '23:00'], ['1030-1600', '10:30', '16:00'],
    ['de 10 de la mañana a 4 de la tarde', '10:00', '16:00'], ['10 to noon', '10:00', '12:00'], ['de 8 a mediodía', '08:00', '12:00'],
  ])('when the answer is "%s", then the shift is %s to %s', (text, from, to) => {
    expect(range(text)).toEqual([from, to, false]);
  });
  it.each([
    ['10-4', '10:00', '16:00'], ['9-5', '09:00', '17:00'], ['11-1', '11:00', '13:00'], ['12-8', '12:00', '20:00'],
    ['2-6', '14:00', '18:00'], ['1-5', '13:00', '17:00'], ['6-10', '06:00', '10:00'], ['6-11pm', '18:00', '23:00'],
    ['2-6pm', '14:00', '18:00'], ['4am-8', '04:00', '08:00'], ['9:30-2:30', '09:30', '14:30'],
  ])('when bare hours "%s" could be morning or afternoon, then the shortest shift is taken: %s to %s', (text, from, to) => {
    expect(range(text)).toEqual([from, to, false]);
  });
  it.each([['04:00-08:00', '04:00', '08:00'], ['2-16', '02:00', '16:00'], ['0930-1400', '09:30', '14:00'], ['0-6', '00:00', '06:00']])(
    'when either end of "%s" is written on a 24-hour clock, then both are taken as written: %s to %s',
    (text, from, to) => {
      expect(range(text)).toEqual([from, to, false]);
    },
  );
  it.each([
    ['22:00-06:00', '22:00', '06:00'], ['22-6', '22:00', '06:00'], ['10pm-4', '22:00', '04:00'], ['11-2am', '23:00', '02:00'],
    ['20:00 a 02:00', '20:00', '02:00'], ['18-24', '18:00', '00:00'], ['de 22 a medianoche', '22:00', '00:00'],
    ['10:00-04:00', '10:00', '04:00'],
  ])('when "%s" runs past midnight, then it is %s to %s and crosses midnight', (text, from, to) => {
    expect(range(text)).toEqual([from, to, true]);
  });
  it.each(['10-10', '10:00-10:00', '10am-10am', 'de 9 a 9', '8am-8', '0-24'])('when "%s" starts and ends together, then it is same_time', (text) => {
    expect(range(text)).toBe('same_time');
  });
  it.each(['25-26', '10:75-12', '13pm-2pm', '0am-4am', '10-24:30', '9:00-9960'])('when "%s" holds an impossible time, then it is bad_time', (text) => {
    expect(range(text)).toBe('bad_time');
  });
  it.each(['', '  ', '\n'])('when the answer is blank (%j), then it is empty', (text) => {
    expect(range(text)).toBe('empty');
  });
  it.each(['asdf', '10', 'from ten to four', 'mornings', '🎉', '⏰ 10-16 ⏰', '10-16-18', '14/12'])(
    'when the answer is %j, then it is unrecognised',
    (text) => {
      expect(range(text)).toBe('unrecognised');
    },
  );
  it('when the text is 5,000 characters long, then it is refused quickly without throwing', () => {
    const started = performance.now();
    for (let i = 0; i < 100; i++) {
      for (const text of ['x'.repeat(5000), '10-16 '.repeat(834), '1'.repeat(5000)]) expect(range(text)).toBe('unrecognised');
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });
  it('when every accepted range is checked against the schema, then it passes', () => {
    for (const text of ['10-4', '22:00-06:00', '9:30 - 14', '18-24']) {
      const result = parseTimeRange(text);
      expect(result.ok && timeRangeSchema.safeParse({ from: result.from, to: result.to }).success).toBe(true);
    }
  });
});

describe('parseTime', () => {
  it.each([
    ['10', '10:00'], ['4', '04:00'], ['10:30', '10:30'], ['9.15', '09:15'], ['4pm', '16:00'], ['4 p.m.', '16:00'], ['12am', '00:00'],
    ['12pm', '12:00'], ['16h', '16:00'], ['16h30', '16:30'], ['1030', '10:30'], ['a las 9', '09:00'], ['at 9am', '09:00'],
    ['noon', '12:00'], ['mediodía', '12:00'], ['midnight', '00:00'], ['24:00', '00:00'], ['4 de la tarde', '16:00'],
  ])('when the answer is "%s", then the time is %s', (text, time) => {
    expect(parseTime(text)).toEqual({ ok: true, time });
  });
  it.each(['', 'abc', '25', '10:60', '13pm', '10-16', '🎉'])('when the answer is %j, then it is refused', (text) => {
    expect(parseTime(text)).toEqual({ ok: false });
  });
  it('when the answer is 5,000 characters long, then it is refused', () => {
    expect(parseTime('9'.repeat(5000))).toEqual({ ok: false });
  });
});

describe('timeRangeSchema', () => {
  it('when both ends are 24-hour HH:MM and differ, then it passes, overnight included', () => {
    expect(timeRangeSchema.safeParse({ from: '22:00', to: '06:00' }).success).toBe(true);
    expect(timeRangeSchema.safeParse({ from: '00:00', to: '23:59' }).success).toBe(true);
  });
  it.each([
    { from: '9:00', to: '17:00' }, { from: '24:00', to: '06:00' }, { from: '10:00', to: '10:60' }, { from: '10:00', to: '10:00' },
    { from: '10:00' }, { from: 10, to: 16 },
  ])('when the range is %j, then it fails', (value) => {
    expect(timeRangeSchema.safeParse(value).success).toBe(false);
  });
});

describe('toUtcInstant', () => {
  const at = (date: string, time: string, zone: string) => toUtcInstant(date, time, zone).toISOString();
  it('when it is an ordinary winter or summer time in Madrid, then the offset is +01:00 or +02:00', () => {
    expect(at('2026-12-05', '10:00', MADRID)).toBe('2026-12-05T09:00:00.000Z');
    expect(at('2026-07-01', '10:00', MADRID)).toBe('2026-07-01T08:00:00.000Z');
    expect(at('2026-12-05', '00:30', MADRID)).toBe('2026-12-04T23:30:00.000Z');
  });
  it('when 02:30 is skipped on the last Sunday of March in Madrid, then the instant is an hour later, 03:30 local', () => {
    expect(at('2026-03-29', '02:30', MADRID)).toBe('2026-03-29T01:30:00.000Z');
    expect(at('2026-03-29', '02:00', MADRID)).toBe('2026-03-29T01:00:00.000Z');
    expect(at('2026-03-29', '01:59', MADRID)).toBe('2026-03-29T00:59:00.000Z');
    expect(at('2026-03-29', '03:00', MADRID)).toBe('2026-03-29T01:00:00.000Z');
  });
  it('when 02:30 happens twice on the last Sunday of October in Madrid, then the first occurrence (summer time) is taken', () => {
    expect(at('2026-10-25', '02:30', MADRID)).toBe('2026-10-25T00:30:00.000Z');
    expect(at('2026-10-25', '01:59', MADRID)).toBe('2026-10-24T23:59:00.000Z');
    expect(at('2026-10-25', '03:00', MADRID)).toBe('2026-10-25T02:00:00.000Z');
  });
  it('when Mexico City is on its former DST dates, then it stays at -06:00 all year', () => {
    expect(at('2026-04-05', '02:30', MEXICO)).toBe('2026-04-05T08:30:00.000Z');
    expect(at('2026-07-15', '10:00', MEXICO)).toBe('2026-07-15T16:00:00.000Z');
    expect(at('2026-10-25', '01:30', MEXICO)).toBe('2026-10-25T07:30:00.000Z');
  });
  it('when every hour of a Madrid year is converted, then the zone shows that same day and time', () => {
    const wall = new Intl.DateTimeFormat('sv-SE', { timeZone: MADRID, dateStyle: 'short', timeStyle: 'short' });
    for (let d = 0; d < 365; d += 3) {
      const date = new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);
      for (const time of ['00:00', '01:30', '03:15', '12:00', '23:45']) expect(wall.format(toUtcInstant(date, time, MADRID))).toBe(`${date} ${time}`);
    }
  });
  it('when the date or time is malformed, then it throws', () => {
    expect(() => toUtcInstant('2026-02-30', '10:00', MADRID)).toThrow(RangeError);
    expect(() => toUtcInstant('2026-12-05', '24:00', MADRID)).toThrow(RangeError);
    expect(() => toUtcInstant('2026-12-05', '9:00', MADRID)).toThrow(RangeError);
  });
});
