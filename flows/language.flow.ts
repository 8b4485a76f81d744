// "language": pick the bot's language.
import { defineFlow } from '../src/conversation/engine/flow.js';

export const languageFlow = defineFlow({
  name: 'language',
  version: 1,
  start: 'choose',
  steps: {
    choose: {
      prompt: 'language.ask',
      answer: {
        kind: 'choice',
        options: [
          { id: 'en', label: 'button.english', typed: ['en', 'english', 'ingles'] },
          { id: 'es', label: 'button.spanish', typed: ['es', 'spanish', 'espanol', 'castellano'] },
        ],
      },
      save: { key: 'locale' },
      next: 'done',
    },
  },
  complete: 'language',
  cancelled: 'common.cancelled',
});
