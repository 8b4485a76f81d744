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
  /** Profiles and preferences go; the contact row stays as the key its inbox and outbox rows hang on. */
  | { type: 'delete_my_data' };

export type Reply = OutboundMessageInput;

export interface EngineResult {
  state: ConversationState;
  replies: Reply[];
  effects: Effect[];
}
