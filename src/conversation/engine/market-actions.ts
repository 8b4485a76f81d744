// The buttons and rows of marketplace messages (offer and candidate cards, job lists, rating questions) and the
// share-link text: their ids are `<kind>/<id>/<verb>`, so a tap on a card of any age is recognised wherever the
// conversation is, and routed on the id, never on the title.
import { normaliseText } from '../answers/fuzzy-match.js';
import type { Input } from './input.js';

export type MarketAction =
  | { kind: 'offer'; id: number; verb: 'yes' | 'no' | 'withdraw' | 'show' | 'share' }
  /** A job opened through its share link: there is no offer yet, the answer makes one. */
  | { kind: 'link'; id: number; verb: 'yes' | 'no' }
  | { kind: 'lead'; id: number; verb: 'unlock' | 'skip' | 'show' }
  | { kind: 'job'; id: number; verb: 'show' | 'leads' | 'cancel' | 'cancel_yes' | 'keep' | 'close' }
  /** After a shift: the employer rates the worker (or reports a no-show), the worker rates the employer; `ask` shows the question. */
  | { kind: 'rate'; id: number; direction: 'of_worker' | 'of_employer'; value: 1 | 2 | 3 | 4 | 5 | 'no_show' | 'ask' };

const VERBS = {
  offer: ['yes', 'no', 'withdraw', 'show', 'share'],
  link: ['yes', 'no'],
  lead: ['unlock', 'skip', 'show'],
  job: ['show', 'leads', 'cancel', 'cancel_yes', 'keep', 'close'],
} as const;

export const actionId = (kind: 'offer' | 'link' | 'lead' | 'job', id: number, verb: string): string => `${kind}/${id}/${verb}`;
export const rateId = (direction: 'of_worker' | 'of_employer', leadId: number, value: number | 'no_show' | 'ask'): string =>
  `${direction === 'of_worker' ? 'rate' : 'ratee'}/${leadId}/${value}`;

const ID = /^(offer|link|lead|job|rate|ratee)\/(\d{1,15})\/([a-z_0-9]+)$/;

export function marketActionOf(input: Input): MarketAction | null {
  if (input.kind !== 'reply') return null;
  const match = ID.exec(input.id);
  if (!match) return null;
  const [, kind, rawId, verb] = match as unknown as [string, string, string, string];
  const id = Number(rawId);
  if (kind === 'rate' || kind === 'ratee') {
    const value = verb === 'no_show' || verb === 'ask' ? verb : Number(verb);
    if (value === 'no_show' && kind === 'ratee') return null;
    if (typeof value === 'number' && !(Number.isInteger(value) && value >= 1 && value <= 5)) return null;
    return { kind: 'rate', id, direction: kind === 'rate' ? 'of_worker' : 'of_employer', value: value as 1 };
  }
  const verbs: readonly string[] = VERBS[kind as keyof typeof VERBS];
  return verbs.includes(verb) ? ({ kind, id, verb } as MarketAction) : null;
}

/** Letters and digits of job codes and referral codes: none that read alike (no 0/O, 1/I/L). */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A contact's referral code: their id in the code alphabet (what a shared link says about who shared it). */
export function referralCode(contactId: number): string {
  let code = '';
  for (let rest = contactId; rest > 0 || code === ''; rest = Math.floor(rest / CODE_ALPHABET.length)) code = CODE_ALPHABET[rest % CODE_ALPHABET.length]! + code;
  return code;
}

export function contactOfReferral(code: string): number | null {
  let id = 0;
  for (const ch of code) {
    const digit = CODE_ALPHABET.indexOf(ch);
    if (digit < 0) return null;
    id = id * CODE_ALPHABET.length + digit;
  }
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

// What a share link types: "JOB " and a code in the code alphabet (and a referrer's code after an "R").
const SHARE_TEXT = /^\s*job\s*[:#-]?\s*([a-hj-km-np-z2-9]{6})(?:\s+r([a-hj-km-np-z2-9]{1,10}))?\s*[.!]?\s*$/i;

/** "JOB K7Q2XY" (as the share link types it), or "JOB K7Q2XY R4F" from a worker's own link. */
export function shareCodeOf(input: Input): { code: string; referrer: number | null } | null {
  if (input.kind !== 'text' || input.text.length > 40) return null;
  const match = SHARE_TEXT.exec(input.text);
  if (!match) return null;
  return { code: match[1]!.toUpperCase(), referrer: match[2] === undefined ? null : contactOfReferral(match[2].toUpperCase()) };
}

/** The share link of a job, with the sharer's referral code when a worker shares it. */
export function shareLink(displayPhoneNumber: string, code: string, referrer?: number): string {
  return `https://wa.me/${displayPhoneNumber}?text=JOB%20${code}${referrer === undefined ? '' : `%20R${referralCode(referrer)}`}`;
}

const YES = new Set(['yes', 'y', 'si', 'interested', 'im interested', 'i m interested', 'i am interested', 'me interesa', 'interesado', 'interesada', 'ok', 'vale']);
const NO = new Set(['no', 'n', 'not for me', 'no thanks', 'no gracias', 'no me interesa', 'paso']);

/** A typed answer to a card's yes/no question, for a worker with exactly one offer waiting. */
export function typedAnswerOf(input: Input): 'yes' | 'no' | null {
  if (input.kind !== 'text' || input.text.length > 30) return null;
  const typed = normaliseText(input.text);
  return YES.has(typed) ? 'yes' : NO.has(typed) ? 'no' : null;
}
