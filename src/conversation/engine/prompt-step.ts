// Sends a step's question: text, buttons, a paged list or a contact request, as the answer kind asks.
import type { TemplateKey } from '../../../templates/index.js';
import { catalogueItems, PAGE_SIZE, titleOf } from './catalogues.js';
import { summaries } from './completions.js';
import { flowOf, stepOf } from './flow-lookup.js';
import { promptParams } from './params.js';
import { optionId } from './step-ids.js';
import type { FlowPosition } from './state.js';
import type { Row, Turn } from './turn.js';


/** The step's question, after an optional lead-in (what was understood, or why the last answer did not fit). */
export function promptStep(turn: Turn, position: FlowPosition, lead?: string, promptKey?: TemplateKey): void {
  const flow = flowOf(position.name);
  const step = stepOf(position);
  if (!flow || !step) return;
  const base = promptParams(position.answers, turn.context);
  const params =
    flow.summary && step.answer.kind === 'summary'
      ? Object.create(base, { summary: { value: summaries[flow.summary.render](position.answers, turn.context, turn.locale), enumerable: true } })
      : base;
  const saved = step.save ? position.answers[step.save.key] : undefined;
  const again = step.again && ((Array.isArray(saved) && saved.length > 0) || position.editing) ? step.again : undefined;
  const question = turn.t(promptKey ?? again ?? step.prompt, params);
  const body = lead ? `${lead}\n${question}` : question;
  const id = (what: string) => optionId(position.name, position.step, what);
  const answer = step.answer;
  switch (answer.kind) {
    case 'choice': {
      const shown = answer.options.filter((o) => !o.hidden);
      if (shown.length <= 3) turn.buttons(body, shown.map((o) => ({ id: id(o.id), label: o.label })));
      else turn.list(body, shown.map((o) => ({ id: id(o.id), title: turn.t(o.label) })));
      return;
    }
    case 'catalogue': {
      const items = catalogueItems[answer.catalogue];
      const pages = Math.ceil(items.length / PAGE_SIZE);
      const page = Math.min(position.page, pages - 1);
      const rows: Row[] = items.slice(page * PAGE_SIZE, page * PAGE_SIZE + PAGE_SIZE).map((item) => ({ id: id(`item/${item.id}`), title: titleOf(item, turn.locale) }));
      if (page < pages - 1) rows.push({ id: id(`page/${page + 1}`), title: turn.t('list.more'), description: turn.t('list.more_description') });
      else if (page > 0) rows.push({ id: id('page/0'), title: turn.t('list.first_page') });
      turn.list(body, rows);
      return;
    }
    case 'number':
      if (answer.options) turn.buttons(body, answer.options.map((o) => ({ id: id(`value/${o.value}`), label: o.label })));
      else turn.text(body);
      return;
    case 'availability':
      turn.buttons(body, [
        { id: id('preset/weekdays'), label: 'button.weekdays' },
        { id: id('preset/evenings'), label: 'button.evenings' },
        { id: id('preset/weekends'), label: 'button.weekends' },
      ]);
      return;
    case 'phone':
      turn.contactRequest(body);
      return;
    case 'optional_text':
      turn.buttons(body, [{ id: id('skip'), label: 'button.skip' }]);
      return;
    case 'summary':
      turn.buttons(body, [
        { id: id('confirm'), label: flow.summary?.confirm ?? 'button.looks_good' },
        { id: id('edit'), label: 'button.edit' },
      ]);
      return;
    case 'text':
    case 'place':
    case 'date':
    case 'time_range':
      turn.text(body);
      return;
  }
}

/** The list of fields [Edit] offers. */
export function promptFieldPick(turn: Turn, position: FlowPosition): void {
  const flow = flowOf(position.name);
  if (!flow?.summary) return;
  turn.list(
    turn.t('summary.pick_field'),
    flow.summary.fields.map((f) => ({ id: optionId(position.name, position.step, `field/${f.step}`), title: turn.t(f.label) })),
  );
}
