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
          { id: 'other_language', label: 'button.other_language', typed: ['espanol', 'english', 'ingles', 'spanish'] },
        ],
      },
      save: { key: 'role' },
      next: { worker: 'consent_worker', employer: 'consent_employer', other_language: 'role' },
    },
    consent_worker: { prompt: 'welcome.consent_worker', ...consent },
    consent_employer: { prompt: 'welcome.consent_employer', ...consent },
  },
  complete: 'welcome',
  cancelled: 'welcome.cancelled',
});
