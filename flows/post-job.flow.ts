// An employer posts a shift: title, skill, day, hours, pay, how many workers, where, and anything else to know.
import { defineFlow } from '../src/conversation/engine/flow.js';

export const postJobFlow = defineFlow({
  name: 'post_job',
  version: 1,
  start: 'title',
  steps: {
    title: { prompt: 'job.ask_title', answer: { kind: 'text', min: 3, max: 80, shape: 'free' }, save: { key: 'title' }, next: 'skill' },
    skill: { prompt: 'job.ask_skill', answer: { kind: 'catalogue', catalogue: 'skills' }, save: { key: 'skill' }, next: 'date' },
    date: { prompt: 'job.ask_date', answer: { kind: 'date' }, save: { key: 'date' }, next: 'times', ack: 'ack.got_it' },
    times: { prompt: 'job.ask_times', answer: { kind: 'time_range' }, save: { key: 'times' }, next: 'pay', ack: 'ack.got_it' },
    pay: { prompt: 'job.ask_pay', answer: { kind: 'number', min: 1, max: 500, unit: 'money' }, save: { key: 'pay' }, next: 'headcount', ack: 'ack.got_it' },
    headcount: {
      prompt: 'job.ask_headcount',
      answer: {
        kind: 'number',
        min: 1,
        max: 50,
        unit: 'count',
        options: [
          { value: 1, label: 'button.one' },
          { value: 2, label: 'button.two' },
          { value: 3, label: 'button.three' },
        ],
      },
      save: { key: 'headcount' },
      next: 'place',
    },
    place: {
      prompt: 'job.ask_place',
      answer: {
        kind: 'choice',
        options: [
          { id: 'business', label: 'button.at_business', typed: ['here', 'business', 'aqui', 'en el negocio', 'mi negocio'] },
          { id: 'other', label: 'button.another_place', typed: ['other', 'another', 'otro', 'otro sitio'] },
        ],
      },
      save: { key: 'placeChoice' },
      next: { business: 'description', other: 'place_other' },
      group: 'place',
    },
    place_other: { prompt: 'job.ask_place_other', answer: { kind: 'place' }, save: { key: 'place' }, next: 'description', ack: 'ack.got_it', group: 'place' },
    description: { prompt: 'job.ask_description', answer: { kind: 'optional_text', max: 500 }, save: { key: 'description' }, next: 'summary' },
    summary: { prompt: 'job.summary', answer: { kind: 'summary' }, next: 'done' },
  },
  summary: {
    step: 'summary',
    render: 'job',
    confirm: 'button.post_job_now',
    fields: [
      { label: 'field.title', step: 'title' },
      { label: 'field.skill', step: 'skill' },
      { label: 'field.date', step: 'date' },
      { label: 'field.times', step: 'times' },
      { label: 'field.pay', step: 'pay' },
      { label: 'field.headcount', step: 'headcount' },
      { label: 'field.place', step: 'place' },
      { label: 'field.description', step: 'description' },
    ],
  },
  complete: 'job',
  cancelled: 'job.not_posted',
});
