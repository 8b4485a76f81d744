// The engine's date and time-range answer kinds, on a step of their own (no flow uses them yet: posting a job will).
import { describe, expect, it } from 'vitest';
import { render } from '../../templates/index.js';
import type { EngineContext } from '../../src/conversation/engine/context.js';
import type { StepDefinition } from '../../src/conversation/engine/flow.js';
import type { Input } from '../../src/conversation/engine/input.js';
import { freshState, type FlowPosition } from '../../src/conversation/engine/state.js';
import { takeAnswer } from '../../src/conversation/engine/take-answer.js';
import { Turn } from '../../src/conversation/engine/turn.js';
import { defaultSettings } from '../helpers/engine-transcript.js';

// Friday 4 Dec 2026, 23:30 UTC: already Saturday 5 Dec in Madrid, still Friday in Mexico City.
const NOW = new Date('2026-12-04T23:30:00Z');

function turn(locale: 'en' | 'es', timeZone: string): Turn {
  const context: EngineContext = { now: NOW, waId: null, timeZone, jobs: { open: 0, postedToday: 0 }, messageId: 'wamid.x', moderation: { status: 'active', reason: null }, worker: null, employer: null, settings: defaultSettings, contactId: 1, market: null };
  return new Turn({ ...freshState(), locale }, context);
}

const position: FlowPosition = { name: 'test', version: 1, step: 'ask', answers: {}, tries: 0, trail: [], page: 0, editing: false, replace: null, resumeAsked: false, at: NOW.toISOString() };
const dateStep: StepDefinition<string> = { prompt: 'worker.ask_name', answer: { kind: 'date' }, next: 'done' };
const timeStep: StepDefinition<string> = { prompt: 'worker.ask_name', answer: { kind: 'time_range' }, next: 'done' };
const text = (body: string): Input => ({ kind: 'text', text: body });

describe('date answers', () => {
  it('when "tomorrow" is typed, then it is the day after today in the contact\'s zone, shown in their language', () => {
    expect(takeAnswer(turn('en', 'Europe/Madrid'), position, dateStep, text('tomorrow'))).toEqual({ kind: 'value', value: '2026-12-06', display: 'Sun 6 Dec' });
    expect(takeAnswer(turn('es', 'America/Mexico_City'), position, dateStep, text('mañana'))).toEqual({ kind: 'value', value: '2026-12-05', display: 'sáb 5 dic' });
  });

  it('when a day that has passed or is over a year away is typed, then the hint says which', () => {
    const t = turn('en', 'Europe/Madrid');
    expect(takeAnswer(t, position, dateStep, text('2026-12-01'))).toEqual({ kind: 'invalid', hint: render('en', 'hint.date_past') });
    expect(takeAnswer(t, position, dateStep, text('2028-01-01'))).toEqual({ kind: 'invalid', hint: render('en', 'hint.date_too_far') });
    expect(takeAnswer(t, position, dateStep, text('someday'))).toEqual({ kind: 'invalid', hint: render('en', 'hint.date') });
    expect(takeAnswer(t, position, dateStep, { kind: 'other', type: 'sticker' })).toEqual({ kind: 'invalid', hint: render('en', 'hint.date') });
  });
});

describe('time-range answers', () => {
  it('when start and end are typed, then they come back as 24-hour times, across midnight too', () => {
    const t = turn('en', 'Europe/Madrid');
    expect(takeAnswer(t, position, timeStep, text('10-4pm'))).toEqual({ kind: 'value', value: { from: '10:00', to: '16:00' }, display: '10:00-16:00' });
    expect(takeAnswer(t, position, timeStep, text('de 22 a 6'))).toEqual({ kind: 'value', value: { from: '22:00', to: '06:00' }, display: '22:00-06:00' });
  });

  it('when the times cannot be read, then the hint shows the expected form', () => {
    const t = turn('es', 'Europe/Madrid');
    for (const wrong of ['10-10', 'whenever', '🙂', 'x'.repeat(5000)]) {
      expect(takeAnswer(t, position, timeStep, text(wrong))).toEqual({ kind: 'invalid', hint: render('es', 'hint.time_range') });
    }
  });
});
