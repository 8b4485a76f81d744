// Reads a worker's free-text weekly availability (English or Spanish) into slots, and writes slots back as short text.
import { z } from 'zod';

export const weekdaySchema = z.number().int().min(0).max(6); // 0 = Monday ... 6 = Sunday
export const availabilitySlotSchema = z.object({ days: z.array(weekdaySchema).min(1), from: z.string().regex(/^\d{2}:\d{2}$/), to: z.string().regex(/^\d{2}:\d{2}$/) });
export const availabilitySchema = z.array(availabilitySlotSchema).min(1).max(14);
export type AvailabilitySlot = z.infer<typeof availabilitySlotSchema>;
export type Availability = z.infer<typeof availabilitySchema>;
export type Locale = 'en' | 'es';

export type ParseAvailabilityResult = { ok: true; availability: Availability } | { ok: false; reason: 'empty' | 'unrecognised' | 'bad_time' };

type Range = { from: string; to: string };
type Num = { k: 'num'; h: number; m: number; pm?: boolean }; // pm: true after "pm", false after "am", unset on a 24-hour clock
type Lex = Num | { k: 'day'; d: number } | { k: 'days'; days: number[] } | { k: 'time'; range: Range } | { k: 'to' } | { k: 'between' }
  | { k: 'sep'; level: number };
type Item = { kind: 'days'; days: number[] } | { kind: 'time'; range: Range | null }; // a null range is a bad time

// Separator strength: a comma may join days to their hours, "and" may not, a ";" or new line always ends a clause.
const [COMMA, AND, STRONG] = [1, 2, 3];
// No real answer is this long; refusing early keeps the work bounded whatever arrives.
const MAX_INPUT = 1000;

const [ALL, WEEKDAYS, WEEKEND] = [[0, 1, 2, 3, 4, 5, 6], [0, 1, 2, 3, 4], [5, 6]];
// Days named without hours get ordinary office hours, weekend days included: a guess the worker can correct,
// narrower than "anytime" so that we never offer them shifts at hours they did not mention.
const DAYS_ALONE: Range = { from: '09:00', to: '17:00' };
const ANYTIME: Range = { from: '08:00', to: '22:00' };

const words = (list: string) => list.split(' ');
// All word lists are accent-free and lower case, as the input is after normalise().
const DAY_WORDS = new Map(
  ['monday mon lunes lun', 'tuesday tue tues martes mar', 'wednesday wed miercoles mie mier', 'thursday thu thur thurs jueves jue',
    'friday fri viernes vie', 'saturday sat sabado sab', 'sunday sun domingo dom'].flatMap((list, day) => words(list).map((w) => [w, day] as const)),
);
const days = (list: number[]): Lex => ({ k: 'days', days: list });
const hours = (from: string, to: string): Lex => ({ k: 'time', range: { from, to } });
// Phrases of up to three words, separated by "|".
const PHRASES = new Map<string, Lex>(
  ([
    ['weekdays|weekday|week days|week day|workdays|entre semana|laborables|laborable', days(WEEKDAYS)],
    ['weekends|weekend|fin de semana|fines de semana|finde|findes', days(WEEKEND)],
    ['every day|everyday|daily|any day|all week|todos los dias|cualquier dia|toda la semana', days(ALL)],
    ['morning|mornings|manana|mananas', hours('08:00', '14:00')],
    ['afternoon|afternoons', hours('14:00', '20:00')],
    ['tarde|tardes', hours('16:00', '22:00')], // Spanish "tarde" runs on into what English calls the evening
    ['evening|evenings', hours('18:00', '23:00')],
    ['night|nights|noche|noches', hours('22:00', '06:00')],
    ['anytime|any time|whenever|all day|cualquier hora|cualquier momento|siempre|todo el dia', hours(ANYTIME.from, ANYTIME.to)],
  ] as const).flatMap(([list, lex]) => list.split('|').map((p) => [p, lex] as const)),
);
const RANGE_WORDS = new Set(words('to a till til until hasta through thru al'));
const AND_WORDS = new Set(words('and y or o plus'));
// Words that carry no meaning here; any other word makes the answer unrecognised, so that "not on Mondays"
// or "no los lunes" is asked again instead of being read as Mondays.
const FILLER = new Set(words('i im am can could work working available free only just also please on at in the from every each all hours hour '
  + 'hrs hr hs h days de del desde por en el la las los todos todas cada dias solo solamente tambien puedo trabajar trabajo estoy disponible libre favor'));

