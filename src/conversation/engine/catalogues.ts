// The lists a step can offer (skills, business types), with their typed matching.
import { businessTypes } from '../../../data/business-types.js';
import { skills } from '../../../data/skills.js';
import { findBest, type Match } from '../answers/fuzzy-match.js';
import type { Locale } from './state.js';

export interface CatalogueItem {
  id: string;
  en: string;
  es: string;
  aliases: readonly string[];
}

/** Nine items and "More..." on a page: WhatsApp shows at most ten rows. */
export const PAGE_SIZE = 9;

export const catalogueItems = {
  skills: skills as readonly CatalogueItem[],
  business_types: businessTypes as readonly CatalogueItem[],
} as const;
export type CatalogueName = keyof typeof catalogueItems;

export function matchCatalogue(name: CatalogueName, text: string): Match<CatalogueItem> {
  return findBest(text, catalogueItems[name], (item) => [item.en, item.es, item.id.replaceAll('_', ' '), ...item.aliases]);
}

export function catalogueItem(name: CatalogueName, id: string): CatalogueItem | undefined {
  return catalogueItems[name].find((item) => item.id === id);
}

export const titleOf = (item: CatalogueItem, locale: Locale): string => item[locale];

/** The titles of catalogue ids, in the locale, for summaries and explanations. */
export const catalogueTitles = (name: CatalogueName, ids: unknown, locale: Locale): string =>
  (Array.isArray(ids) ? ids : [ids])
    .map((id) => catalogueItem(name, String(id)))
    .filter((item) => item !== undefined)
    .map((item) => titleOf(item, locale))
    .join(', ');
