// An employer's business: name, contact person, business type and location.
import { defineFlow } from '../src/conversation/engine/flow.js';

export const employerOnboardingFlow = defineFlow({
  name: 'employer_onboarding',
  version: 1,
  start: 'business_name',
  steps: {
    business_name: { prompt: 'employer.ask_business_name', answer: { kind: 'text', min: 2, max: 80, shape: 'free' }, save: { key: 'businessName' }, next: 'contact_name' },
    contact_name: { prompt: 'employer.ask_contact_name', answer: { kind: 'text', min: 2, max: 60, shape: 'name' }, save: { key: 'contactName' }, next: 'business_type', hint: 'hint.name' },
    business_type: { prompt: 'employer.ask_business_type', answer: { kind: 'catalogue', catalogue: 'business_types' }, save: { key: 'businessType' }, next: 'location' },
    location: { prompt: 'employer.ask_location', answer: { kind: 'place' }, save: { key: 'location' }, next: 'summary' },
    summary: { prompt: 'employer.summary', answer: { kind: 'summary' }, next: 'done' },
  },
  summary: {
    step: 'summary',
    render: 'employer',
    fields: [
      { label: 'field.business_name', step: 'business_name' },
      { label: 'field.contact_name', step: 'contact_name' },
      { label: 'field.business_type', step: 'business_type' },
      { label: 'field.location', step: 'location' },
    ],
  },
  complete: 'employer_profile',
  cancelled: 'onboarding.cancelled',
});
