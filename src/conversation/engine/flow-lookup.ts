// Finding a saved position's flow and step (names come from stored JSON: looked up as own keys only).
import { flows, type FlowName } from '../../../flows/index.js';
import type { EngineContext } from './context.js';
import type { FlowDefinition, StepDefinition } from './flow.js';
import type { FlowPosition } from './state.js';

export function flowOf(name: string): FlowDefinition | undefined {
  return Object.hasOwn(flows, name) ? (flows[name as FlowName] as FlowDefinition) : undefined;
}

export function stepOf(position: Pick<FlowPosition, 'name' | 'step'>): StepDefinition<string> | undefined {
  const steps = flowOf(position.name)?.steps as Record<string, StepDefinition<string>> | undefined;
  return steps && Object.hasOwn(steps, position.step) ? steps[position.step] : undefined;
}

/** The flows that set a contact up. */
export const ONBOARDING_FLOWS: ReadonlySet<string> = new Set(['welcome', 'worker_onboarding', 'employer_onboarding']);

/**
 * Whether a flow is this contact's onboarding: kept aside by "cancel" and other flows, offered again later.
 * The onboarding flow of someone who already has a profile is them editing it ("profile"), which is not.
 */
export function isOnboarding(name: string, context: EngineContext): boolean {
  if (name === 'worker_onboarding') return context.worker === null;
  if (name === 'employer_onboarding') return context.employer === null;
  return name === 'welcome';
}
