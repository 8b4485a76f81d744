// Unit tests for the catalogues (skills, areas, business types) and matching typed answers against them.
import { describe, expect, it } from 'vitest';
import { areaById, areas, cityAliases, type Area } from '../../data/areas.js';
import { businessTypeById, businessTypes } from '../../data/business-types.js';
import { skillById, skills } from '../../data/skills.js';
import { distanceKm, matchArea, matchBusinessType, matchSkill, nearestArea } from '../../src/conversation/answers/catalogue-match.js';
import { normaliseText, type Match } from '../../src/conversation/answers/fuzzy-match.js';

const ID_PATTERN = /^[a-z]+(?:_[a-z]+)*$/;
const WHATSAPP_ROW_TITLE_MAX = 24;

/** The match with items reduced to their ids, so expectations stay short. */
function ids<T extends { id: string }>(match: Match<T>): { kind: string; id?: string; exact?: boolean; ids?: string[] } {
  if (match.kind === 'found') return { kind: 'found', id: match.item.id, exact: match.exact };
  if (match.kind === 'ambiguous') return { kind: 'ambiguous', ids: match.items.map((item) => item.id) };
  return { kind: 'none' };
}

const foundId = <T extends { id: string }>(match: Match<T>): string | undefined => (match.kind === 'found' ? match.item.id : undefined);

/** Normalised names that appear on more than one item of a list. */
function sharedNames<T extends { id: string }>(items: readonly T[], namesOf: (item: T) => readonly string[]): string[] {
  const owner = new Map<string, string>();
  const shared: string[] = [];
  for (const item of items) {
    for (const name of new Set(namesOf(item).map(normaliseText))) {
      const other = owner.get(name);
      if (other !== undefined && other !== item.id) shared.push(`${name} (${other}, ${item.id})`);
      owner.set(name, item.id);
    }
  }
  return shared;
}

const titledNames = (item: { id: string; en: string; es: string; aliases: readonly string[] }) => [item.en, item.es, item.id.replace(/_/g, ' '), ...item.aliases];

function checkTitled(name: string, items: readonly { id: string; en: string; es: string; aliases: readonly string[] }[]) {
  describe(`${name} data`, () => {
    it('when ids are listed, then they are unique and lowercase a-z with "_"', () => {
      const all = items.map((item) => item.id);
      expect(new Set(all).size).toBe(all.length);
      for (const id of all) expect(id).toMatch(ID_PATTERN);
    });

    it('when titles are shown in a WhatsApp list, then each fits in 1..24 characters', () => {
      for (const item of items) {
        for (const title of [item.en, item.es]) {
          expect(title.trim(), item.id).toBe(title);
          expect(title.length, `${item.id}: ${title}`).toBeGreaterThanOrEqual(1);
          expect(title.length, `${item.id}: ${title}`).toBeLessThanOrEqual(WHATSAPP_ROW_TITLE_MAX);
        }
      }
    });

    it('when aliases are listed, then they are lowercase, trimmed and not empty after normalising', () => {
      for (const item of items) {
        for (const alias of item.aliases) {
          expect(alias, item.id).toBe(alias.toLowerCase().trim());
          expect(normaliseText(alias), `${item.id}: ${alias}`).not.toBe('');
        }
      }
    });

    it('when names and aliases are normalised, then no two items share one', () => {
      expect(sharedNames(items, titledNames)).toEqual([]);
    });
  });
}

checkTitled('skills', skills);
checkTitled('business types', businessTypes);

describe('skills data', () => {
  it('when the first WhatsApp list is built, then the nine most common skills come first, in order', () => {
    expect(skills.slice(0, 9).map((skill) => skill.id)).toEqual([
      'waiter',
      'kitchen_help',
      'cleaning',
      'bartender',
      'barista',
      'retail',
      'warehouse',
      'delivery',
      'events_staff',
    ]);
    expect(skills.length).toBeGreaterThanOrEqual(20);
  });

  it('when a skill is looked up by id, then skillById returns it', () => {
    expect(skillById.size).toBe(skills.length);
    for (const skill of skills) expect(skillById.get(skill.id)).toBe(skill);
  });
});

