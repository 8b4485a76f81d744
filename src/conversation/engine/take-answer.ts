// Reads an inbound message as the answer a step asks for, or says why it is not one (the hint).
import { formatLocalDate, parseLocalDate, parseTimeRange } from '../answers/date-time.js';
import { availabilityPresets, formatAvailability, parseAvailability } from '../answers/availability.js';
import { matchArea, nearestArea } from '../answers/catalogue-match.js';
import { normaliseText } from '../answers/fuzzy-match.js';
import { countryOfPhone, formatPhoneForDisplay, parseInternationalPhone } from '../answers/phone.js';
import { catalogueItem, catalogueItems, matchCatalogue, PAGE_SIZE, titleOf } from './catalogues.js';
import type { Place } from './context.js';
import { flowOf } from './flow-lookup.js';
import type { ChoiceOption, StepDefinition } from './flow.js';
import type { Input } from './input.js';
import { money } from './params.js';
import { ownId, optionId } from './step-ids.js';
import type { FlowPosition } from './state.js';
import type { Row, Turn } from './turn.js';
import { catalogues } from '../../../templates/index.js';

export type Taken =
  | { kind: 'value'; value: unknown; display: string; option?: string }
  | { kind: 'page'; page: number }
  | { kind: 'edit' }
  | { kind: 'edit_field'; step: string }
  | { kind: 'invalid'; hint: string; rows?: Row[] };

/** Echoed text is cut short: a 5,000-character message is not quoted back. */
const quote = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text).replace(/\s+/g, ' ');

const YES = new Set(['yes', 'y', 'si', 'ok', 'okay', 'vale', 'sure', 'claro']);

export function pickOption(options: readonly ChoiceOption[], input: Input, own: string | null): ChoiceOption | undefined {
  if (own !== null) return options.find((o) => o.id === own);
  if (input.kind !== 'text') return undefined;
  const typed = normaliseText(input.text);
  if (typed === '') return undefined;
  const visible = options.filter((o) => !o.hidden);
  const position = Number(typed);
  if (Number.isInteger(position) && position >= 1 && position <= visible.length) return visible[position - 1];
  // Typed words first: they say what an option means ("english" sets English), where a label may only show it
  // (the "Español" button of an English speaker toggles).
  return (
    options.find((o) => (o.typed ?? []).some((w) => normaliseText(w) === typed)) ??
    options.find((o) => normaliseText(catalogues.en[o.label]) === typed || normaliseText(catalogues.es[o.label]) === typed)
  );
}

/** "12", "12.50", "12,50", "€12", "10 km", "15km": the first number, if the message is short. */
function numberIn(text: string): number | null {
  if (text.length > 40) return null;
  // "1,000" or "1.000" (a thousands separator, or a decimal?) and "12-15" (which one?) are asked again.
  if (/\d[.,]\d{3}(?!\d)/.test(text) || /\d\s*(-|–|to|a)\s*\d/i.test(text)) return null;
  const match = /(\d{1,6})(?:[.,](\d{1,2}))?/.exec(text);
  if (!match) return null;
  return Number(`${match[1]}${match[2] ? `.${match[2]}` : ''}`);
}

