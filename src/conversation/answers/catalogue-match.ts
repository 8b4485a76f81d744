// Matching typed answers against the skills, areas and business types, and naming the area near a pin; pure.
import { areas, cityAliases, type Area } from '../../../data/areas.js';
import { businessTypes, type BusinessType } from '../../../data/business-types.js';
import { skills, type Skill } from '../../../data/skills.js';
import { findBest, normaliseText, type Match } from './fuzzy-match.js';

const EARTH_RADIUS_KM = 6371;
const DEFAULT_NEAREST_KM = 5;
/** Matches findBest's own limit, so splitting a long text into city and area parts is never tried. */
const MAX_INPUT_LENGTH = 100;
/** The longest city name or alias has five words ("las palmas de gran canaria"). */
const MAX_CITY_WORDS = 5;
/** Words joining an area and its city ("centro de Madrid", "Soho in London"), dropped next to the city. */
const JOINING_WORDS: ReadonlySet<string> = new Set(['de', 'del', 'en', 'in', 'of']);

/** Display titles, the id as words ("kitchen help") and the aliases, for skills and business types alike. */
function titledNames(item: { id: string; en: string; es: string; aliases: readonly string[] }): readonly string[] {
  return [item.en, item.es, item.id.replace(/_/g, ' '), ...item.aliases];
}

// Computed once: the catalogues are constants, and answers are matched many times.
const skillNames = new Map<Skill, readonly string[]>(skills.map((skill) => [skill, titledNames(skill)]));
const businessTypeNames = new Map<BusinessType, readonly string[]>(businessTypes.map((type) => [type, titledNames(type)]));

export function matchSkill(text: string): Match<Skill> {
  return findBest(text, skills, (skill) => skillNames.get(skill) ?? []);
}

export function matchBusinessType(text: string): Match<BusinessType> {
  return findBest(text, businessTypes, (type) => businessTypeNames.get(type) ?? []);
}

interface City {
  names: readonly string[];
  areas: readonly Area[];
}

function buildCities(): City[] {
  const byName = new Map<string, Area[]>();
  for (const entry of areas) {
    const list = byName.get(entry.city);
    if (list) list.push(entry);
    else byName.set(entry.city, [entry]);
  }
  return [...byName].map(([city, cityAreas]) => ({ names: [city, ...(cityAliases[city] ?? [])], areas: cityAreas }));
}

const cities = buildCities();

/**
 * An area's own names; the area standing for its city (the one named after it, else the first) also
 * answers to the city's names, so "Madrid" alone is an answer. Combinations such as "Centro, Madrid"
 * are not listed here but split by matchArea: listed, their words would tie every area of a city.
 */
const areaNames: ReadonlyMap<Area, readonly string[]> = (() => {
  const names = new Map<Area, readonly string[]>();
  for (const city of cities) {
    const cityName = normaliseText(city.names[0] ?? '');
    const representative = city.areas.find((entry) => normaliseText(entry.name) === cityName) ?? city.areas[0];
    for (const entry of city.areas) {
      names.set(entry, entry === representative ? [entry.name, ...entry.aliases, ...city.names] : [entry.name, ...entry.aliases]);
    }
  }
  return names;
})();

const namesOfArea = (entry: Area): readonly string[] => areaNames.get(entry) ?? [];

/** Drops a joining word at the given end of the words, unless it is all there is. */
function withoutJoiningWord(words: readonly string[], atEnd: boolean): readonly string[] {
  const edge = atEnd ? words[words.length - 1] : words[0];
  if (edge === undefined || words.length < 2 || !JOINING_WORDS.has(edge)) return words;
  return atEnd ? words.slice(0, -1) : words.slice(1);
}

/** The text read as a city at one end and an area of that city in the rest, for every such split. */
function matchesWithinCity(normalised: string): Match<Area>[] {
  const words = normalised.split(' ');
  const results: Match<Area>[] = [];
  for (let cityWords = 1; cityWords < words.length && cityWords <= MAX_CITY_WORDS; cityWords++) {
    const splits: Array<{ cityPart: readonly string[]; rest: readonly string[] }> = [
      { cityPart: words.slice(0, cityWords), rest: withoutJoiningWord(words.slice(cityWords), false) },
      { cityPart: words.slice(-cityWords), rest: withoutJoiningWord(words.slice(0, -cityWords), true) },
    ];
    for (const { cityPart, rest } of splits) {
      const city = findBest(cityPart.join(' '), cities, (entry) => entry.names);
      if (city.kind !== 'found') continue;
      const found = findBest(rest.join(' '), city.item.areas, namesOfArea);
      // A typo in the city makes the whole answer inexact, even when the area part was spelled right.
      if (found.kind === 'found') results.push({ ...found, exact: found.exact && city.exact });
      else if (found.kind === 'ambiguous') results.push(found);
    }
  }
  return results;
}

/** Lower is better: exact, then found with a typo, then ambiguous. */
function preference(result: Match<Area>): number {
  if (result.kind === 'found') return result.exact ? 0 : 1;
  return result.kind === 'ambiguous' ? 2 : 3;
}

/**
 * By name or alias; by "name city", "city name" or "name, city" (the city also by its aliases);
 * a city alone gives the area standing for it. Preference: exact, then a typo match, then ambiguous,
 * the text as a whole before its city-and-area reading.
 */
export function matchArea(text: string): Match<Area> {
  if (typeof text !== 'string' || text.length > MAX_INPUT_LENGTH) return { kind: 'none' };
  const direct = findBest(text, areas, namesOfArea);
  if (direct.kind === 'found' && direct.exact) return direct;
  const normalised = normaliseText(text);
  const candidates = normalised.includes(' ') ? [direct, ...matchesWithinCity(normalised)] : [direct];
  // The first of the most preferred wins, so the whole text beats a split of it on equal terms.
  let best = direct;
  for (const candidate of candidates) if (preference(candidate) < preference(best)) best = candidate;
  return best;
}

const toRadians = (degrees: number): number => (degrees * Math.PI) / 180;

/** Great-circle distance (haversine) on a sphere of radius 6371 km. */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLat = toRadians(b.lat - a.lat);
  const dLng = toRadians(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(dLng / 2) ** 2;
  // Rounding can push h a hair above 1 for antipodal points; asin would then be NaN.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The area closest to a pin, if within maxKm, for saying "near Chamberí"; the first listed wins a tie. */
export function nearestArea(point: { lat: number; lng: number }, maxKm: number = DEFAULT_NEAREST_KM): Area | null {
  if (!Number.isFinite(point.lat) || !Number.isFinite(point.lng)) return null;
  let nearest: Area | null = null;
  let nearestKm = Infinity;
  for (const entry of areas) {
    const km = distanceKm(point, entry);
    if (km < nearestKm) {
      nearest = entry;
      nearestKm = km;
    }
  }
  return nearestKm <= maxKm ? nearest : null;
}