describe('business types data', () => {
  it('when employers pick a type, then the expected types are offered, with "other" last', () => {
    expect(businessTypes.map((type) => type.id)).toEqual(['restaurant', 'bar', 'hotel', 'shop', 'warehouse', 'events', 'cleaning_company', 'office', 'other']);
  });

  it('when a business type is looked up by id, then businessTypeById returns it', () => {
    expect(businessTypeById.size).toBe(businessTypes.length);
    for (const type of businessTypes) expect(businessTypeById.get(type.id)).toBe(type);
  });
});

describe('areas data', () => {
  const byCity = new Map<string, Area[]>();
  for (const entry of areas) byCity.set(entry.city, [...(byCity.get(entry.city) ?? []), entry]);

  it('when ids are listed, then they are unique and lowercase a-z with "_"', () => {
    const all = areas.map((entry) => entry.id);
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) expect(id).toMatch(ID_PATTERN);
    expect(areaById.size).toBe(areas.length);
  });

  it('when the catalogue is counted, then it has about 80 areas', () => {
    expect(areas.length).toBeGreaterThanOrEqual(70);
    expect(areas.length).toBeLessThanOrEqual(100);
  });

  it('when the brief names an area, then it is in the catalogue', () => {
    const expected: Array<[string, string]> = [
      ...['Centro', 'Chamberí', 'Salamanca', 'Retiro', 'Chamartín', 'Tetuán', 'Arganzuela', 'Moncloa', 'Latina', 'Carabanchel', 'Usera', 'Puente de Vallecas', 'Ciudad Lineal', 'Hortaleza', 'Malasaña', 'Lavapiés', 'Sol'].map(
        (name): [string, string] => [name, 'Madrid'],
      ),
      ...['Eixample', 'Gràcia', 'Sants', 'Ciutat Vella', 'Poblenou', 'Sarrià', 'Sant Martí', 'Les Corts', 'Born', 'Barceloneta'].map((name): [string, string] => [name, 'Barcelona']),
      ...['Valencia', 'Sevilla', 'Málaga', 'Bilbao', 'Zaragoza', 'Palma', 'Alicante', 'Granada', 'Murcia', 'Valladolid', 'Vigo', 'A Coruña', 'Las Palmas', 'Santa Cruz de Tenerife'].map(
        (name): [string, string] => [name, name],
      ),
      ...['Camden', 'Shoreditch', 'Soho', 'Brixton', 'Hackney'].map((name): [string, string] => [name, 'London']),
      ...['Roma Norte', 'Condesa', 'Polanco', 'Coyoacán', 'Centro Histórico'].map((name): [string, string] => [name, 'Ciudad de México']),
    ];
    const listed = new Set(areas.map((entry) => `${entry.name} / ${entry.city}`));
    for (const [name, city] of expected) expect(listed.has(`${name} / ${city}`), `${name} / ${city}`).toBe(true);
  });

  it('when coordinates are read, then they are in range with at most 4 decimals, and countries are ISO alpha-2', () => {
    for (const entry of areas) {
      expect(entry.lat, entry.id).toBeGreaterThanOrEqual(-90);
      expect(entry.lat, entry.id).toBeLessThanOrEqual(90);
      expect(entry.lng, entry.id).toBeGreaterThanOrEqual(-180);
      expect(entry.lng, entry.id).toBeLessThanOrEqual(180);
      expect(Math.round(entry.lat * 1e4) / 1e4, entry.id).toBe(entry.lat);
      expect(Math.round(entry.lng * 1e4) / 1e4, entry.id).toBe(entry.lng);
      expect(entry.country, entry.id).toMatch(/^[A-Z]{2}$/);
    }
  });

  it('when an area is compared with the first area of its city, then it is under 40 km away', () => {
    for (const cityAreas of byCity.values()) {
      const [centre] = cityAreas;
      for (const entry of cityAreas) expect(distanceKm(entry, centre!), entry.id).toBeLessThan(40);
    }
  });

  it('when areas of one city share a country, then it is the same for all of them', () => {
    for (const cityAreas of byCity.values()) expect(new Set(cityAreas.map((entry) => entry.country)).size).toBe(1);
  });

  it('when names and aliases are normalised, then no two areas of one city share one', () => {
    for (const cityAreas of byCity.values()) expect(sharedNames(cityAreas, (entry) => [entry.name, ...entry.aliases])).toEqual([]);
  });

  it('when aliases are listed, then they are lowercase, trimmed and not empty after normalising', () => {
    for (const entry of areas) {
      for (const alias of entry.aliases) {
        expect(alias, entry.id).toBe(alias.toLowerCase().trim());
        expect(normaliseText(alias), `${entry.id}: ${alias}`).not.toBe('');
      }
    }
  });

  it('when city aliases are listed, then each belongs to a listed city and no two cities share a name', () => {
    for (const city of Object.keys(cityAliases)) expect(byCity.has(city), city).toBe(true);
    const owner = new Map<string, string>();
    for (const city of byCity.keys()) {
      for (const name of [city, ...(cityAliases[city] ?? [])].map(normaliseText)) {
        expect(owner.get(name) ?? city, `${name} is a name of two cities`).toBe(city);
        owner.set(name, city);
      }
    }
  });

  it('when two areas are listed, then they have different coordinates, so each pin names one area', () => {
    const points = areas.map((entry) => `${entry.lat},${entry.lng}`);
    expect(new Set(points).size).toBe(points.length);
  });
});

