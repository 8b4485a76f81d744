// Unit tests for reading and writing a worker's weekly availability (src/conversation/answers/availability.ts).
import { describe, expect, it } from 'vitest';
import {
  availabilityPresets,
  availabilitySchema,
  formatAvailability,
  parseAvailability,
  type Availability,
} from '../../src/conversation/answers/availability.js';

const ALL = [0, 1, 2, 3, 4, 5, 6];
const MON_FRI = [0, 1, 2, 3, 4];

/** The slots of a text that must parse. */
function slots(text: string): Availability {
  const result = parseAvailability(text);
  if (!result.ok) throw new Error(`"${text}" did not parse: ${result.reason}`);
  return result.availability;
}

const one = (days: number[], from: string, to: string): Availability => [{ days, from, to }];

describe('parseAvailability: day words', () => {
  it.each([
    ['monday', 0], ['Mon', 0], ['tuesday', 1], ['tue', 1], ['tues', 1], ['Wednesday', 2], ['wed', 2],
    ['thursday', 3], ['thu', 3], ['thurs', 3], ['friday', 4], ['fri', 4], ['saturday', 5], ['sat', 5],
    ['sunday', 6], ['sun', 6], ['mondays', 0], ['Saturdays', 5],
    ['lunes', 0], ['lun', 0], ['martes', 1], ['mar', 1], ['miércoles', 2], ['miercoles', 2], ['mié', 2], ['mie', 2],
    ['jueves', 3], ['jue', 3], ['viernes', 4], ['vie', 4], ['sábado', 5], ['sabado', 5], ['sáb', 5], ['sab', 5],
    ['domingo', 6], ['dom', 6], ['sábados', 5], ['DOMINGOS', 6],
  ])('when the answer is the day word "%s" alone, then that day is taken with 09:00-17:00', (text, day) => {
    expect(slots(text)).toEqual(one([day], '09:00', '17:00'));
  });

  it('when days are named without hours, then weekend days get the same 09:00-17:00 as weekdays', () => {
    expect(slots('Sat')).toEqual(one([5], '09:00', '17:00'));
    expect(slots('weekends')).toEqual(one([5, 6], '09:00', '17:00'));
  });
});

describe('parseAvailability: day ranges and lists', () => {
  it.each(['Mon-Fri', 'mon - fri', 'Mon–Fri', 'Mon to Fri', 'Monday through Friday', 'Mon till Fri', 'lunes a viernes',
    'de lunes a viernes', 'del lunes al viernes', 'lun-vie', 'Lunes hasta Viernes'])(
    'when the answer is the range "%s", then Monday to Friday are taken',
    (text) => {
      expect(slots(text)).toEqual(one(MON_FRI, '09:00', '17:00'));
    },
  );

  it.each(['Mon, Wed, Fri', 'Mon Wed Fri', 'Mon/Wed/Fri', 'Mon, Wed and Fri', 'lunes, miércoles y viernes', 'lun mie vie'])(
    'when the answer is the list "%s", then exactly those days are taken',
    (text) => {
      expect(slots(text)).toEqual(one([0, 2, 4], '09:00', '17:00'));
    },
  );

  it('when the answer is "lunes y miércoles", then Monday and Wednesday are taken', () => {
    expect(slots('lunes y miércoles')).toEqual(one([0, 2], '09:00', '17:00'));
  });

  it('when a range wraps past Sunday ("Fri-Mon"), then it is Fri, Sat, Sun and Mon', () => {
    expect(slots('Fri-Mon')).toEqual(one([0, 4, 5, 6], '09:00', '17:00'));
    expect(slots('de sábado a lunes 10-14')).toEqual(one([0, 5, 6], '10:00', '14:00'));
  });

  it('when a range starts and ends on the same day, then it is that day', () => {
    expect(slots('Mon-Mon 10-12')).toEqual(one([0], '10:00', '12:00'));
  });
});

