// "report": one message describing the problem becomes an abuse report for the team.
import { defineFlow } from '../src/conversation/engine/flow.js';

export const reportFlow = defineFlow({
  name: 'report',
  version: 1,
  start: 'describe',
  steps: {
    describe: { prompt: 'report.ask', answer: { kind: 'text', min: 5, max: 1000, shape: 'free' }, save: { key: 'text' }, next: 'done', hint: 'hint.report' },
  },
  complete: 'report',
  cancelled: 'common.cancelled',
});