// Sticky, and linear: no part of either can be matched in more than one way.
const NUMBER = /(\d+)(?:[:.](\d\d)(?!\d))?(?:h(?!\p{L})(\d\d(?!\d))?)?/uy; // "18", "18:30", "18.30", "1830", "18h", "18h30"
const WORD = /\p{L}+/uy;
const PUNCTUATION: Record<string, Lex> = {
  '\n': { k: 'sep', level: STRONG }, ';': { k: 'sep', level: STRONG }, ',': { k: 'sep', level: COMMA },
  '&': { k: 'sep', level: AND }, '/': { k: 'sep', level: AND }, '+': { k: 'sep', level: AND },
  '-': { k: 'to' }, '–': { k: 'to' }, '—': { k: 'to' }, '−': { k: 'to' }, '~': { k: 'to' },
};

function normalise(text: string): string {
  // Accents are optional ("sábado", "sabado"); "9 a.m." becomes "9 am" so that a lone Spanish "a" stays a range word.
  return text.toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '').replace(/['’`´]/g, '').replace(/\b([ap])\. ?m\b\.?/g, '$1m');
}

/** One pass over the characters: words, numbers with their minutes, dashes and separators; anything else is ignored. */
function scan(s: string): ({ w: string } | Lex)[] {
  const out: ({ w: string } | Lex)[] = [];
  for (let i = 0; i < s.length; ) {
    NUMBER.lastIndex = WORD.lastIndex = i;
    const num = NUMBER.exec(s);
    const word = num ? null : WORD.exec(s);
    if (num) {
      const digits = num[1]!;
      // Three or four bare digits are HHMM ("0930"); more cannot be a time, and fail as one later.
      const h = digits.length <= 2 ? Number(digits) : digits.length <= 4 ? Number(digits.slice(0, -2)) : Number.NaN;
      const m = digits.length > 2 ? Number(digits.slice(-2)) : Number(num[2] ?? num[3] ?? 0);
      out.push({ k: 'num', h, m });
    } else if (word) out.push({ w: word[0] });
    else if (PUNCTUATION[s[i]!]) out.push(PUNCTUATION[s[i]!]!);
    i = num ? NUMBER.lastIndex : word ? WORD.lastIndex : i + 1;
  }
  return out;
}

function dayOf(w: string): number | undefined {
  return DAY_WORDS.get(w) ?? (w.length >= 6 && w.endsWith('s') ? DAY_WORDS.get(w.slice(0, -1)) : undefined); // "mondays", "sabados"
}

/** Words to meanings, longest phrase first; null when a word is not understood. */
function lex(tokens: ({ w: string } | Lex)[]): Lex[] | null {
  const out: Lex[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!('w' in t)) {
      out.push(t);
      continue;
    }
    const phrase = [3, 2, 1]
      .map((n) => tokens.slice(i, i + n))
      .find((ws) => ws.every((x) => 'w' in x) && PHRASES.has(ws.map((x) => x.w).join(' '))) as { w: string }[] | undefined;
    if (phrase) {
      out.push(PHRASES.get(phrase.map((x) => x.w).join(' '))!);
      i += phrase.length - 1;
      continue;
    }
    const w = t.w;
    const day = dayOf(w);
    const prev = out[out.length - 1];
    if (day !== undefined) out.push({ k: 'day', d: day });
    else if ((w === 'am' || w === 'pm') && prev?.k === 'num') prev.pm = w === 'pm';
    else if (RANGE_WORDS.has(w)) out.push({ k: 'to' });
    else if (AND_WORDS.has(w)) out.push({ k: 'sep', level: AND });
    else if (w === 'between' || w === 'entre') out.push({ k: 'between' });
    else if (!FILLER.has(w)) return null;
  }
  return out;
}