describe('parseAvailability: group words', () => {
  it.each(['weekdays', 'weekday', 'week days', 'entre semana', 'laborables', 'los días laborables'])(
    'when the answer is "%s", then Monday to Friday are taken',
    (text) => {
      expect(slots(text)).toEqual(one(MON_FRI, '09:00', '17:00'));
    },
  );

  it.each(['weekends', 'weekend', 'fin de semana', 'fines de semana', 'los fines de semana'])(
    'when the answer is "%s", then Saturday and Sunday are taken',
    (text) => {
      expect(slots(text)).toEqual(one([5, 6], '09:00', '17:00'));
    },
  );

  it.each(['every day', 'daily', 'todos los días', 'todos los dias', 'cualquier día'])('when the answer is "%s", then all days are taken', (text) => {
    expect(slots(text)).toEqual(one(ALL, '09:00', '17:00'));
  });
});

describe('parseAvailability: part-of-day words', () => {
  it.each([
    ['morning', '08:00', '14:00'], ['mornings', '08:00', '14:00'], ['mañana', '08:00', '14:00'], ['mañanas', '08:00', '14:00'],
    ['por la mañana', '08:00', '14:00'], ['afternoon', '14:00', '20:00'], ['afternoons', '14:00', '20:00'],
    ['tarde', '16:00', '22:00'], ['por las tardes', '16:00', '22:00'], ['evening', '18:00', '23:00'], ['evenings', '18:00', '23:00'],
    ['night', '22:00', '06:00'], ['nights', '22:00', '06:00'], ['noche', '22:00', '06:00'], ['noches', '22:00', '06:00'],
  ])('when the answer is "%s", then every day %s-%s is taken', (text, from, to) => {
    expect(slots(text)).toEqual(one(ALL, from, to));
  });

  it.each(['anytime', 'any time', 'whenever', 'cualquier hora', 'a cualquier hora', 'siempre', 'ANYTIME!'])(
    'when the answer is "%s", then every day 08:00-22:00 is taken',
    (text) => {
      expect(slots(text)).toEqual(one(ALL, '08:00', '22:00'));
    },
  );

  it('when days come with a part-of-day word, then the word gives their hours', () => {
    expect(slots('weekday evenings')).toEqual(one(MON_FRI, '18:00', '23:00'));
    expect(slots('sábados por la mañana')).toEqual(one([5], '08:00', '14:00'));
    expect(slots('entre semana por las tardes')).toEqual(one(MON_FRI, '16:00', '22:00'));
    expect(slots('mornings on weekends')).toEqual(one([5, 6], '08:00', '14:00'));
    expect(slots('los domingos por la noche')).toEqual(one([6], '22:00', '06:00'));
    expect(slots('weekends anytime')).toEqual(one([5, 6], '08:00', '22:00'));
  });
});

describe('parseAvailability: time ranges', () => {
  it.each([
    ['18:00-22:00', '18:00', '22:00'], ['18-22', '18:00', '22:00'], ['9-17', '09:00', '17:00'], ['9am-5pm', '09:00', '17:00'],
    ['9:30 am - 2 pm', '09:30', '14:00'], ['9 a.m. - 5 p.m.', '09:00', '17:00'], ['18h-22h', '18:00', '22:00'],
    ['18h30-22h', '18:30', '22:00'], ['18.30-22', '18:30', '22:00'], ['de 9 a 17', '09:00', '17:00'],
    ['desde las 9 hasta las 17', '09:00', '17:00'], ['from 9 to 5pm', '09:00', '17:00'], ['18–22', '18:00', '22:00'],
    ['18 to 22', '18:00', '22:00'], ['10 till 14', '10:00', '14:00'], ['10 until 14', '10:00', '14:00'],
    ['10 hasta 14', '10:00', '14:00'], ['6-10pm', '18:00', '22:00'], ['9 to 5', '09:00', '17:00'],
    ['between 9 and 13', '09:00', '13:00'], ['entre las 9 y las 13', '09:00', '13:00'], ['0930-1400', '09:30', '14:00'],
    ['12pm-4pm', '12:00', '16:00'], ['12am-6am', '00:00', '06:00'], ['18:00-24:00', '18:00', '24:00'],
  ])('when the answer is the hours "%s" alone, then every day %s-%s is taken', (text, from, to) => {
    expect(slots(text)).toEqual(one(ALL, from, to));
  });

  it('when the end is earlier than the start, then the shift crosses midnight', () => {
    expect(slots('22:00-06:00')).toEqual(one(ALL, '22:00', '06:00'));
    expect(slots('Fri, Sat 10pm-3am')).toEqual(one([4, 5], '22:00', '03:00'));
    expect(slots('17-6')).toEqual(one(ALL, '17:00', '06:00'));
  });

  it.each(['18-18', '18:00-18:00', '25:00-26:00', '9-25', '18:75-20', '24:00-06:00', '13pm-2pm', 'Mon-Fri 09:00-09:00', 'lunes de 9 a 30'])(
    'when the hours are "%s", then the answer is bad_time',
    (text) => {
      expect(parseAvailability(text)).toEqual({ ok: false, reason: 'bad_time' });
    },
  );
});