describe('matchSkill', () => {
  it('when a skill is typed with a typo, then it is found, not exact', () => {
    expect(ids(matchSkill('wiater'))).toEqual({ kind: 'found', id: 'waiter', exact: false });
    expect(ids(matchSkill('BARTENDR'))).toEqual({ kind: 'found', id: 'bartender', exact: false });
    expect(ids(matchSkill('limpiesa'))).toEqual({ kind: 'found', id: 'cleaning', exact: false });
    expect(ids(matchSkill('recepcionsta'))).toEqual({ kind: 'found', id: 'receptionist', exact: false });
  });

  it('when a Spanish word for a skill is typed, in any case, then it is found, exact', () => {
    expect(ids(matchSkill('camarero'))).toEqual({ kind: 'found', id: 'waiter', exact: true });
    expect(ids(matchSkill('Camarera'))).toEqual({ kind: 'found', id: 'waiter', exact: true });
    expect(ids(matchSkill('MESERO'))).toEqual({ kind: 'found', id: 'waiter', exact: true });
    expect(ids(matchSkill('Limpieza'))).toEqual({ kind: 'found', id: 'cleaning', exact: true });
    expect(ids(matchSkill('niñera'))).toEqual({ kind: 'found', id: 'babysitting', exact: true });
  });

  it('when a title, an id or an alias is typed, then that skill is found', () => {
    expect(foundId(matchSkill('Kitchen help'))).toBe('kitchen_help');
    expect(foundId(matchSkill('kitchen_help'))).toBe('kitchen_help');
    expect(foundId(matchSkill('Ayudante de cocina'))).toBe('kitchen_help');
    expect(foundId(matchSkill('KP'))).toBe('dishwasher');
    expect(foundId(matchSkill('server'))).toBe('waiter');
    expect(foundId(matchSkill('camarera de pisos'))).toBe('hotel_housekeeping');
  });

  it('when every title and alias is typed as written, then it finds its own skill, exact', () => {
    for (const skill of skills) {
      for (const name of titledNames(skill)) expect(ids(matchSkill(name)), name).toEqual({ kind: 'found', id: skill.id, exact: true });
    }
  });

  it('when a plural is typed, then the skill is found, not exact', () => {
    expect(ids(matchSkill('waiters'))).toEqual({ kind: 'found', id: 'waiter', exact: false });
    expect(ids(matchSkill('camareros'))).toEqual({ kind: 'found', id: 'waiter', exact: false });
    expect(ids(matchSkill('bartenders'))).toEqual({ kind: 'found', id: 'bartender', exact: false });
  });

  it('when a word shared by several skills is typed, then the answer is ambiguous', () => {
    expect(ids(matchSkill('help'))).toEqual({ kind: 'ambiguous', ids: ['kitchen_help', 'tutoring', 'moving_help'] });
    expect(ids(matchSkill('care'))).toEqual({ kind: 'ambiguous', ids: ['babysitting', 'elderly_care'] });
  });

  it('when garbage, emoji, nothing or 5,000 characters are typed, then nothing is found', () => {
    for (const text of ['asdfgh', 'hola', 'si', '👍', '🙂🙂', '', '   ', 'x'.repeat(5000), 'camarero '.repeat(600)]) {
      expect(matchSkill(text).kind, text.slice(0, 20)).toBe('none');
    }
  });
});