/** Minutes since midnight, or null when the hour or minutes cannot be ("13pm", "25:00", "18:75"). */
function minutes({ h, m, pm }: Num): number | null {
  if (!Number.isInteger(h) || m > 59 || (pm !== undefined && (h < 1 || h > 12))) return null;
  const hour = pm === undefined ? h : (h % 12) + (pm ? 12 : 0);
  return hour > 24 || (hour === 24 && m > 0) ? null : hour * 60 + m;
}

const hhmm = (total: number) => `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;

/** "9-5pm", "6-10pm", "9-5": the half of the day a bare hour means is guessed from the other end. Null is bad_time. */
function toRange(a: Num, b: Num): Range | null {
  let from = minutes(a);
  let to = minutes(b);
  if (from === null || to === null) return null;
  if (a.pm === undefined && b.pm === true && from < 720 && from + 720 < to) from += 720;
  // ...but a bare 24-hour start ("17-6") is a night shift, not 17:00-18:00.
  if (b.pm === undefined && to < from && to < 720 && to + 720 > from && (from < 720 || a.pm === true)) to += 720;
  if (from === 1440 || from === to) return null;
  return { from: hhmm(from), to: hhmm(to) };
}

/** Lexemes to day sets and time ranges, each with the strongest separator seen before it; null when unrecognised. */
function items(lexemes: Lex[]): { item: Item; sep: number }[] | null {
  const out: { item: Item; sep: number }[] = [];
  let sep = 0;
  const push = (item: Item) => {
    out.push({ item, sep });
    sep = 0;
  };
  for (let i = 0; i < lexemes.length; i++) {
    const l = lexemes[i]!;
    const next = lexemes[i + 1];
    const after = lexemes[i + 2];
    if (l.k === 'sep') sep = Math.max(sep, l.level);
    else if (l.k === 'days') push({ kind: 'days', days: l.days });
    else if (l.k === 'time') push({ kind: 'time', range: l.range });
    else if (l.k === 'day' && next?.k === 'to' && after?.k === 'day') {
      const list = [l.d];
      for (let d = l.d; d !== after.d; ) list.push((d = (d + 1) % 7)); // "Fri-Mon" wraps over the weekend
      push({ kind: 'days', days: list });
      i += 2;
    } else if (l.k === 'day') push({ kind: 'days', days: [l.d] });
    else if (l.k === 'num' || l.k === 'between') {
      const j = l.k === 'between' ? i + 1 : i;
      const [a, link, b] = [lexemes[j], lexemes[j + 1], lexemes[j + 2]];
      const linked = l.k === 'between' ? link?.k === 'sep' && link.level === AND : link?.k === 'to';
      if (a?.k !== 'num' || !linked || b?.k !== 'num') return null; // a lone number is not a time range
      push({ kind: 'time', range: toRange(a, b) });
      i = j + 2;
    }
    // a stray "-", "to" or "a" is ignored ("a cualquier hora")
  }
  return out;
}

/** Groups items into clauses (days + hours) and returns the slots; hours given alone cover every day. */
function clauses(list: { item: Item; sep: number }[]): (Range & { days: number[] })[] {
  const slots: (Range & { days: number[] })[] = [];
  type Clause = { days: Set<number> | null; times: Range[]; first: Item['kind']; last: Item['kind'] };
  let cur = null as Clause | null;
  const flush = () => {
    if (!cur) return;
    const days = cur.days ? [...cur.days] : ALL;
    for (const t of cur.times.length > 0 ? cur.times : [DAYS_ALONE]) slots.push({ days, ...t });
    cur = null;
  };
  const continues = (c: Clause, kind: Item['kind'], sep: number): boolean => {
    if (sep >= STRONG) return false;
    if (kind === 'days') {
      if (c.last === 'days') return true; // a list: "Mon, Wed and Fri", "lunes y miércoles"
      return c.first === 'time' && sep <= COMMA; // hours first, then their days: "mornings on weekends"
    }
    if (c.last === 'time') return true; // more hours for the same days: "9-14 y 17-21"
    return c.first === 'days' && sep <= COMMA; // "Mon-Fri 18-22"; but "weekends and evenings" is two clauses
  };
  for (const { item, sep } of list) {
    if (cur && !continues(cur, item.kind, sep)) flush();
    const c: Clause = (cur ??= { days: null, times: [], first: item.kind, last: item.kind });
    c.last = item.kind;
    if (item.kind === 'days') for (const d of item.days) (c.days ??= new Set()).add(d);
    else if (item.range) c.times.push(item.range);
  }
  flush();
  return slots;
}

export function parseAvailability(text: string): ParseAvailabilityResult {
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, reason: 'empty' };
  if (text.length > MAX_INPUT) return { ok: false, reason: 'unrecognised' };
  const lexemes = lex(scan(normalise(text)));
  const list = lexemes && items(lexemes);
  if (!list || list.length === 0) return { ok: false, reason: 'unrecognised' };
  if (list.some(({ item }) => item.kind === 'time' && item.range === null)) return { ok: false, reason: 'bad_time' };
  // Slots with the same hours become one, days in week order.
  const merged = new Map<string, AvailabilitySlot>();
  for (const s of clauses(list)) {
    const key = `${s.from}-${s.to}`;
    const days = new Set([...(merged.get(key)?.days ?? []), ...s.days]);
    merged.set(key, { days: [...days].sort((x, y) => x - y), from: s.from, to: s.to });
  }
  const parsed = availabilitySchema.safeParse([...merged.values()]);
  return parsed.success ? { ok: true, availability: parsed.data } : { ok: false, reason: 'unrecognised' };
}

const DAY_NAMES: Record<Locale, string[]> = { en: words('Mon Tue Wed Thu Fri Sat Sun'), es: words('lun mar mié jue vie sáb dom') };
const EVERY_DAY: Record<Locale, string> = { en: 'Every day', es: 'Todos los días' };
const MORE: Record<Locale, (n: number) => string> = { en: (n) => `+${n} more`, es: (n) => `+${n} más` };
const MAX_FORMATTED = 200;

/** Runs of consecutive days as ranges: "Mon-Fri", "Mon, Wed"; a run of three or more may wrap past Sunday ("Fri-Mon"). */
function formatDays(days: number[], locale: Locale): string {
  const set = new Set(days.filter((d) => Number.isInteger(d) && d >= 0 && d <= 6));
  if (set.size === 7) return EVERY_DAY[locale];
  const runs: [number, number][] = [];
  for (const d of [...set].sort((x, y) => x - y)) {
    const run = runs[runs.length - 1];
    if (run && run[1] === d - 1) run[1] = d;
    else runs.push([d, d]);
  }
  const [first, last] = [runs[0], runs[runs.length - 1]];
  // "Sun-Mon" would read oddly, so only a longer run that goes through Sunday becomes one range.
  if (runs.length > 1 && first && last && first[0] === 0 && last[1] === 6 && first[1] + 1 + (7 - last[0]) >= 3) {
    last[1] = first[1];
    runs.shift();
  }
  const names = DAY_NAMES[locale];
  return runs.map(([from, to]) => (from === to ? names[from]! : `${names[from]}-${names[to]}`)).join(', ');
}

export function formatAvailability(availability: Availability, locale: Locale): string {
  const parts = availability.map((s) => `${formatDays(s.days, locale)} ${s.from}-${s.to}`);
  let out = parts[0]?.slice(0, MAX_FORMATTED) ?? '';
  for (let i = 1; i < parts.length; i++) {
    // Whole slots only, keeping room for the "+N more" note while slots remain after this one.
    const joined = `${out}; ${parts[i]}`;
    if (joined.length + (i < parts.length - 1 ? 12 : 0) > MAX_FORMATTED) return `${out}; ${MORE[locale](parts.length - i)}`.slice(0, MAX_FORMATTED);
    out = joined;
  }
  return out;
}

export const availabilityPresets: Record<'weekdays' | 'evenings' | 'weekends' | 'anytime', Availability> = {
  weekdays: [{ days: [...WEEKDAYS], ...DAYS_ALONE }],
  evenings: [{ days: [...ALL], from: '18:00', to: '23:00' }],
  weekends: [{ days: [...WEEKEND], ...DAYS_ALONE }],
  anytime: [{ days: [...ALL], ...ANYTIME }],
};