describe('parseAvailability: clauses', () => {
  it('when days come with hours, then those days get those hours', () => {
    expect(slots('Mon-Fri 18:00-22:00')).toEqual(one(MON_FRI, '18:00', '22:00'));
    expect(slots('de lunes a viernes de 9 a 17')).toEqual(one(MON_FRI, '09:00', '17:00'));
    expect(slots('Mon-Fri, 18-22')).toEqual(one(MON_FRI, '18:00', '22:00'));
    expect(slots('9-17 Mon-Fri')).toEqual(one(MON_FRI, '09:00', '17:00'));
  });

  it('when two clauses are separated by a comma, then there are two slots', () => {
    expect(slots('Mon-Fri 18:00-22:00, Sat 09:00-17:00')).toEqual([
      { days: MON_FRI, from: '18:00', to: '22:00' },
      { days: [5], from: '09:00', to: '17:00' },
    ]);
  });

  it('when a comma separates day names, then they are one list with the hours that follow', () => {
    expect(slots('Mon, Wed, Fri 10-14')).toEqual(one([0, 2, 4], '10:00', '14:00'));
    expect(slots('lunes y miércoles de 9 a 14')).toEqual(one([0, 2], '09:00', '14:00'));
  });

  it.each([
    ['Mon 9-12; Tue 14-18'], ['Mon 9-12\nTue 14-18'], ['Mon 9-12 and Tue 14-18'], ['lun 9-12 y mar 14-18'], ['Mon 9-12 & Tue 14-18'],
    ['Mon 9-12 / Tue 14-18'], ['Mon 9-12 Tue 14-18'],
  ])('when clauses are separated as in %j, then each keeps its own hours', (text) => {
    expect(slots(text)).toEqual([
      { days: [0], from: '09:00', to: '12:00' },
      { days: [1], from: '14:00', to: '18:00' },
    ]);
  });

  it('when one set of days has two time ranges, then both apply to those days', () => {
    expect(slots('Mon-Fri 9-14 y 17-21')).toEqual([
      { days: MON_FRI, from: '09:00', to: '14:00' },
      { days: MON_FRI, from: '17:00', to: '21:00' },
    ]);
  });

  it('when "and" joins days and a part of the day, then they are two clauses', () => {
    expect(slots('weekends and evenings')).toEqual([
      { days: [5, 6], from: '09:00', to: '17:00' },
      { days: ALL, from: '18:00', to: '23:00' },
    ]);
  });

  it('when slots have the same hours, then their days merge', () => {
    expect(slots('Mon-Wed 9-17; Fri 9-17, Sat 10-14')).toEqual([
      { days: [0, 1, 2, 4], from: '09:00', to: '17:00' },
      { days: [5], from: '10:00', to: '14:00' },
    ]);
    expect(slots('lunes 18-22 y viernes 18:00-22:00')).toEqual(one([0, 4], '18:00', '22:00'));
    expect(slots('Mon Mon Mon')).toEqual(one([0], '09:00', '17:00'));
  });

  it('when the answer has extra spaces, capitals and punctuation, then it reads the same', () => {
    expect(slots('  MON  -  fri ,,  18:00 - 22:00 !!!  ')).toEqual(one(MON_FRI, '18:00', '22:00'));
    expect(slots('(Sábado) 10h-14h.')).toEqual(one([5], '10:00', '14:00'));
    expect(slots('I can work Mon-Fri from 6pm to 10pm, please')).toEqual(one(MON_FRI, '18:00', '22:00'));
    expect(slots('Puedo trabajar los sábados por la tarde 👍')).toEqual(one([5], '16:00', '22:00'));
  });
});

