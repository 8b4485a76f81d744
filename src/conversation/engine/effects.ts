// Effects are data: the engine returns them, the processor carries them out in the turn's transaction.
import type { OutboundMessageInput } from '../../whatsapp/outbound-message.js';
import type { EmployerProfile, NewJob, WorkerProfile } from './context.js';
import type { ConversationState, Locale, Role } from './state.js';

export type Effect =
  | { type: 'save_worker_profile'; profile: WorkerProfile }
  | { type: 'save_employer_profile'; profile: EmployerProfile; status: 'pending' | 'active' }
  | { type: 'set_worker_paused'; paused: boolean }
  /** Mirrors the choices other parts of the product query (locale, role, consent, opt-out) onto the contact. */
  | { type: 'set_preferences'; locale?: Locale | null; role?: Role | null; consent?: 'given' | 'declined' | null; optedOut?: boolean }
  | { type: 'create_abuse_report'; text: string }
  | { type: 'create_job'; job: NewJob }
  /** A worker's answer to an offer card: interested makes a lead for the employer. */
  | { type: 'answer_offer'; offerId: number; answer: 'interested' | 'declined' }
  | { type: 'withdraw_interest'; offerId: number }
  /** An answer to a job opened through its share link: it becomes an offer (and, interested, a lead). */
  | { type: 'answer_link'; jobId: number; answer: 'interested' | 'declined'; referrerContactId: number | null }
  /** Someone opened a job's share link: who shared it (the employer, or a worker's own link). */
  | { type: 'record_referral'; jobId: number; referrerContactId: number | null }
  | { type: 'skip_lead'; leadId: number }
  /** The employer cancels a job, or answers "no" to "is it still open?". */
  | { type: 'close_job'; jobId: number }
  | { type: 'keep_job_open'; jobId: number }
  /** After a shift: stars, or (the employer rating the worker) a no-show. */
  | { type: 'rate'; leadId: number; direction: 'of_worker' | 'of_employer'; stars: number | null; noShow: boolean }
  /** Profiles and preferences go; the contact row stays as the key its inbox and outbox rows hang on. */
  | { type: 'delete_my_data' };

export type Reply = OutboundMessageInput;

export interface EngineResult {
  state: ConversationState;
  replies: Reply[];
  effects: Effect[];
}
