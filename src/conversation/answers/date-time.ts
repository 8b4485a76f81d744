// Reads the day and the start/end time an employer types (English or Spanish), and turns a local day and time into an instant.
import { z } from 'zod';

export type Locale = 'en' | 'es';
/** A calendar day in the contact's zone: 'YYYY-MM-DD'. */
export type LocalDate = string;

// No real answer to "Which day?" or "What time?" is this long; refusing early bounds the work whatever arrives.
const MAX_INPUT = 120;
const DAY_MS = 86_400_000;
const DAY_MIN = 1440;
const MAX_DAYS_AHEAD = 365;

const pad = (n: number) => String(n).padStart(2, '0');
const split = (list: string) => list.split(' ');
const stripAccents = (text: string) => text.toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '');

// Building an Intl formatter is costly and every call for a zone needs the same one.
const wallFormatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time in `timeZone` at `instant`, written as if it were a UTC instant (ms). */
function wallClock(instant: number, timeZone: string): number {
  let format = wallFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    wallFormatters.set(timeZone, format);
  }
  const part: Record<string, number> = {};
  for (const p of format.formatToParts(instant)) if (p.type !== 'literal') part[p.type] = Number(p.value);
  return Date.UTC(part.year ?? 0, (part.month ?? 1) - 1, part.day ?? 1, part.hour ?? 0, part.minute ?? 0, part.second ?? 0);
}

/** Days since 1970-01-01 for a real calendar day, or null for an impossible one (31/02). */
function dayNumber(y: number, m: number, d: number): number | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d ? t.getTime() / DAY_MS : null;
}
function toLocalDate(n: number): LocalDate {
  const t = new Date(n * DAY_MS);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}
function readLocalDate(date: LocalDate): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? dayNumber(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}
const weekdayOf = (n: number) => new Date(n * DAY_MS).getUTCDay(); // 0 = Sunday

/** The wall-clock time ('HH:MM') in `timeZone` at `instant`. */
export function localTimeOf(instant: Date, timeZone: string): string {
  const wall = new Date(wallClock(instant.getTime(), timeZone));
  return `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`;
}

export function todayIn(now: Date, timeZone: string): LocalDate {
  return toLocalDate(Math.floor(wallClock(now.getTime(), timeZone) / DAY_MS));
}

// Accent-free and lower case, as the text is after normalising. Index = Date#getUTCDay (0 = Sunday).
const WEEKDAYS = new Map(['sunday sun domingo dom', 'monday mon lunes lun', 'tuesday tue tues martes mar',
  'wednesday wed miercoles mie mier', 'thursday thu thur thurs jueves jue', 'friday fri viernes vie', 'saturday sat sabado sab']
  .flatMap((list, day) => split(list).map((w) => [w, day] as const)));
const MONTHS = new Map(['january jan enero ene', 'february feb febrero', 'march mar marzo', 'april apr abril abr', 'may mayo',
  'june jun junio', 'july jul julio', 'august aug agosto ago', 'september sep sept septiembre setiembre set', 'october oct octubre',
  'november nov noviembre', 'december dec diciembre dic'].flatMap((list, i) => split(list).map((w) => [w, i + 1] as const)));
const RELATIVE = new Map<string, number>([['today', 0], ['hoy', 0], ['tomorrow', 1], ['tmrw', 1], ['tmr', 1], ['manana', 1],
  ['day after tomorrow', 2], ['pasado manana', 2], ['pasado', 2]]);
// Words that only frame a day. "next friday" and "el viernes que viene" both mean the nearest Friday after today.
const FILLER = new Set(split('on the this next coming for el este esta proximo proxima siguiente que viene para'));

type Found = number | 'too_far' | null;

