// What finishing a flow does, and how a flow's answers read as a summary: named pure functions the flows refer to.
import { formatAvailability } from '../answers/availability.js';
import { formatPhoneForDisplay } from '../answers/phone.js';
import { employerProfileSchema, workerProfileSchema, type EngineContext } from './context.js';
import { catalogueTitles } from './catalogues.js';
import { money, shortName, firstName, sharedPhoneOf } from './params.js';
import type { Locale } from './state.js';
import type { Turn } from './turn.js';
import { render } from '../../../templates/index.js';
import { freshState } from './state.js';
import { shareLink } from './market-actions.js';
import { jobOf, jobSummary } from './post-job.js';
import { showPendingJob } from './market.js';

type Answers = Readonly<Record<string, unknown>>;

/** What a completion may ask of the engine. */
export interface FlowControl {
  /** Starts a flow at its first step (or at `step`, with `answers`), and asks its question. */
  start(name: 'welcome' | 'worker_onboarding' | 'employer_onboarding', options?: { answers?: Record<string, unknown> }): void;
  /** Back to a flow that was set aside (language change mid-onboarding), asking its question again. */
  unpark(lead?: string): boolean;
  menu(lead?: string): void;
  /** The first step whose answer is missing or no longer valid: a summary that cannot be saved goes back there. */
  reask(step: string, lead?: string): void;
}

function workerProfileOf(answers: Answers, context: EngineContext) {
  const phone = sharedPhoneOf(answers, context);
  return workerProfileSchema.safeParse({
    name: answers.name,
    skills: answers.skills,
    availability: answers.availability,
    location: answers.location,
    radiusKm: answers.radiusKm,
    minRateCents: typeof answers.minRate === 'number' ? Math.round(answers.minRate * 100) : undefined,
    currency: context.settings.currency,
    phone,
    phoneShareConsentAt: context.now.toISOString(),
  });
}

function employerProfileOf(answers: Answers) {
  return employerProfileSchema.safeParse({
    businessName: answers.businessName,
    contactName: answers.contactName,
    businessType: answers.businessType,
    location: answers.location,
  });
}

/** Which step asks for each profile field, for a summary that does not validate (a flow changed meanwhile). */
const workerFieldSteps: Record<string, string> = { name: 'name', skills: 'skill', availability: 'availability', location: 'location', radiusKm: 'radius', minRateCents: 'rate', phone: 'phone' };
const employerFieldSteps: Record<string, string> = { businessName: 'business_name', contactName: 'contact_name', businessType: 'business_type', location: 'location' };

export const summaries = {
  worker(answers: Answers, context: EngineContext, locale: Locale): string {
    const location = answers.location as { label?: string } | undefined;
    const phone = sharedPhoneOf(answers, context);
    return render(locale, 'worker.summary_body', {
      shortName: typeof answers.name === 'string' ? shortName(answers.name) : '-',
      skills: catalogueTitles('skills', answers.skills, locale) || '-',
      availability: Array.isArray(answers.availability) ? formatAvailability(answers.availability as never, locale) : '-',
      radiusKm: typeof answers.radiusKm === 'number' ? answers.radiusKm : '-',
      area: location?.label ?? '-',
      rate: typeof answers.minRate === 'number' ? money(answers.minRate, context.settings.currency, locale) : '-',
      phone: phone ? formatPhoneForDisplay(phone) : '-',
    });
  },
  employer(answers: Answers, _context: EngineContext, locale: Locale): string {
    const location = answers.location as { label?: string } | undefined;
    return render(locale, 'employer.summary_body', {
      businessName: typeof answers.businessName === 'string' ? answers.businessName : '-',
      businessType: catalogueTitles('business_types', answers.businessType, locale) || '-',
      area: location?.label ?? '-',
      contactName: typeof answers.contactName === 'string' ? answers.contactName : '-',
    });
  },
  job: jobSummary,
} satisfies Record<string, (answers: Answers, context: EngineContext, locale: Locale) => string>;
export type SummaryName = keyof typeof summaries;

