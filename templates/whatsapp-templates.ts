// The approved WhatsApp template messages we send outside the 24-hour window, as they must be registered
// with Meta (WhatsApp Manager > Message templates), per locale. Body parameters are {{1}}, {{2}}, ... in order.
import type { Locale } from '../src/conversation/engine/state.js';

export interface WhatsAppTemplate {
  name: string;
  category: 'UTILITY' | 'MARKETING';
  /** The body as registered, per locale: what the user sees. */
  body: Record<Locale, string>;
  /** What each {{n}} is, in order. */
  params: readonly string[];
}

export const whatsappTemplates = {
  employer_verified: {
    name: 'partimer_employer_verified',
    category: 'UTILITY',
    body: {
      en: 'Good news: {{1}} is verified on Partimer. You can post jobs now: reply "menu" to start.',
      es: 'Buenas noticias: {{1}} está verificado en Partimer. Ya puedes publicar trabajos: responde "menú" para empezar.',
    },
    params: ['business name'],
  },
} as const satisfies Record<string, WhatsAppTemplate>;

/** Meta's language codes for our locales. */
export const templateLanguage: Record<Locale, string> = { en: 'en', es: 'es' };