export function takeAnswer(turn: Turn, position: FlowPosition, step: StepDefinition<string>, input: Input): Taken {
  const own = input.kind === 'reply' ? ownId(input.id, position.name, position.step) : null;
  const answer = step.answer;
  const hint = (key: Parameters<Turn['t']>[0], params?: Parameters<Turn['t']>[1]): Taken => ({ kind: 'invalid', hint: turn.t(step.hint ?? key, params) });
  switch (answer.kind) {
    case 'text': {
      if (input.kind !== 'text') return hint(answer.shape === 'name' ? 'hint.name' : 'hint.text', { max: answer.max });
      const text = input.text.trim().replace(/\s+/g, ' ');
      if (text.length < answer.min || text.length > answer.max) return hint(answer.shape === 'name' ? 'hint.name' : 'hint.text', { max: answer.max });
      if (answer.shape === 'name' && (!/\p{L}/u.test(text) || /[\d@#/\\<>{}[\]|_=+*^~$%]/u.test(text))) return hint('hint.name');
      if (!/[\p{L}\p{N}]/u.test(text)) return hint('hint.text', { max: answer.max });
      return { kind: 'value', value: text, display: text };
    }
    case 'choice': {
      const option = pickOption(answer.options, input, own);
      if (!option) return hint('hint.choice');
      return { kind: 'value', value: option.id, display: turn.t(option.label), option: option.id };
    }
    case 'catalogue': {
      const name = answer.catalogue;
      if (own?.startsWith('page/')) return { kind: 'page', page: Math.max(0, Math.trunc(Number(own.slice(5))) || 0) };
      const picked = own?.startsWith('item/') ? catalogueItem(name, own.slice(5)) : undefined;
      if (picked) return { kind: 'value', value: picked.id, display: titleOf(picked, turn.locale) };
      const items = catalogueItems[name];
      const example = titleOf(items[0]!, turn.locale);
      if (input.kind !== 'text') return { kind: 'invalid', hint: turn.t('hint.catalogue_pick', { example }) };
      const typed = normaliseText(input.text);
      const page = Math.max(0, Math.min(position.page, Math.ceil(items.length / PAGE_SIZE) - 1));
      const number = Number(typed);
      // "3" is the third row of the page shown; "10" or "more" the next page.
      if (Number.isInteger(number) && number >= 1 && number <= PAGE_SIZE) {
        const item = items[page * PAGE_SIZE + number - 1];
        if (item) return { kind: 'value', value: item.id, display: titleOf(item, turn.locale) };
      }
      if ((number === PAGE_SIZE + 1 || ['more', 'mas', 'more options', 'mas opciones'].includes(typed)) && (page + 1) * PAGE_SIZE < items.length) return { kind: 'page', page: page + 1 };
      const match = matchCatalogue(name, input.text);
      if (match.kind === 'found') return { kind: 'value', value: match.item.id, display: titleOf(match.item, turn.locale) };
      if (match.kind === 'ambiguous') {
        return {
          kind: 'invalid',
          hint: turn.t('hint.catalogue_ambiguous'),
          rows: match.items.map((item) => ({ id: optionId(position.name, position.step, `item/${item.id}`), title: titleOf(item, turn.locale) })),
        };
      }
      return { kind: 'invalid', hint: turn.t('hint.catalogue', { text: quote(input.text.trim()) }) };
    }
    case 'place': {
      if (input.kind === 'location') {
        const near = nearestArea({ lat: input.lat, lng: input.lng });
        const label = (input.name?.trim() || input.address?.trim() || (near ? `${near.name}, ${near.city}` : `${input.lat.toFixed(4)}, ${input.lng.toFixed(4)}`)).slice(0, 200);
        const place: Place = { lat: input.lat, lng: input.lng, label };
        return { kind: 'value', value: place, display: label };
      }
      if (input.kind !== 'text') return hint('hint.place');
      const match = matchArea(input.text);
      if (match.kind === 'found') {
        const label = `${match.item.name}, ${match.item.city}`;
        return { kind: 'value', value: { lat: match.item.lat, lng: match.item.lng, label } satisfies Place, display: label };
      }
      if (match.kind === 'ambiguous') {
        const first = match.items[0]!;
        return hint('hint.place_ambiguous', { text: quote(input.text.trim()), example: `${first.name} ${first.city}` });
      }
      return hint('hint.place');
    }
    case 'number': {
      const fromButton = own?.startsWith('value/') ? Number(own.slice(6)) : null;
      const value = fromButton ?? (input.kind === 'text' ? numberIn(input.text) : null);
      const range = { min: answer.min, max: answer.max, currency: turn.context.settings.currency };
      const key = answer.unit === 'km' ? 'hint.number_km' : answer.unit === 'money' ? 'hint.number_money' : 'hint.number_count';
      if (value === null || !Number.isFinite(value) || value < answer.min || value > answer.max) return hint(key, range);
      const whole = answer.unit === 'money' ? Math.round(value * 100) / 100 : Math.round(value);
      const display = answer.unit === 'money' ? money(whole, turn.context.settings.currency, turn.locale) : answer.unit === 'km' ? `${whole} km` : String(whole);
      return { kind: 'value', value: whole, display };
    }
    case 'availability': {
      const preset = own?.startsWith('preset/') ? own.slice(7) : null;
      if (preset && Object.hasOwn(availabilityPresets, preset)) {
        const value = availabilityPresets[preset as keyof typeof availabilityPresets];
        return { kind: 'value', value, display: formatAvailability(value, turn.locale) };
      }
      if (input.kind !== 'text') return hint('hint.availability');
      const parsed = parseAvailability(input.text);
      if (!parsed.ok) return hint('hint.availability');
      return { kind: 'value', value: parsed.availability, display: formatAvailability(parsed.availability, turn.locale) };
    }
    case 'phone': {
      const candidates = input.kind === 'contacts' ? input.phones : input.kind === 'text' ? [input.text] : [];
      const country = turn.context.waId ? countryOfPhone(turn.context.waId) : null;
      for (const candidate of candidates) {
        const parsed = parseInternationalPhone(candidate, country ?? undefined);
        if (parsed.ok) return { kind: 'value', value: parsed.e164, display: formatPhoneForDisplay(parsed.e164) };
      }
      return hint('hint.phone');
    }
    case 'date': {
      if (input.kind !== 'text') return hint('hint.date');
      const parsed = parseLocalDate(input.text, turn.context.now, turn.context.timeZone);
      if (!parsed.ok) return hint(parsed.reason === 'past' ? 'hint.date_past' : parsed.reason === 'too_far' ? 'hint.date_too_far' : 'hint.date');
      return { kind: 'value', value: parsed.date, display: formatLocalDate(parsed.date, turn.locale) };
    }
    case 'time_range': {
      if (input.kind !== 'text') return hint('hint.time_range');
      const parsed = parseTimeRange(input.text);
      if (!parsed.ok) return hint('hint.time_range');
      return { kind: 'value', value: { from: parsed.from, to: parsed.to }, display: `${parsed.from}-${parsed.to}` };
    }
    case 'optional_text': {
      const skipWords = ['skip', 'saltar', 'omitir', 'no', 'nada', 'none', 'nothing', 'ninguno'];
      if (own === 'skip' || (input.kind === 'text' && skipWords.includes(normaliseText(input.text)))) return { kind: 'value', value: null, display: '' };
      if (input.kind !== 'text') return hint('hint.text', { max: answer.max });
      const text = input.text.trim().replace(/\s+/g, ' ');
      if (text.length > answer.max || !/[\p{L}\p{N}]/u.test(text)) return hint('hint.text', { max: answer.max });
      return { kind: 'value', value: text, display: text };
    }
    case 'summary': {
      if (own === 'confirm') return { kind: 'value', value: 'confirm', display: '' };
      if (own === 'edit') return { kind: 'edit' };
      const fields = flowOf(position.name)?.summary?.fields ?? [];
      if (own?.startsWith('field/')) {
        const field = fields.find((f) => f.step === own.slice(6));
        if (field) return { kind: 'edit_field', step: field.step };
      }
      if (input.kind === 'text') {
        const typed = normaliseText(input.text);
        if (YES.has(typed) || typed === '1' || typed === normaliseText(turn.t('button.looks_good'))) return { kind: 'value', value: 'confirm', display: '' };
        if (['edit', 'editar', 'change', 'cambiar', '2'].includes(typed) || typed === normaliseText(turn.t('button.edit'))) return { kind: 'edit' };
        const field = fields.find((f) => normaliseText(catalogues.en[f.label]) === typed || normaliseText(catalogues.es[f.label]) === typed);
        if (field) return { kind: 'edit_field', step: field.step };
      }
      return hint('hint.summary');
    }
  }
}