export const completions = {
  welcome(turn: Turn, answers: Answers, control: FlowControl) {
    const locale = turn.locale;
    if (answers.consent !== 'agree') {
      // Declining keeps nothing but the opt-out: not even the language (a later "hi" suggests it again), nor
      // what they wrote so far.
      turn.state = { ...freshState(), consent: 'declined', optedOut: true };
      turn.effect({ type: 'delete_my_data' });
      turn.effect({ type: 'set_preferences', locale: null, role: null, consent: 'declined', optedOut: true });
      turn.text(render(locale, 'welcome.declined'));
      return;
    }
    const role = answers.role === 'employer' ? 'employer' : 'worker';
    // Saying yes lifts the opt-out an earlier "No thanks" set, never one they asked for with "stop".
    const optedOut = turn.state.consent === 'declined' ? false : turn.state.optedOut;
    // A job's share link is for workers: one who signs up as an employer has no use for it.
    const pendingJob = role === 'worker' ? turn.state.pendingJob : null;
    turn.state = { ...turn.state, locale, role, consent: 'given', optedOut, pendingJob };
    turn.effect({ type: 'set_preferences', locale, role, consent: 'given', optedOut });
    control.start(role === 'worker' ? 'worker_onboarding' : 'employer_onboarding');
  },
  worker_profile(turn: Turn, answers: Answers, control: FlowControl) {
    const profile = workerProfileOf(answers, turn.context);
    if (!profile.success) return control.reask(workerFieldSteps[String(profile.error.issues[0]?.path[0])] ?? 'name');
    const existing = turn.context.worker !== null;
    turn.effect({ type: 'save_worker_profile', profile: profile.data });
    if (existing) control.menu(turn.t('worker.updated'));
    else turn.buttons(turn.t('worker.done', { firstName: firstName(profile.data.name) }), [{ id: 'cmd.menu', label: 'button.menu' }]);
    // A share link that brought them here: the job, now that they can answer it.
    showPendingJob(turn);
  },
  employer_profile(turn: Turn, answers: Answers, control: FlowControl) {
    const profile = employerProfileOf(answers);
    if (!profile.success) return control.reask(employerFieldSteps[String(profile.error.issues[0]?.path[0])] ?? 'business_name');
    const existing = turn.context.employer;
    const status = existing?.status ?? (turn.context.settings.employerVerification === 'auto' ? 'active' : 'pending');
    turn.effect({ type: 'save_employer_profile', profile: profile.data, status });
    const params = { firstName: firstName(profile.data.contactName), businessName: profile.data.businessName };
    if (existing) control.menu(turn.t('employer.updated'));
    else if (status === 'active') {
      turn.buttons(turn.t('employer.done_active', params), [
        { id: 'cmd.post_job', label: 'button.post_job' },
        { id: 'cmd.menu', label: 'button.menu' },
      ]);
    } else turn.buttons(turn.t('employer.done_pending', params), [{ id: 'cmd.menu', label: 'button.menu' }]);
  },
  language(turn: Turn, answers: Answers, control: FlowControl) {
    const locale = answers.locale === 'es' ? 'es' : 'en';
    turn.state = { ...turn.state, locale };
    turn.effect({ type: 'set_preferences', locale });
    turn.say('language.set');
    // Never a dead end: the question set aside, or the menu (a newcomer: the welcome, in the new language).
    if (!control.unpark()) control.menu();
  },
  delete_data(turn: Turn, answers: Answers, control: FlowControl) {
    if (answers.choice !== 'delete') {
      turn.say('delete.kept');
      if (!control.unpark()) control.menu();
      return;
    }
    const locale = turn.locale;
    turn.effect({ type: 'delete_my_data' });
    turn.state = { ...freshState(), optedOut: turn.state.optedOut };
    turn.text(render(locale, 'delete.done'));
  },
  job(turn: Turn, answers: Answers, control: FlowControl) {
    const made = jobOf(answers, turn.context);
    if (!made.ok) return control.reask(made.step, made.pastStart ? turn.t('job.in_past') : undefined);
    turn.effect({ type: 'create_job', job: made.job });
    const { displayPhoneNumber } = turn.context.settings;
    const body = displayPhoneNumber ? turn.t('job.posted_share', { link: shareLink(displayPhoneNumber, made.job.code) }) : turn.t('job.posted');
    turn.buttons(body, [
      { id: 'cmd.post_job', label: 'button.post_another' },
      { id: 'cmd.menu', label: 'button.menu' },
    ]);
  },
  report(turn: Turn, answers: Answers, control: FlowControl) {
    turn.effect({ type: 'create_abuse_report', text: String(answers.text) });
    const thanks = turn.t('report.thanks');
    if (!control.unpark(thanks)) control.menu(thanks);
  },
} satisfies Record<string, (turn: Turn, answers: Answers, control: FlowControl) => void>;
export type CompletionName = keyof typeof completions;