describe('matchBusinessType', () => {
  it('when a type is typed in either language, then it is found, exact', () => {
    expect(ids(matchBusinessType('Restaurante'))).toEqual({ kind: 'found', id: 'restaurant', exact: true });
    expect(ids(matchBusinessType('cafetería'))).toEqual({ kind: 'found', id: 'restaurant', exact: true });
    expect(ids(matchBusinessType('pub'))).toEqual({ kind: 'found', id: 'bar', exact: true });
    expect(ids(matchBusinessType('Almacén / logística'))).toEqual({ kind: 'found', id: 'warehouse', exact: true });
    expect(ids(matchBusinessType('otro'))).toEqual({ kind: 'found', id: 'other', exact: true });
  });

  it('when every title and alias is typed as written, then it finds its own type, exact', () => {
    for (const type of businessTypes) {
      for (const name of titledNames(type)) expect(ids(matchBusinessType(name)), name).toEqual({ kind: 'found', id: type.id, exact: true });
    }
  });

  it('when a plural or a typo is typed, then the type is found, not exact', () => {
    expect(ids(matchBusinessType('hoteles'))).toEqual({ kind: 'found', id: 'hotel', exact: false });
    expect(ids(matchBusinessType('pubs'))).toEqual({ kind: 'found', id: 'bar', exact: false });
    expect(ids(matchBusinessType('restuarant'))).toEqual({ kind: 'found', id: 'restaurant', exact: false });
  });

  it('when nothing fits, then nothing is found', () => {
    expect(matchBusinessType('zzz').kind).toBe('none');
    expect(matchBusinessType('🍕').kind).toBe('none');
  });
});

describe('matchArea', () => {
  it('when an area is typed without its accent or in capitals, then it is found, exact', () => {
    expect(ids(matchArea('chamberi'))).toEqual({ kind: 'found', id: 'madrid_chamberi', exact: true });
    expect(ids(matchArea('CHAMBERÍ'))).toEqual({ kind: 'found', id: 'madrid_chamberi', exact: true });
    expect(ids(matchArea('lavapies'))).toEqual({ kind: 'found', id: 'madrid_lavapies', exact: true });
    expect(ids(matchArea('Gracia'))).toEqual({ kind: 'found', id: 'barcelona_gracia', exact: true });
  });

  it('when every name and alias is typed with its city, then it finds its own area', () => {
    for (const entry of areas) {
      for (const name of [entry.name, ...entry.aliases]) {
        expect(foundId(matchArea(`${name}, ${entry.city}`)), `${name}, ${entry.city}`).toBe(entry.id);
      }
    }
  });

  it('when an area is typed with a typo, then it is found, not exact', () => {
    expect(ids(matchArea('chamberri'))).toEqual({ kind: 'found', id: 'madrid_chamberi', exact: false });
    expect(ids(matchArea('Shoreditc'))).toEqual({ kind: 'found', id: 'london_shoreditch', exact: false });
  });

  it('when a name exists in two cities, then the name alone is ambiguous', () => {
    expect(ids(matchArea('centro'))).toEqual({ kind: 'ambiguous', ids: ['madrid_centro', 'cdmx_centro_historico'] });
    expect(ids(matchArea('Salamanca'))).toEqual({ kind: 'ambiguous', ids: ['madrid_salamanca', 'salamanca'] });
  });

  it('when the city is given before or after the name, then that city\'s area is found', () => {
    for (const text of ['Madrid Centro', 'Centro, Madrid', 'centro madrid', 'centro de Madrid', 'Madrid - centro']) {
      expect(ids(matchArea(text)), text).toEqual({ kind: 'found', id: 'madrid_centro', exact: true });
    }
    expect(foundId(matchArea('Centro CDMX'))).toBe('cdmx_centro_historico');
    expect(foundId(matchArea('Salamanca, Madrid'))).toBe('madrid_salamanca');
    expect(foundId(matchArea('Condesa, Ciudad de México'))).toBe('cdmx_condesa');
    expect(foundId(matchArea('Soho in London'))).toBe('london_soho');
  });

  it('when the city part has a typo, then the area is found, not exact', () => {
    expect(ids(matchArea('Chamberí, Madird'))).toEqual({ kind: 'found', id: 'madrid_chamberi', exact: false });
  });

  it('when the area is not in the city given, then nothing is found', () => {
    expect(matchArea('Chamberí, Barcelona').kind).toBe('none');
  });

  it('when a city name alone is typed, then the area named after it, else its first area, is found', () => {
    expect(ids(matchArea('Madrid'))).toEqual({ kind: 'found', id: 'madrid_centro', exact: true });
    expect(ids(matchArea('Barcelona'))).toEqual({ kind: 'found', id: 'barcelona_eixample', exact: true });
    expect(ids(matchArea('Valencia'))).toEqual({ kind: 'found', id: 'valencia', exact: true });
    expect(ids(matchArea('Sevilla'))).toEqual({ kind: 'found', id: 'sevilla', exact: true });
    expect(foundId(matchArea('Londres'))).toBe('london_city');
    expect(foundId(matchArea('CDMX'))).toBe('cdmx_centro_historico');
    expect(foundId(matchArea('Donostia'))).toBe('san_sebastian');
    expect(ids(matchArea('madird'))).toEqual({ kind: 'found', id: 'madrid_centro', exact: false });
  });

  it('when a word shared by several areas is typed, then the answer is ambiguous', () => {
    expect(ids(matchArea('Vallecas'))).toEqual({ kind: 'ambiguous', ids: ['madrid_puente_de_vallecas', 'madrid_villa_de_vallecas'] });
  });

  it('when a short name is typed with a typo, then nothing is found, since 3 letters allow none', () => {
    expect(ids(matchArea('Sol'))).toEqual({ kind: 'found', id: 'madrid_sol', exact: true });
    expect(matchArea('sal').kind).toBe('none');
  });

  it('when garbage, emoji, nothing or 5,000 characters are typed, then nothing is found', () => {
    for (const text of ['asdfgh', 'hola', '📍', '', 'x'.repeat(5000), 'centro madrid '.repeat(400), 'Chamberí '.repeat(12)]) {
      expect(matchArea(text).kind, text.slice(0, 20)).toBe('none');
    }
  });
});

