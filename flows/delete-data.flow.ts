// "delete my data": confirm first; the deletion itself is an effect.
import { defineFlow } from '../src/conversation/engine/flow.js';

export const deleteDataFlow = defineFlow({
  name: 'delete_data',
  version: 1,
  start: 'confirm',
  steps: {
    confirm: {
      prompt: 'delete.confirm',
      answer: {
        kind: 'choice',
        options: [
          { id: 'delete', label: 'button.delete_everything', typed: ['delete', 'yes delete', 'borrar', 'si borrar', 'eliminar'] },
          { id: 'keep', label: 'button.keep_my_data', typed: ['keep', 'no', 'mantener', 'conservar'] },
        ],
      },
      save: { key: 'choice' },
      next: 'done',
    },
  },
  complete: 'delete_data',
  cancelled: 'delete.kept',
});