describe('parseAvailability: answers it cannot use', () => {
  it.each([['nothing', ''], ['spaces', '   '], ['new lines and tabs', '\n\t  \n'], ['5,000 spaces', ' '.repeat(5000)]])(
    'when the answer is only whitespace (%s), then it is empty',
    (_label, text) => {
      expect(parseAvailability(text)).toEqual({ ok: false, reason: 'empty' });
    },
  );

  it.each(['😀', '👍👍', 'asdf', 'yes', 'ok', 'sí', 'no', 'not on Mondays', 'no los lunes', '-', 'a', '18', 'Mon 18', 'pm', 'between 9', '9:3-10',
    'Привет', '月曜日'])('when the answer is %j, then it is unrecognised', (text) => {
    expect(parseAvailability(text)).toEqual({ ok: false, reason: 'unrecognised' });
  });

  it('when the answer is 5,000 characters long, even of valid clauses, then it is unrecognised', () => {
    expect(parseAvailability('x'.repeat(5000))).toEqual({ ok: false, reason: 'unrecognised' });
    expect(parseAvailability('Mon-Fri 9-17 '.repeat(400).slice(0, 5000))).toEqual({ ok: false, reason: 'unrecognised' });
  });

  it('when the input is not a string at all, then it does not throw', () => {
    expect(parseAvailability(undefined as unknown as string).ok).toBe(false);
    expect(parseAvailability(42 as unknown as string).ok).toBe(false);
  });

  it('when given thousands of random strings, then it never throws and every success is a valid availability', () => {
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = ['Mon', 'fri', 'a', '-', ' ', ',', ';', '9', '18:00', 'pm', 'y', 'de', 'tarde', 'to', '😀', '\n', '.', ':', 'h', '0', 'x', 'and'];
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: Math.floor(random() * 20) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const result = parseAvailability(text);
      if (result.ok) expect(availabilitySchema.safeParse(result.availability).success).toBe(true);
    }
  });

  it.each([
    ['5,000 letters', 'a'.repeat(5000)], ['5,000 digits', '9'.repeat(5000)], ['a long repeated pattern', '9:9-'.repeat(1250)],
    ['just under the cap', 'Mon-Fri 9-17, '.repeat(70)], ['many short words', 'a '.repeat(499)],
  ])('when the input is %s, then it answers quickly', (_label, text) => {
    const started = performance.now();
    parseAvailability(text);
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe('formatAvailability', () => {
  it('when days are consecutive, then they are written as a range in the locale', () => {
    expect(formatAvailability(one(MON_FRI, '09:00', '17:00'), 'en')).toBe('Mon-Fri 09:00-17:00');
    expect(formatAvailability(one(MON_FRI, '09:00', '17:00'), 'es')).toBe('lun-vie 09:00-17:00');
    expect(formatAvailability(one([5, 6], '10:00', '14:00'), 'en')).toBe('Sat-Sun 10:00-14:00');
    expect(formatAvailability(one([5, 6], '10:00', '14:00'), 'es')).toBe('sáb-dom 10:00-14:00');
    expect(formatAvailability(one([0, 4, 5, 6], '09:00', '17:00'), 'en')).toBe('Fri-Mon 09:00-17:00');
  });

  it('when days are not consecutive, then they are listed', () => {
    expect(formatAvailability(one([0, 2, 4], '10:00', '14:00'), 'en')).toBe('Mon, Wed, Fri 10:00-14:00');
    expect(formatAvailability(one([0, 1, 3], '10:00', '14:00'), 'es')).toBe('lun-mar, jue 10:00-14:00');
    expect(formatAvailability(one([0, 6], '10:00', '14:00'), 'en')).toBe('Mon, Sun 10:00-14:00');
    expect(formatAvailability(one([0, 2, 6], '10:00', '14:00'), 'en')).toBe('Mon, Wed, Sun 10:00-14:00');
  });

  it('when a run of three or more days goes through Sunday, then it is one wrapped range', () => {
    expect(formatAvailability(one([0, 5, 6], '10:00', '14:00'), 'en')).toBe('Sat-Mon 10:00-14:00');
    expect(formatAvailability(one([0, 1, 6], '10:00', '14:00'), 'es')).toBe('dom-mar 10:00-14:00');
    expect(formatAvailability(one([0, 2, 5, 6], '10:00', '14:00'), 'en')).toBe('Wed, Sat-Mon 10:00-14:00');
  });

  it('when all seven days are taken, then it says every day', () => {
    expect(formatAvailability(one(ALL, '08:00', '22:00'), 'en')).toBe('Every day 08:00-22:00');
    expect(formatAvailability(one(ALL, '08:00', '22:00'), 'es')).toBe('Todos los días 08:00-22:00');
  });

  it('when there are several slots, then they are joined with "; "', () => {
    const value: Availability = [
      { days: MON_FRI, from: '18:00', to: '22:00' },
      { days: [5], from: '09:00', to: '17:00' },
    ];
    expect(formatAvailability(value, 'en')).toBe('Mon-Fri 18:00-22:00; Sat 09:00-17:00');
    expect(formatAvailability(value, 'es')).toBe('lun-vie 18:00-22:00; sáb 09:00-17:00');
  });

  it('when the largest valid value is written, then the text stays under 200 characters and says how many slots are left out', () => {
    const value: Availability = Array.from({ length: 14 }, (_, i) => ({ days: [0, 2, 4, 6], from: `${String(i + 5).padStart(2, '0')}:00`, to: '23:30' }));
    for (const locale of ['en', 'es'] as const) {
      const text = formatAvailability(value, locale);
      expect(text.length).toBeLessThanOrEqual(200);
      expect(text.startsWith('Mon, Wed, Fri, Sun 05:00-23:30; ')).toBe(locale === 'en');
      expect(text).toMatch(locale === 'en' ? /; \+\d+ more$/ : /; \+\d+ más$/);
    }
  });

  it.each<[string, Availability]>([
    ['weekday evenings', one(MON_FRI, '18:00', '23:00')],
    ['every day, night shift', one(ALL, '22:00', '06:00')],
    ['two slots', [{ days: MON_FRI, from: '18:00', to: '22:00' }, { days: [5, 6], from: '09:30', to: '14:00' }]],
    ['a wrapped range and a lone day', [{ days: [0, 4, 5, 6], from: '10:00', to: '24:00' }, { days: [2], from: '07:15', to: '12:45' }]],
    ['a list', one([1, 3, 5], '12:00', '16:00')],
    ['Monday and Sunday', one([0, 6], '12:00', '16:00')],
    ['Saturday to Monday', one([0, 5, 6], '12:00', '16:00')],
  ])('when %s is written and read back, then it is the same value in both locales', (_label, value) => {
    for (const locale of ['en', 'es'] as const) expect(slots(formatAvailability(value, locale))).toEqual(value);
  });
});

describe('availabilityPresets', () => {
  it('when a preset is checked, then it is a valid availability', () => {
    for (const preset of Object.values(availabilityPresets)) expect(availabilitySchema.safeParse(preset).success).toBe(true);
  });

  it('when a preset name is typed as an answer, then it reads as that preset', () => {
    for (const [name, preset] of Object.entries(availabilityPresets)) expect(slots(name)).toEqual(preset);
  });

  it('when the presets are written, then they read as expected', () => {
    expect(formatAvailability(availabilityPresets.weekdays, 'en')).toBe('Mon-Fri 09:00-17:00');
    expect(formatAvailability(availabilityPresets.evenings, 'en')).toBe('Every day 18:00-23:00');
    expect(formatAvailability(availabilityPresets.weekends, 'es')).toBe('sáb-dom 09:00-17:00');
    expect(formatAvailability(availabilityPresets.anytime, 'es')).toBe('Todos los días 08:00-22:00');
  });
});
