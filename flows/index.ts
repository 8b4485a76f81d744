// Every flow, by name: the engine finds a saved position's flow here.
import { deleteDataFlow } from './delete-data.flow.js';
import { employerOnboardingFlow } from './employer-onboarding.flow.js';
import { languageFlow } from './language.flow.js';
import { postJobFlow } from './post-job.flow.js';
import { reportFlow } from './report.flow.js';
import { welcomeFlow } from './welcome.flow.js';
import { workerOnboardingFlow } from './worker-onboarding.flow.js';

export const flows = {
  welcome: welcomeFlow,
  worker_onboarding: workerOnboardingFlow,
  employer_onboarding: employerOnboardingFlow,
  language: languageFlow,
  delete_data: deleteDataFlow,
  report: reportFlow,
  post_job: postJobFlow,
} as const;

export type FlowName = keyof typeof flows;
