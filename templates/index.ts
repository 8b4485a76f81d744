// Rendering a template key in a locale: named placeholders, and a missing one is an error (a test finds it first).
import type { Locale } from '../src/conversation/engine/state.js';
import { en } from './en.js';
import { es } from './es.js';

export type TemplateKey = keyof typeof en;
export type TemplateParams = Readonly<Record<string, string | number>>;

export const catalogues: Record<Locale, Record<TemplateKey, string>> = { en, es };

const PLACEHOLDER = /\{([a-zA-Z]+)\}/g;

/** The placeholder names a text uses, for the lint test. */
export const placeholdersOf = (text: string): string[] => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!).sort();

export function render(locale: Locale, key: TemplateKey, params: TemplateParams = {}): string {
  return catalogues[locale][key].replace(PLACEHOLDER, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`template ${locale}:${key} needs {${name}}`);
    return String(value);
  });
}
