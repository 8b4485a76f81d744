// Unit tests for phone numbers typed by users or given by WhatsApp (src/conversation/answers/phone.ts).
import { getCountries } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import {
  countryOfPhone,
  formatPhoneForDisplay,
  parseInternationalPhone,
  phoneFromWaId,
  suggestedLocale,
  timeZoneOfCountry,
} from '../../src/conversation/answers/phone.js';

// Numbers in ranges the numbering plans assign (the "max" metadata checks ranges, not only lengths).
const ES_MOBILE = '+34612345678';
const ES_LANDLINE = '+34912345678';
const UK_MOBILE = '+447400123456';
const UK_LANDLINE = '+442079460958';
const US_NUMBER = '+12025550123';
const MX_NUMBER = '+525512345678';

describe('parseInternationalPhone', () => {
  it.each([
    ['+34 612 34 56 78', ES_MOBILE, 'ES'],
    ['+34612345678', ES_MOBILE, 'ES'],
    ['+34 612-34-56-78', ES_MOBILE, 'ES'],
    ['+34 912 345 678', ES_LANDLINE, 'ES'],
    ['+44 7400 123456', UK_MOBILE, 'GB'],
    ['+44 (0)20 7946 0958', UK_LANDLINE, 'GB'],
    ['+1 (202) 555-0123', US_NUMBER, 'US'],
    ['+52 55 1234 5678', MX_NUMBER, 'MX'],
    ['+54 9 11 2345 6789', '+5491123456789', 'AR'],
  ])('when the number has a "+" (%s), then it parses to E.164 with its country', (text, e164, country) => {
    expect(parseInternationalPhone(text)).toEqual({ ok: true, e164, country });
  });

  it('when the number starts with the "00" international prefix, then it reads as after a "+"', () => {
    expect(parseInternationalPhone('0034612345678')).toEqual({ ok: true, e164: ES_MOBILE, country: 'ES' });
    expect(parseInternationalPhone('00 44 7400 123456')).toEqual({ ok: true, e164: UK_MOBILE, country: 'GB' });
    expect(parseInternationalPhone('0034 999 999 999')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('when the number is bare digits that are valid read as international, then it is accepted', () => {
    expect(parseInternationalPhone('34612345678')).toEqual({ ok: true, e164: ES_MOBILE, country: 'ES' });
    expect(parseInternationalPhone('447400123456')).toEqual({ ok: true, e164: UK_MOBILE, country: 'GB' });
    expect(parseInternationalPhone('12025550123')).toEqual({ ok: true, e164: US_NUMBER, country: 'US' });
  });

  it('when a national number comes with a default country, then it parses in that country', () => {
    expect(parseInternationalPhone('612 345 678', 'ES')).toEqual({ ok: true, e164: ES_MOBILE, country: 'ES' });
    expect(parseInternationalPhone('612 345 678', 'es')).toEqual({ ok: true, e164: ES_MOBILE, country: 'ES' });
    expect(parseInternationalPhone('07400 123456', 'GB')).toEqual({ ok: true, e164: UK_MOBILE, country: 'GB' });
    expect(parseInternationalPhone('(202) 555-0123', 'US')).toEqual({ ok: true, e164: US_NUMBER, country: 'US' });
    expect(parseInternationalPhone('55 1234 5678', 'MX')).toEqual({ ok: true, e164: MX_NUMBER, country: 'MX' });
  });

  it('when a default country is given, then the national reading wins over an international one', () => {
    // "+20 2 5550123" would be an Egyptian number; for a US user these digits are a US number.
    expect(parseInternationalPhone('2025550123', 'US')).toEqual({ ok: true, e164: US_NUMBER, country: 'US' });
  });

  it('when a default country is given but the number is international, then the international reading is used', () => {
    expect(parseInternationalPhone('+44 7400 123456', 'ES')).toEqual({ ok: true, e164: UK_MOBILE, country: 'GB' });
    expect(parseInternationalPhone('34612345678', 'GB')).toEqual({ ok: true, e164: ES_MOBILE, country: 'ES' });
  });

  it('when a national number comes without a usable default country, then it is not_international', () => {
    expect(parseInternationalPhone('612 345 678')).toEqual({ ok: false, reason: 'not_international' });
    expect(parseInternationalPhone('07400 123456')).toEqual({ ok: false, reason: 'not_international' });
    expect(parseInternationalPhone('612 345 678', 'XX')).toEqual({ ok: false, reason: 'not_international' });
    expect(parseInternationalPhone('612 345 678', '')).toEqual({ ok: false, reason: 'not_international' });
  });

  it.each([
    ['an unassigned Spanish range', '+34 999 999 999'],
    ['a Spanish number one digit short', '+34 61234567'],
    ['a Spanish number one digit long', '+34 6123456789'],
    ['a UK number in the reserved drama range', '+44 7700 900123'],
    ['a US toll-free number', '+1 800 555 0199'],
    ['a Spanish personal number', '+34 700 000 000'],
    ['an unassigned country code', '+999 1234567'],
    ['the dropped Mexican mobile "1" with a bad number', '+52 1 99 9999'],
  ])('when the number is %s, then it is invalid', (_label, text) => {
    expect(parseInternationalPhone(text)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('when a national number does not validate in the default country, then it is invalid', () => {
    expect(parseInternationalPhone('999 999 999', 'ES')).toEqual({ ok: false, reason: 'invalid' });
    expect(parseInternationalPhone('12345', 'ES')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('when a Mexican mobile is written with the "1" Mexico dropped in 2019, then it gets today\'s number', () => {
    expect(parseInternationalPhone('+52 1 55 1234 5678')).toEqual({ ok: true, e164: MX_NUMBER, country: 'MX' });
  });

  it.each([
    ['empty text', ''], ['spaces', '   '], ['an emoji', '📞'], ['digits with an emoji', '+34 612 😀 345 678'], ['words', 'my number'],
    ['letters in the number', '+34 612 ABC 678'], ['an extension', '+34612345678 ext 12'], ['a "+" in the middle', '34+612345678'],
    ['too few digits', '+3'], ['5,000 digits', '1'.repeat(5000)], ['5,000 letters', 'x'.repeat(5000)], ['an e-mail address', 'a@b.com'],
  ])('when the text is %s, then it is not_a_number', (_label, text) => {
    expect(parseInternationalPhone(text)).toEqual({ ok: false, reason: 'not_a_number' });
  });

  it('when the input is not a string, then it does not throw', () => {
    expect(parseInternationalPhone(undefined as unknown as string)).toEqual({ ok: false, reason: 'not_a_number' });
    expect(parseInternationalPhone(34612345678 as unknown as string)).toEqual({ ok: false, reason: 'not_a_number' });
    expect(parseInternationalPhone('612345678', 42 as unknown as string)).toEqual({ ok: false, reason: 'not_international' });
  });
});

describe('phoneFromWaId', () => {
  it.each([
    ['34612345678', ES_MOBILE],
    ['447400123456', UK_MOBILE],
    ['12025550123', US_NUMBER],
    ['525512345678', MX_NUMBER],
    ['5491123456789', '+5491123456789'],
  ])('when the wa_id is %s, then it is %s', (waId, e164) => {
    expect(phoneFromWaId(waId)).toBe(e164);
  });

  it('when WhatsApp gives a Mexican mobile with the old "521" prefix, then it is today\'s number', () => {
    expect(phoneFromWaId('5215512345678')).toBe(MX_NUMBER);
  });

  it('when the wa_id already has a "+", then it is accepted as it is', () => {
    expect(phoneFromWaId(ES_MOBILE)).toBe(ES_MOBILE);
  });

  it.each(['34999999999', '3461234567', '123', '', '   ', 'abc', '34 612 34 56 78', '9'.repeat(16), '😀', 'x'.repeat(5000)])(
    'when the wa_id is %j, then there is no phone',
    (waId) => {
      expect(phoneFromWaId(waId)).toBeNull();
    },
  );

  it('when the wa_id is not a string, then there is no phone and no throw', () => {
    expect(phoneFromWaId(null as unknown as string)).toBeNull();
  });
});

describe('countryOfPhone', () => {
  it.each([
    [ES_MOBILE, 'ES'], ['34612345678', 'ES'], [UK_LANDLINE, 'GB'], ['447400123456', 'GB'], [US_NUMBER, 'US'], ['12025550123', 'US'],
    ['16135550123', 'CA'], [MX_NUMBER, 'MX'], ['5215512345678', 'MX'],
  ])('when the number is %s, then the country is %s', (number, country) => {
    expect(countryOfPhone(number)).toBe(country);
  });

  it.each(['+80012345678', '34999999999', '', 'garbage', '+'])('when the number is %j, then there is no country', (number) => {
    expect(countryOfPhone(number)).toBeNull();
  });
});

describe('formatPhoneForDisplay', () => {
  it.each([
    [ES_MOBILE, '+34 612 34 56 78'],
    [ES_LANDLINE, '+34 912 34 56 78'],
    [UK_MOBILE, '+44 7400 123456'],
    [UK_LANDLINE, '+44 20 7946 0958'],
    [US_NUMBER, '+1 202 555 0123'],
    [MX_NUMBER, '+52 55 1234 5678'],
    ['34612345678', '+34 612 34 56 78'],
  ])('when the number is %s, then it shows as %s', (e164, shown) => {
    expect(formatPhoneForDisplay(e164)).toBe(shown);
  });

  it('when the number cannot be parsed, then it is shown as given, without surrounding spaces', () => {
    expect(formatPhoneForDisplay(' not a phone ')).toBe('not a phone');
    expect(formatPhoneForDisplay('+34999999999')).toBe('+34999999999');
    expect(formatPhoneForDisplay(undefined as unknown as string)).toBe('');
  });
});

describe('suggestedLocale', () => {
  it.each([
    ['34612345678', 'es'], [ES_MOBILE, 'es'], [MX_NUMBER, 'es'], ['5215512345678', 'es'], ['5491123456789', 'es'],
    [UK_MOBILE, 'en'], ['447400123456', 'en'], [US_NUMBER, 'en'], ['16135550123', 'en'],
  ])('when the number is %s, then the locale is %s', (number, locale) => {
    expect(suggestedLocale(number)).toBe(locale);
  });

  it('when there is no number or it is not valid, then the locale is English', () => {
    expect(suggestedLocale(null)).toBe('en');
    expect(suggestedLocale('')).toBe('en');
    expect(suggestedLocale('34999999999')).toBe('en');
    expect(suggestedLocale('🇪🇸')).toBe('en');
  });
});

describe('timeZoneOfCountry', () => {
  it.each([
    ['ES', 'Europe/Madrid'], ['GB', 'Europe/London'], ['FR', 'Europe/Paris'], ['DE', 'Europe/Berlin'], ['IT', 'Europe/Rome'],
    ['PT', 'Europe/Lisbon'], ['NL', 'Europe/Amsterdam'], ['BE', 'Europe/Brussels'], ['IE', 'Europe/Dublin'], ['CO', 'America/Bogota'],
    ['PE', 'America/Lima'], ['AR', 'America/Argentina/Buenos_Aires'], ['es', 'Europe/Madrid'], [' gb ', 'Europe/London'],
  ])('when the country is %j, then the zone is %s', (country, zone) => {
    expect(timeZoneOfCountry(country)).toBe(zone);
  });

  it.each(['US', 'MX', 'CA', 'BR', 'AU', 'RU', 'CL', 'EC'])('when %s has several time zones, then there is none', (country) => {
    expect(timeZoneOfCountry(country)).toBeNull();
  });

  it('when the country is unknown, missing or not a code, then there is no zone', () => {
    expect(timeZoneOfCountry(null)).toBeNull();
    expect(timeZoneOfCountry('')).toBeNull();
    expect(timeZoneOfCountry('XX')).toBeNull();
    expect(timeZoneOfCountry('toString')).toBeNull();
    expect(timeZoneOfCountry('__proto__')).toBeNull();
  });

  it('when every country is looked up, then each zone returned is a real IANA zone, for about thirty countries', () => {
    const found = getCountries().flatMap((country) => {
      const zone = timeZoneOfCountry(country);
      return zone === null ? [] : [zone];
    });
    for (const zone of found) expect(() => new Intl.DateTimeFormat('en', { timeZone: zone })).not.toThrow();
    expect(found.length).toBeGreaterThanOrEqual(25);
    expect(found.length).toBeLessThanOrEqual(45);
  });

  it('when a Spanish number is given, then its country leads to Madrid time', () => {
    expect(timeZoneOfCountry(countryOfPhone('34612345678'))).toBe('Europe/Madrid');
  });
});
