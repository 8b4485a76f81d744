// What one inbound message produces, built up by the engine's parts: the new state, replies, effects.
import { render, type TemplateKey, type TemplateParams } from '../../../templates/index.js';
import { suggestedLocale } from '../answers/phone.js';
import type { EngineContext } from './context.js';
import type { Effect, EngineResult, Reply } from './effects.js';
import type { ConversationState, Locale } from './state.js';

export interface Button {
  id: string;
  label: TemplateKey;
}

export interface Row {
  id: string;
  title: string;
  description?: string;
}

/** WhatsApp's limits: a body of 4096 (text) or 1024 (interactive) characters. */
const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * Parsing a number for its country costs ~0.1 ms, the dearest step of a turn, and a contact's first
 * messages each ask: remember the answer per number (bounded; cleared when full).
 */
const suggestions = new Map<string, Locale>();
function localeSuggestedFor(waId: string | null): Locale {
  if (waId === null) return suggestedLocale(null);
  let locale = suggestions.get(waId);
  if (locale === undefined) {
    if (suggestions.size >= 10_000) suggestions.clear();
    locale = suggestedLocale(waId);
    suggestions.set(waId, locale);
  }
  return locale;
}

export class Turn {
  readonly replies: Reply[] = [];
  readonly effects: Effect[] = [];

  constructor(
    public state: ConversationState,
    readonly context: EngineContext,
  ) {}

  get locale(): Locale {
    return this.state.locale ?? localeSuggestedFor(this.context.waId);
  }

  t(key: TemplateKey, params?: TemplateParams): string {
    return render(this.locale, key, params);
  }

  text(body: string): void {
    this.replies.push({ type: 'text', text: clip(body, 4096) });
  }

  say(key: TemplateKey, params?: TemplateParams): void {
    this.text(this.t(key, params));
  }

  buttons(body: string, buttons: readonly Button[]): void {
    this.replies.push({
      type: 'buttons',
      body: clip(body, 1024),
      buttons: buttons.slice(0, 3).map((b) => ({ id: b.id, title: clip(this.t(b.label), 20) })),
    });
  }

  list(body: string, rows: readonly Row[], button: TemplateKey = 'list.button'): void {
    this.replies.push({
      type: 'list',
      body: clip(body, 1024),
      button: clip(this.t(button), 20),
      sections: [{ rows: rows.slice(0, 10).map((r) => ({ id: r.id, title: clip(r.title, 24), ...(r.description ? { description: clip(r.description, 72) } : {}) })) }],
    });
  }

  /** A message built elsewhere (a marketplace card), as it is. */
  reply(message: Reply): void {
    this.replies.push(message);
  }

  contactRequest(body: string): void {
    this.replies.push({ type: 'contact_request', body: clip(body, 1024) });
  }

  effect(effect: Effect): void {
    this.effects.push(effect);
  }

  result(): EngineResult {
    return { state: this.state, replies: this.replies, effects: this.effects };
  }
}