/** A day and month without a year is the next one from today on: a date already passed this year means next year. */
function withYear(d: number, m: number, year: string | undefined, today: number): Found {
  if (year !== undefined) return dayNumber(year.length === 2 ? 2000 + Number(year) : Number(year), m, d);
  const thisYear = new Date(today * DAY_MS).getUTCFullYear();
  for (const y of [thisYear, thisYear + 1]) {
    const n = dayNumber(y, m, d);
    if (n !== null && n >= today) return n;
  }
  return m === 2 && d === 29 ? 'too_far' : null; // a real day, but the next leap year is more than a year off
}

/** A bare day of the month ("14", "el 14") is its next occurrence, skipping months too short to have it. */
function dayOfMonth(d: number, today: number): Found {
  const t = new Date(today * DAY_MS);
  for (let k = 0; k < 3; k++) {
    const month = t.getUTCMonth() + k;
    const n = dayNumber(t.getUTCFullYear() + Math.floor(month / 12), (month % 12) + 1, d);
    if (n !== null && n >= today) return n;
  }
  return null;
}

function readDay(s: string, today: number): Found {
  const relative = RELATIVE.get(s);
  if (relative !== undefined) return today + relative;
  const weekday = WEEKDAYS.get(s);
  if (weekday !== undefined) return today + ((weekday - weekdayOf(today) + 6) % 7) + 1; // 1 to 7 days on: today never counts
  const month = (word: string | undefined) => (word === undefined ? undefined : MONTHS.get(word));
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(s))) return dayNumber(Number(m[1]), Number(m[3]), Number(m[4]));
  // Day first, as in Europe and Latin America: 14/12 is 14 December; 12/14 is nothing.
  if ((m = /^(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{2}|\d{4}))?$/.exec(s))) return withYear(Number(m[1]), Number(m[3]), m[4], today);
  let mo: number | undefined;
  if ((m = /^(\d{1,2})(?:st|nd|rd|th)? ?(?:(?:of|de) )?([a-z]+)(?: (?:de |del )?(\d{4}))?$/.exec(s)) && (mo = month(m[2]))) {
    return withYear(Number(m[1]), mo, m[3], today);
  }
  if ((m = /^([a-z]+) ?(\d{1,2})(?:st|nd|rd|th)?(?: (\d{4}))?$/.exec(s)) && (mo = month(m[1]))) return withYear(Number(m[2]), mo, m[3], today);
  if ((m = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(s))) return dayOfMonth(Number(m[1]), today);
  return null;
}

/** Never throws for any text; an invalid `now` or `timeZone` is a programmer error and throws RangeError, as Intl does. */
export function parseLocalDate(text: string, now: Date, timeZone: string):
{ ok: true; date: LocalDate } | { ok: false; reason: 'empty' | 'unrecognised' | 'past' | 'too_far' } {
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, reason: 'empty' };
  if (text.length > MAX_INPUT) return { ok: false, reason: 'unrecognised' };
  const today = readLocalDate(todayIn(now, timeZone)) ?? 0;
  const words = stripAccents(text).replace(/[^a-z0-9/.-]+/g, ' ').split(' ')
    .map((w) => w.replace(/\.+$/, '')).filter((w) => w !== '' && !FILLER.has(w));
  // A weekday may lead a date ("sáb 6 dic", as formatLocalDate writes it); it must then agree with the date.
  const named = words.length > 1 ? WEEKDAYS.get(words[0] ?? '') : undefined;
  const found = readDay((named === undefined ? words : words.slice(1)).join(' '), today);
  if (found === null || found === 'too_far') return { ok: false, reason: found ?? 'unrecognised' };
  if (named !== undefined && weekdayOf(found) !== named) return { ok: false, reason: 'unrecognised' };
  if (found < today) return { ok: false, reason: 'past' };
  if (found - today > MAX_DAYS_AHEAD) return { ok: false, reason: 'too_far' };
  return { ok: true, date: toLocalDate(found) };
}

