// Phone numbers typed by users or given by WhatsApp (wa_id): parsing to E.164, country, display, locale and time zone hints.
// The "max" metadata, unlike the default (which checks little beyond length), knows each country's number ranges and
// types, so isValid() rejects numbers that cannot exist and getType() tells mobiles and landlines from premium lines.
// It is bigger, which costs nothing on a server.
import { parsePhoneNumberFromString, isSupportedCountry, type PhoneNumber } from 'libphonenumber-js/max';

export type ParsePhoneResult =
  | { ok: true; e164: string; country: string | null }
  | { ok: false; reason: 'not_a_number' | 'not_international' | 'invalid' };

// Longer than any number written with spaces and punctuation: refused before the library sees it.
const MAX_INPUT = 40;
// Digits, spaces and the punctuation people put in phone numbers ("+44 (0)20 7946-0958", "612.345.678").
const PHONE_LIKE = /^\+?[\d\s().\-/]+$/;
const ACCEPTED_TYPES = new Set(['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE']);

function parse(text: string, country?: string): PhoneNumber | undefined {
  try {
    return parsePhoneNumberFromString(text, country && isSupportedCountry(country) ? { defaultCountry: country } : {});
  } catch {
    return undefined; // it returns undefined for unparseable text; the catch is only a guard, the callers promise never to throw
  }
}

/** Digits read as an international number. WhatsApp writes Mexican mobiles with the "1" Mexico dropped in 2019 (521...). */
function parseInternationalDigits(digits: string): PhoneNumber | undefined {
  const phone = parse(`+${digits}`);
  if (phone?.isValid() || !/^521\d{10}$/.test(digits)) return phone;
  return parse(`+52${digits.slice(3)}`);
}

const usable = (phone: PhoneNumber | undefined): phone is PhoneNumber =>
  phone !== undefined && phone.isValid() && ACCEPTED_TYPES.has(phone.getType() ?? '');

/**
 * A number the user typed: "+34 612 34 56 78", "0034 612 345 678", "34612345678" (when it is valid read as
 * international), or "612 345 678" with a defaultCountry (ISO 3166 alpha-2). Only mobile and fixed lines pass.
 */
export function parseInternationalPhone(text: string, defaultCountry?: string): ParsePhoneResult {
  if (typeof text !== 'string') return { ok: false, reason: 'not_a_number' };
  const trimmed = text.trim();
  if (trimmed.length > MAX_INPUT || !PHONE_LIKE.test(trimmed)) return { ok: false, reason: 'not_a_number' };
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 4) return { ok: false, reason: 'not_a_number' };
  const upper = typeof defaultCountry === 'string' ? defaultCountry.trim().toUpperCase() : '';
  const home = isSupportedCountry(upper) ? upper : undefined; // an unknown country is as good as none
  let phone: PhoneNumber | undefined;
  if (trimmed.startsWith('+') || digits.startsWith('00')) phone = parseInternationalDigits(trimmed.startsWith('+') ? digits : digits.slice(2));
  else {
    // With a home country the national reading comes first: "2025550123" is a US number, though "+20 2 5550123" parses too.
    const national = home ? parse(digits, home) : undefined;
    phone = usable(national) ? national : parseInternationalDigits(digits);
    if (!usable(phone) && !home) return { ok: false, reason: 'not_international' };
  }
  if (!usable(phone)) return { ok: false, reason: 'invalid' };
  return { ok: true, e164: phone.number, country: phone.country ?? null };
}

/**
 * An E.164 number or a wa_id (digits only) when valid. Any valid number passes here, not only mobile and fixed lines:
 * these come from WhatsApp, which has already checked that the number reaches its user.
 */
function fromE164OrWaId(value: string): PhoneNumber | undefined {
  if (typeof value !== 'string') return undefined;
  const digits = value.trim().replace(/^\+/, '');
  if (!/^\d{6,15}$/.test(digits)) return undefined; // E.164 allows at most 15 digits
  const phone = parseInternationalDigits(digits);
  return phone?.isValid() ? phone : undefined;
}

/** WhatsApp's wa_id ("34612345678") as E.164 ("+34612345678"), or null when it is not a valid number. */
export function phoneFromWaId(waId: string): string | null {
  return fromE164OrWaId(waId)?.number ?? null;
}

