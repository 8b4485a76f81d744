// The approved WhatsApp template messages we send outside the 24-hour window, as they must be registered
// with Meta (WhatsApp Manager > Message templates), per locale. Body parameters are {{1}}, {{2}}, ... in order;
// quick-reply buttons are registered with these titles, and each send gives their payloads.
import type { Locale } from '../src/conversation/engine/state.js';

export interface WhatsAppTemplate {
  name: string;
  category: 'UTILITY' | 'MARKETING';
  /** The body as registered, per locale: what the user sees. */
  body: Record<Locale, string>;
  /** What each {{n}} is, in order. */
  params: readonly string[];
  /** Quick-reply button titles as registered, per locale, in order (at most 3; 25 characters each). */
  buttons?: Record<Locale, readonly string[]>;
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
  job_offer: {
    name: 'partimer_job_offer',
    category: 'UTILITY',
    body: {
      en: 'New job near you: {{1}} at {{2}}, {{3}}, {{4}}/h, {{5}} away. Interested?',
      es: 'Nuevo trabajo cerca de ti: {{1}} en {{2}}, {{3}}, {{4}}/h, a {{5}}. ¿Te interesa?',
    },
    params: ['job title', 'business name', 'day and hours', 'hourly pay', 'distance'],
    buttons: { en: ["I'm interested", 'Not for me'], es: ['Me interesa', 'No es para mí'] },
  },
  new_candidate: {
    name: 'partimer_new_candidate',
    category: 'UTILITY',
    body: {
      en: 'New candidate for {{1}} ({{2}}): {{3}}, {{4}} away. Reply "candidates" to see everyone who said yes.',
      es: 'Nuevo candidato para {{1}} ({{2}}): {{3}}, a {{4}}. Responde "candidatos" para ver a todos los que dijeron que sí.',
    },
    params: ['job title', 'day', 'candidate initial and skills', 'distance'],
    buttons: { en: ['Unlock contact'], es: ['Desbloquear'] },
  },
  job_cancelled: {
    name: 'partimer_job_cancelled',
    category: 'UTILITY',
    body: {
      en: '{{1}} cancelled {{2}} ({{3}}). Sorry! More offers will come here.',
      es: '{{1}} ha cancelado {{2}} ({{3}}). ¡Lo sentimos! Te llegarán más ofertas aquí.',
    },
    params: ['business name', 'job title', 'day'],
  },
  job_closed: {
    name: 'partimer_job_closed',
    category: 'UTILITY',
    body: {
      en: '{{1}} ({{2}}) has closed. Thanks for your interest; more offers will come here.',
      es: '{{1}} ({{2}}) se ha cerrado. Gracias por tu interés; te llegarán más ofertas aquí.',
    },
    params: ['job title', 'day'],
  },
  job_update: {
    name: 'partimer_job_update',
    category: 'UTILITY',
    body: {
      en: 'An update on your job {{1}} ({{2}}): it is now {{3}}. Reply "my jobs" to see it.',
      es: 'Novedades de tu trabajo {{1}} ({{2}}): ahora está {{3}}. Responde "mis trabajos" para verlo.',
    },
    params: ['job title', 'day', 'status'],
  },
  still_open: {
    name: 'partimer_still_open',
    category: 'UTILITY',
    body: {
      en: 'Is your job {{1}} ({{2}}) still open? Without an answer it closes in {{3}} hours.',
      es: '¿Sigue abierto tu trabajo {{1}} ({{2}})? Si no respondes, se cerrará en {{3}} horas.',
    },
    params: ['job title', 'day', 'hours to answer'],
    buttons: { en: ['Yes, still open', 'No, close it'], es: ['Sí, sigue abierto', 'No, cerrarlo'] },
  },
  rate_shift: {
    name: 'partimer_rate_shift',
    category: 'UTILITY',
    body: {
      en: 'Your shift {{1}} ({{2}}) is over. How did it go? Your rating helps everyone find good matches.',
      es: 'Tu turno {{1}} ({{2}}) ha terminado. ¿Qué tal fue? Tu valoración ayuda a que todos encuentren buenas coincidencias.',
    },
    params: ['job title', 'day'],
    buttons: { en: ['Rate now'], es: ['Valorar ahora'] },
  },
  account_notice: {
    name: 'partimer_account_notice',
    category: 'UTILITY',
    body: {
      en: 'A no-show was reported for {{1}} ({{2}}), so job offers are paused for now. Reply "why" to see until when, or "report" if this is wrong.',
      es: 'Se indicó una ausencia en {{1}} ({{2}}), así que las ofertas están en pausa por ahora. Responde "por qué" para ver hasta cuándo, o "reportar" si no es así.',
    },
    params: ['job title', 'day'],
  },
} as const satisfies Record<string, WhatsAppTemplate>;

export type WhatsAppTemplateId = keyof typeof whatsappTemplates;

/** Meta's language codes for our locales. */
export const templateLanguage: Record<Locale, string> = { en: 'en', es: 'es' };