// Our own short names: ICU's vary between versions ("sept.", "dic."), and these go into fixed message texts.
const NAMES: Record<Locale, { days: string[]; months: string[] }> = {
  en: { days: split('Sun Mon Tue Wed Thu Fri Sat'), months: split('Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec') },
  es: { days: split('dom lun mar mié jue vie sáb'), months: split('ene feb mar abr may jun jul ago sep oct nov dic') },
};

/** "Sat 6 Dec" / "sáb 6 dic". Throws RangeError for a string that is not a real 'YYYY-MM-DD' day. */
export function formatLocalDate(date: LocalDate, locale: Locale): string {
  const n = readLocalDate(date);
  if (n === null) throw new RangeError(`Not a calendar day: ${JSON.stringify(date)}`);
  const t = new Date(n * DAY_MS);
  const names = NAMES[locale];
  return `${names.days[t.getUTCDay()]} ${t.getUTCDate()} ${names.months[t.getUTCMonth()]}`;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const clockTime = z.string().regex(HHMM, { error: 'expected HH:MM on a 24-hour clock' });
export const timeRangeSchema: z.ZodType<{ from: string; to: string }> = z.object({ from: clockTime, to: clockTime })
  .refine((r) => r.from !== r.to, { error: 'start and end must differ' });

function normaliseTime(text: string): string {
  return stripAccents(text).replace(/[–—−~]/g, '-')
    .replace(/\b(?:noon|mediodia)\b/g, '12:00').replace(/\b(?:midnight|medianoche)\b/g, '00:00')
    .replace(/\b(?:de|por) la (?:tarde|noche)\b/g, 'pm').replace(/\b(?:de|por) la manana\b/g, 'am')
    // "4 p. m." becomes "4pm"; a digit must come first, so that the Spanish range word "a" survives.
    .replace(/(\d) ?([ap])\.? ?m\b\.?/g, '$1$2m')
    .replace(/\b(?:las?|the|at)\b/g, ' ').replace(/\s+/g, ' ').trim();
}

// "10", "9:30", "18.30", "10h", "10h30", "1030", each with an optional am/pm or hour unit.
const TIME = String.raw`(\d{1,4})(?:[:.h](\d{2}))? ?(am|pm|hrs|hs|horas|hours|h)?`;
const RANGE = new RegExp(String.raw`^(?:(?:from|de|desde|between|entre) )?${TIME} ?(?:-|to|till|til|until|hasta|al|a|y|and) ?${TIME}$`);
const SINGLE = new RegExp(String.raw`^(?:(?:from|at|a|de|desde) )?${TIME}$`);

/**
 * Minutes after midnight. `flexible`: the hour could be morning or afternoon ("4", "9:30"). `clock24`: written the way
 * only a 24-hour clock writes it ("0", "04", "16", "1030"), which makes the other end of the range 24-hour too.
 */
type Clock = { minutes: number; flexible: boolean; clock24: boolean };

function readClock(digits: string, mins: string | undefined, unit: string | undefined): Clock | null {
  const compact = digits.length > 2; // "1030" is already a 24-hour reading
  if (compact && mins !== undefined) return null;
  const h = compact ? Math.floor(Number(digits) / 100) : Number(digits);
  const m = compact ? Number(digits) % 100 : Number(mins ?? 0);
  if (m > 59) return null;
  if (unit === 'am' || unit === 'pm') {
    if (h < 1 || h > 12) return null;
    return { minutes: ((h % 12) + (unit === 'pm' ? 12 : 0)) * 60 + m, flexible: false, clock24: false };
  }
  if (h > 24 || (h === 24 && m > 0)) return null; // 24:00 is midnight
  const clock24 = compact || h === 0 || h >= 13 || digits.startsWith('0');
  return { minutes: (h % 24) * 60 + m, flexible: h <= 11 && !clock24, clock24 };
}

const hhmm = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/**
 * A shift lasts hours, not most of a day: each flexible hour may be read as morning or afternoon, and we take the
 * reading with the shortest shift. On a tie, one not starting before 06:00, then the one changing the second number.
 * So 10-4 is 10:00-16:00, 11-1 is 11:00-13:00, 2-6 is 14:00-18:00, and 22-6 stays overnight. Only used when
 * neither end is written 24-hour style: "10:00-04:00" is taken as written.
 */
function chooseReading(a: Clock, b: Clock): { from: number; to: number } {
  let best = { from: a.minutes, to: b.minutes, score: Infinity };
  for (const [da, db] of [[0, 0], [0, 720], [720, 0], [720, 720]] as const) {
    if ((da > 0 && !a.flexible) || (db > 0 && !b.flexible)) continue;
    const from = (a.minutes + da) % DAY_MIN;
    const to = (b.minutes + db) % DAY_MIN;
    const length = (to - from + DAY_MIN) % DAY_MIN;
    const score = length * 2 + (from < 360 ? 1 : 0); // the start-before-06:00 penalty only ever breaks a tie
    if (length > 0 && score < best.score) best = { from, to, score };
  }
  return best;
}

export function parseTimeRange(text: string):
{ ok: true; from: string; to: string; crossesMidnight: boolean } | { ok: false; reason: 'empty' | 'unrecognised' | 'bad_time' | 'same_time' } {
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, reason: 'empty' };
  if (text.length > MAX_INPUT) return { ok: false, reason: 'unrecognised' };
  const m = RANGE.exec(normaliseTime(text));
  if (!m) return { ok: false, reason: 'unrecognised' };
  const a = readClock(m[1] ?? '', m[2], m[3]);
  const b = readClock(m[4] ?? '', m[5], m[6]);
  if (!a || !b) return { ok: false, reason: 'bad_time' };
  // Equal as written ("10-10", "8am-8") is asked again rather than guessed into a 12- or 24-hour shift.
  if (a.minutes === b.minutes) return { ok: false, reason: 'same_time' };
  const { from, to } = a.clock24 || b.clock24 ? { from: a.minutes, to: b.minutes } : chooseReading(a, b);
  return { ok: true, from: hhmm(from), to: hhmm(to), crossesMidnight: to < from };
}

