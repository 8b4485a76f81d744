// The placeholder values any prompt may use, from the answers so far and the context.
import type { TemplateParams } from '../../../templates/index.js';
import { formatPhoneForDisplay, phoneFromWaId } from '../answers/phone.js';
import type { EngineContext } from './context.js';
import type { Locale } from './state.js';

export const firstName = (name: unknown): string => (typeof name === 'string' ? (name.trim().split(/\s+/)[0] ?? name) : '');

/** "Maria Lopez" -> "Maria L.": what an employer sees of a worker's name. */
export function shortName(name: string): string {
  const [first, ...rest] = name.trim().split(/\s+/);
  const last = rest.at(-1);
  return last ? `${first} ${last[0]!.toUpperCase()}.` : (first ?? name);
}

export function money(amount: number, currency: string, locale: Locale): string {
  const whole = Number.isInteger(amount);
  return new Intl.NumberFormat(locale === 'es' ? 'es-ES' : 'en-GB', {
    style: 'currency',
    currency,
    currencyDisplay: 'code',
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  })
    .format(amount)
    .replace(/\u00a0/g, ' ');
}

/** The number a worker shares on unlock: Meta's when they chose it ("Yes, use it"), else the one they gave. */
export function sharedPhoneOf(answers: Readonly<Record<string, unknown>>, context: EngineContext): string | null {
  const metaPhone = () => (context.waId === null ? null : phoneFromWaId(context.waId));
  if (answers.phoneChoice === 'use') return metaPhone();
  return typeof answers.phone === 'string' ? answers.phone : metaPhone();
}

export function promptParams(answers: Readonly<Record<string, unknown>>, context: EngineContext): TemplateParams {
  const name = answers.name ?? answers.contactName ?? context.worker?.name ?? context.employer?.contactName;
  return {
    firstName: firstName(name),
    businessName: typeof answers.businessName === 'string' ? answers.businessName : (context.employer?.businessName ?? ''),
    privacyUrl: context.settings.privacyPolicyUrl,
    currency: context.settings.currency,
    // A getter: parsing the number is only worth it for the prompts that show it.
    get phone() {
      const phone = sharedPhoneOf(answers, context);
      return phone === null ? '' : formatPhoneForDisplay(phone);
    },
    /** The number Meta sent, as offered by "Is that the best number?". */
    get waPhone() {
      const phone = context.waId === null ? null : phoneFromWaId(context.waId);
      return phone === null ? '' : formatPhoneForDisplay(phone);
    },
  };
}
