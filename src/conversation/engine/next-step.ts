// Where a flow goes next: after an answer, and for a saved position its flow no longer has.
import type { EngineContext } from './context.js';
import type { FlowDefinition, Next, StepDefinition } from './flow.js';
import { guards } from './guards.js';

type Answers = Record<string, unknown>;

/** The step after an answer: one step, a guard's choice, or the step of the option picked ('done' ends the flow). */
export function resolveNext(next: StepDefinition<string>['next'], option: string | undefined, answers: Answers, context: EngineContext): string {
  const one = (n: Next<string>): string => (typeof n === 'string' ? n : guards[n.guard](answers, context) ? n.then : n.else);
  if (typeof next === 'string' || 'guard' in next) return one(next as Next<string>);
  const byOption = (next as Record<string, Next<string>>)[option ?? ''];
  return byOption === undefined ? 'done' : one(byOption);
}

/**
 * Walks the flow from its start along the answers it has, and stops at the first step on that path whose
 * answer is missing: a branch not taken ("use Meta's number" skips "type another") is not asked. A choice
 * that saves nothing (add another skill?) takes the way that does not loop back.
 */
export function firstUnanswered(flow: FlowDefinition, answers: Answers, context: EngineContext): string {
  const steps = flow.steps as Record<string, StepDefinition<string>>;
  const seen = new Set<string>();
  let name: string = flow.start;
  while (!seen.has(name) && steps[name]) {
    seen.add(name);
    const step = steps[name]!;
    if (step.skip && guards[step.skip.if](answers, context)) {
      name = step.skip.to;
      continue;
    }
    if (step.answer.kind === 'summary') return name;
    const saved = step.save ? answers[step.save.key] : undefined;
    if (step.save && saved === undefined) return name;
    const next = step.next;
    if (typeof next === 'string' || 'guard' in next) name = resolveNext(next, undefined, answers, context);
    else {
      const options = Object.keys(next as Record<string, Next<string>>);
      const option = typeof saved === 'string' && options.includes(saved) ? saved : options.find((o) => !seen.has(resolveNext(next, o, answers, context)));
      name = resolveNext(next, option, answers, context);
    }
    if (name === 'done') break;
  }
  return flow.summary?.step ?? flow.start;
}
