// First contact: language (suggested from the number's country code), role, privacy notice and consent.
import { defineFlow } from '../src/conversation/engine/flow.js';

const consent = {
  answer: {
    kind: 'choice',
    options: [
      { id: 'agree', label: 'button.agree', typed: ['yes', 'ok', 'si', 'vale', 'acepto', 'agree'] },
      { id: 'decline', label: 'button.no_thanks', typed: ['no', 'no thanks', 'no gracias'] },
    ],
  },
  save: { key: 'consent' },
  next: 'done',
} as const;

export const welcomeFlow = defineFlow({
  name: 'welcome',
  version: 1,
  start: 'role',
  steps: {
    role: {
      prompt: 'welcome.ask_role',
      answer: {
        kind: 'choice',
        options: [
          { id: 'worker', label: 'button.find_work', typed: ['work', 'worker', 'job', 'jobs', 'trabajo', 'trabajar', 'buscar trabajo'] },
          { id: 'employer', label: 'button.hiring', typed: ['hire', 'hiring', 'employer', 'contratar', 'empresa', 'quiero contratar'] },
          // Shows the other language: "Español" to an English speaker, "English" to a Spanish one.
          { id: 'other_language', label: 'button.other_language' },
          // A language typed by name sets that one (typing "English" in English keeps English).
          { id: 'locale_en', label: 'button.english', typed: ['english', 'ingles', 'in english', 'en ingles'], hidden: true },
          { id: 'locale_es', label: 'button.spanish', typed: ['espanol', 'spanish', 'castellano', 'en espanol'], hidden: true },
        ],
      },
      save: { key: 'role' },
      locale: { other_language: 'toggle', locale_en: 'en', locale_es: 'es' },
      next: { worker: 'consent_worker', employer: 'consent_employer', other_language: 'role', locale_en: 'role', locale_es: 'role' },
    },
    consent_worker: { prompt: 'welcome.consent_worker', ...consent },
    consent_employer: { prompt: 'welcome.consent_employer', ...consent },
  },
  complete: 'welcome',
  cancelled: 'welcome.cancelled',
});
