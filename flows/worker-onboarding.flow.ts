// A worker's profile: name, skills, hours, area, travel radius, minimum rate and the number to share on unlock.
import { defineFlow } from '../src/conversation/engine/flow.js';

export const workerOnboardingFlow = defineFlow({
  name: 'worker_onboarding',
  version: 1,
  start: 'name',
  steps: {
    name: { prompt: 'worker.ask_name', answer: { kind: 'text', min: 2, max: 60, shape: 'name' }, save: { key: 'name' }, next: 'skill', hint: 'hint.name' },
    skill: {
      prompt: 'worker.ask_skill',
      again: 'worker.ask_another_skill',
      answer: { kind: 'catalogue', catalogue: 'skills' },
      save: { key: 'skills', append: 5 },
      next: { guard: 'skills_full', then: 'availability', else: 'more_skills' },
      ack: 'ack.added',
      group: 'skills',
    },
    more_skills: {
      prompt: 'worker.ask_more_skills',
      answer: {
        kind: 'choice',
        options: [
          { id: 'add', label: 'button.add_another', typed: ['yes', 'si', 'another', 'more', 'otra', 'mas'] },
          { id: 'done', label: 'button.thats_all', typed: ['no', 'done', 'that is all', 'nada mas', 'listo', 'ya'] },
        ],
      },
      next: { add: 'skill', done: 'availability' },
      group: 'skills',
    },
    availability: { prompt: 'worker.ask_availability', answer: { kind: 'availability' }, save: { key: 'availability' }, next: 'location', ack: 'ack.got_it' },
    location: { prompt: 'worker.ask_location', answer: { kind: 'place' }, save: { key: 'location' }, next: 'radius', ack: 'ack.got_it' },
    radius: {
      prompt: 'worker.ask_radius',
      answer: {
        kind: 'number',
        min: 1,
        max: 100,
        unit: 'km',
        options: [
          { value: 5, label: 'button.km_5' },
          { value: 10, label: 'button.km_10' },
          { value: 20, label: 'button.km_20' },
        ],
      },
      save: { key: 'radiusKm' },
      next: 'rate',
      ack: 'ack.got_it',
    },
    rate: { prompt: 'worker.ask_rate', answer: { kind: 'number', min: 1, max: 500, unit: 'money' }, save: { key: 'minRate' }, next: 'phone', ack: 'ack.got_it' },
    // Offers the number Meta sent; without one (a username user) it asks for a number straight away.
    phone: {
      prompt: 'worker.offer_phone',
      answer: {
        kind: 'choice',
        options: [
          { id: 'use', label: 'button.use_this_number', typed: ['yes', 'si', 'ok', 'vale'] },
          { id: 'other', label: 'button.use_another', typed: ['no', 'other', 'another', 'otro'] },
        ],
      },
      save: { key: 'phoneChoice' },
      skip: { if: 'no_meta_phone', to: 'phone_other' },
      next: { use: 'summary', other: 'phone_other' },
      group: 'phone',
    },
    phone_other: { prompt: 'worker.ask_phone', answer: { kind: 'phone' }, save: { key: 'phone' }, next: 'phone_confirm', group: 'phone' },
    phone_confirm: {
      prompt: 'worker.confirm_phone',
      answer: {
        kind: 'choice',
        options: [
          { id: 'yes', label: 'button.yes_share_it', typed: ['yes', 'si', 'ok', 'vale'] },
          { id: 'change', label: 'button.change_it', typed: ['no', 'change', 'cambiar'] },
        ],
      },
      next: { yes: 'summary', change: 'phone_other' },
      group: 'phone',
    },
    summary: { prompt: 'worker.summary', answer: { kind: 'summary' }, next: 'done' },
  },
  summary: {
    step: 'summary',
    render: 'worker',
    fields: [
      { label: 'field.name', step: 'name' },
      { label: 'field.skills', step: 'skill', clears: 'skills' },
      { label: 'field.availability', step: 'availability' },
      { label: 'field.location', step: 'location' },
      { label: 'field.radius', step: 'radius' },
      { label: 'field.rate', step: 'rate' },
      { label: 'field.phone', step: 'phone' },
    ],
  },
  complete: 'worker_profile',
  cancelled: 'onboarding.cancelled',
});