describe('distanceKm', () => {
  it('when both points are the same, then the distance is 0', () => {
    expect(distanceKm({ lat: 40.4169, lng: -3.7035 }, { lat: 40.4169, lng: -3.7035 })).toBe(0);
  });

  it('when points are one degree of latitude apart, then the distance is about 111.19 km', () => {
    expect(distanceKm({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(111.19, 2);
  });

  it('when measuring Madrid to Barcelona, then it is about 505 km either way', () => {
    const sol = { lat: 40.4169, lng: -3.7035 };
    const catalunya = { lat: 41.3874, lng: 2.1686 };
    expect(distanceKm(sol, catalunya)).toBeCloseTo(505, 0);
    expect(distanceKm(catalunya, sol)).toBeCloseTo(distanceKm(sol, catalunya), 9);
  });

  it('when points are antipodal, then the distance is half the circumference, not NaN', () => {
    expect(distanceKm({ lat: 0, lng: 0 }, { lat: 0, lng: 180 })).toBeCloseTo(Math.PI * 6371, 6);
  });
});

describe('nearestArea', () => {
  it('when a pin is dropped in Chamberí, then Chamberí is the nearest area', () => {
    expect(nearestArea({ lat: 40.4352, lng: -3.7032 })?.id).toBe('madrid_chamberi');
  });

  it('when a pin is exactly on an area, then that area is nearest', () => {
    for (const entry of areas) expect(nearestArea({ lat: entry.lat, lng: entry.lng })?.id).toBe(entry.id);
  });

  it('when no area is within 5 km, then there is none', () => {
    expect(nearestArea({ lat: 0, lng: 0 })).toBeNull();
    // Toledo, about 65 km from Madrid.
    expect(nearestArea({ lat: 39.8628, lng: -4.0273 })).toBeNull();
  });

  it('when maxKm is given, then it bounds the search', () => {
    const twoKmFromSol = { lat: 40.4169 + 2 / 111.19, lng: -3.7035 };
    const near = nearestArea(twoKmFromSol);
    expect(near).not.toBeNull();
    expect(nearestArea(twoKmFromSol, distanceKm(twoKmFromSol, near!) - 0.01)).toBeNull();
    expect(nearestArea({ lat: 39.8628, lng: -4.0273 }, 100)?.city).toBe('Madrid');
  });

  it('when the point is not a number, then there is none', () => {
    expect(nearestArea({ lat: Number.NaN, lng: 0 })).toBeNull();
  });
});