/** One time of day; a bare hour is read on a 24-hour clock ("4" is 04:00, "4pm" is 16:00). */
export function parseTime(text: string): { ok: true; time: string } | { ok: false } {
  if (typeof text !== 'string' || text.length > MAX_INPUT) return { ok: false };
  const m = SINGLE.exec(normaliseTime(text));
  const clock = m ? readClock(m[1] ?? '', m[2], m[3]) : null;
  return clock ? { ok: true, time: hhmm(clock.minutes) } : { ok: false };
}

/**
 * The instant when it is `time` on `date` in `timeZone`. In a spring-forward gap, the instant one hour later
 * (02:30 becomes 03:30); at an ambiguous fall-back time, the first occurrence. Throws RangeError on a bad date or time.
 */
export function toUtcInstant(date: LocalDate, time: string, timeZone: string): Date {
  const day = readLocalDate(date);
  const t = HHMM.exec(time);
  if (day === null || !t) throw new RangeError(`Not a local date and time: ${JSON.stringify(date)} ${JSON.stringify(time)}`);
  const wall = day * DAY_MS + (Number(t[1]) * 60 + Number(t[2])) * 60_000;
  // No zone changes its clock twice within two days, so the offsets a day either side are the only candidates.
  const before = wallClock(wall - DAY_MS, timeZone) - (wall - DAY_MS);
  const after = wallClock(wall + DAY_MS, timeZone) - (wall + DAY_MS);
  for (const candidate of [wall - Math.max(before, after), wall - Math.min(before, after)]) {
    if (wallClock(candidate, timeZone) === wall) return new Date(candidate); // the earlier first: first occurrence
  }
  // The time was skipped: keeping the offset from before the change lands as far past the gap as the time was into it.
  return new Date(wall - before);
}