/** ISO 3166 alpha-2 country of an E.164 number or a wa_id; null when not valid or not geographic (+800). */
export function countryOfPhone(e164OrWaId: string): string | null {
  return fromE164OrWaId(e164OrWaId)?.country ?? null;
}

/** "+34 612 34 56 78"; what cannot be parsed comes back as given, so that there is always something to show. */
export function formatPhoneForDisplay(e164: string): string {
  if (typeof e164 !== 'string') return '';
  return fromE164OrWaId(e164)?.formatInternational() ?? e164.trim();
}

const SPANISH_SPEAKING = new Set(['ES', 'MX', 'AR', 'CO', 'CL', 'PE', 'VE', 'EC', 'GT', 'CU', 'BO', 'DO', 'HN', 'PY', 'SV', 'NI', 'CR', 'PA', 'UY', 'PR', 'GQ']);

/**
 * Calling codes of the Spanish-speaking countries (those of the Dominican Republic and Puerto Rico are area
 * codes of +1). Calling codes are prefix-free, so the leading digits settle the country code without parsing
 * the whole number, which costs ~0.1 ms and is the dearest step of a conversation turn.
 */
const SPANISH_CALLING_CODES = ['34', '52', '54', '57', '56', '51', '58', '593', '502', '53', '591', '504', '595', '503', '505', '506', '507', '598', '240', '1809', '1829', '1849', '1787', '1939'];

/** The language to greet a new user in, from where their number is; English when unknown. */
export function suggestedLocale(waIdOrE164: string | null): 'en' | 'es' {
  if (waIdOrE164 === null) return 'en';
  const digits = waIdOrE164.replace(/^\+|^00/, '');
  if (!/^\d{7,15}$/.test(digits)) return 'en';
  if (!SPANISH_CALLING_CODES.some((code) => digits.startsWith(code))) return 'en';
  // A valid number confirms it (the prefix alone would also take a number too short to be real).
  const country = countryOfPhone(waIdOrE164);
  return country !== null && SPANISH_SPEAKING.has(country) ? 'es' : 'en';
}

// Countries that in practice keep one clock. Left out on purpose, as several zones apply: US, CA, MX, BR, AU, RU,
// CL (mainland and Easter Island), EC (Galápagos), and any country not listed.
const TIME_ZONES: Record<string, string> = {
  // Spain: the Canary Islands run an hour behind (Atlantic/Canary); most users are on the mainland, and a shift's
  // own address is what matters for its hours.
  ES: 'Europe/Madrid',
  // Portugal: the Azores run an hour behind; Madeira keeps Lisbon's time.
  PT: 'Europe/Lisbon',
  GB: 'Europe/London', IE: 'Europe/Dublin', FR: 'Europe/Paris', DE: 'Europe/Berlin', IT: 'Europe/Rome',
  NL: 'Europe/Amsterdam', BE: 'Europe/Brussels', LU: 'Europe/Luxembourg', CH: 'Europe/Zurich', AT: 'Europe/Vienna',
  PL: 'Europe/Warsaw', SE: 'Europe/Stockholm', NO: 'Europe/Oslo', DK: 'Europe/Copenhagen', FI: 'Europe/Helsinki',
  GR: 'Europe/Athens', RO: 'Europe/Bucharest', GQ: 'Africa/Malabo',
  AR: 'America/Argentina/Buenos_Aires', CO: 'America/Bogota', PE: 'America/Lima', VE: 'America/Caracas',
  UY: 'America/Montevideo', PY: 'America/Asuncion', BO: 'America/La_Paz', GT: 'America/Guatemala',
  SV: 'America/El_Salvador', HN: 'America/Tegucigalpa', NI: 'America/Managua', CR: 'America/Costa_Rica',
  PA: 'America/Panama', CU: 'America/Havana', DO: 'America/Santo_Domingo', PR: 'America/Puerto_Rico',
};

/** The IANA time zone of a country with one zone in practice (ISO 3166 alpha-2, any case), else null. */
export function timeZoneOfCountry(country: string | null): string | null {
  const code = typeof country === 'string' ? country.trim().toUpperCase() : '';
  return Object.hasOwn(TIME_ZONES, code) ? TIME_ZONES[code]! : null;
}

/** The zone to read a contact's dates and times in: their number's country's when it has one, else the default. */
export function contactTimeZone(waId: string | null, fallback: string): string {
  return timeZoneOfCountry(waId === null ? null : countryOfPhone(waId)) ?? fallback;
}
