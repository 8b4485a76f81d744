// The marketplace's cards (src/marketplace/cards.ts) against WhatsApp's limits at the longest values the flows
// accept, in both locales; a candidate card leaks nothing of the worker; each approved template a card falls back
// to is the one declared, with its parameters and its quick replies' payloads and titles.
import { describe, expect, it } from 'vitest';
import { catalogueItems } from '../../src/conversation/engine/catalogues.js';
import type { JobCard } from '../../src/conversation/engine/market-view.js';
import { locales, type Locale } from '../../src/conversation/engine/state.js';
import { fallback, leadCard, linkCard, notice, offerCard, ratingPrompt, ratingQuestion, stillOpenQuestion, type LeadCardData } from '../../src/marketplace/cards.js';
import { outboundMessageSchema, type OutboundMessageInput } from '../../src/whatsapp/outbound-message.js';
import { render } from '../../templates/index.js';
import { templateLanguage, whatsappTemplates, type WhatsAppTemplateId } from '../../templates/whatsapp-templates.js';

// WhatsApp's limits (Cloud API interactive and text messages).
const INTERACTIVE_BODY_MAX = 1024;
const TEXT_MAX = 4096;
const BUTTONS_MAX = 3;
const BUTTON_TITLE_MAX = 20;
const LIST_ROWS_MAX = 10;
const ROW_TITLE_MAX = 24;

const TIME_ZONE = 'Europe/Madrid';
const templateIds = Object.keys(whatsappTemplates) as WhatsAppTemplateId[];

/** `length` characters of text that reads like a value (accented, spaced), never cut by a test's own slicing. */
const longText = (length: number, word: string) => `${word} `.repeat(Math.ceil(length / (word.length + 1))).slice(0, length);

/** A job as cards show it: a short one, or every free-text field at the longest the flows accept. */
function jobCard(size: 'short' | 'long', overrides: Partial<JobCard> = {}): JobCard {
  const long = size === 'long';
  return {
    id: 4207,
    code: 'K7Q2XY',
    employerContactId: 11,
    businessName: long ? longText(80, 'Cafetería') : 'Cafe Sol',
    title: long ? longText(80, 'Camarero/a') : 'Waiter for lunch',
    skill: 'waiter',
    localDate: '2026-12-05',
    from: '10:00',
    to: '16:00',
    startsAt: '2026-12-05T09:00:00.000Z',
    payCents: 50_000,
    currency: 'EUR',
    headcount: 3,
    // Area labels come from a pin's name or an address: 200 characters is far past any real one.
    areaLabel: long ? longText(200, 'Chamberí') : 'Chamberí, Madrid',
    description: long ? longText(500, 'Bandejas') : null,
    status: 'open',
    ...overrides,
  };
}

/** The five skills with the longest titles in a locale: the most a worker can have, at their longest. */
const longestSkills = (locale: Locale) => [...catalogueItems.skills].sort((a, b) => b[locale].length - a[locale].length).slice(0, 5).map((s) => s.id);

function leadData(locale: Locale): LeadCardData {
  return {
    id: 9,
    distanceKm: 12.345,
    fit: { skill: 'waiter', day: 5, from: '08:00', to: '22:00' },
    priceCents: 500,
    currency: 'EUR',
    worker: { initial: 'M.', skills: longestSkills(locale), ratingCount: 12, ratingSum: 55, jobsDone: 30 },
  };
}

const offerData = (fit: boolean) => ({
  id: 3141,
  distanceKm: 9.87,
  fit: fit ? { skill: 'waiter', day: 5, from: '08:00', to: '22:00' } : null,
  expiresAt: new Date('2026-12-04T21:00:00.000Z'),
});

/** Every card the marketplace sends, in a locale, at the longest values. */
function everyCard(locale: Locale): [string, OutboundMessageInput][] {
  const job = jobCard('long');
  const date = 'sáb 5 dic';
  const rateBody = render(locale, 'rate.ask_worker', { name: longText(60, 'Mariana'), title: job.title, date });
  return [
    ['offer card with a fit', offerCard(locale, offerData(true), job, TIME_ZONE)],
    ['offer card without a fit', offerCard(locale, offerData(false), job, TIME_ZONE)],
    ['link card with a description', linkCard(locale, job)],
    ['link card without a description', linkCard(locale, { ...job, description: null })],
    ['lead card', leadCard(locale, leadData(locale), job)],
    ['lead card again', leadCard(locale, leadData(locale), job, true)],
    ['job cancelled notice', notice(locale, 'notice.job_cancelled', { businessName: job.businessName, title: job.title, date }, { id: 'job_cancelled', params: [job.businessName, job.title, date] })],
    ['job closed notice', notice(locale, 'notice.job_closed_worker', { businessName: job.businessName, title: job.title, date }, { id: 'job_closed', params: [job.title, date] })],
    ['no-show notice', notice(locale, 'notice.no_show_review', { businessName: job.businessName, title: job.title, date }, { id: 'account_notice', params: [job.title, date] })],
    ['still open question', stillOpenQuestion(locale, job, 14, 48)],
    ['rating question of a worker', ratingQuestion(locale, 'of_worker', 77, rateBody)],
    ['rating question of an employer', ratingQuestion(locale, 'of_employer', 77, rateBody)],
    ['rating prompt of a worker', ratingPrompt(locale, 'of_worker', 77, rateBody, job)],
    ['rating prompt of an employer', ratingPrompt(locale, 'of_employer', 77, rateBody, job)],
  ];
}

/** The WhatsApp limit a message breaks, if any: checked here by hand, as the schema may be looser one day. */
function limitsBroken(message: OutboundMessageInput): string[] {
  const broken: string[] = [];
  if (message.type === 'text' && message.text.length > TEXT_MAX) broken.push(`text of ${message.text.length}`);
  if (message.type === 'buttons' || message.type === 'list' || message.type === 'contact_request') {
    if (message.body.length > INTERACTIVE_BODY_MAX) broken.push(`body of ${message.body.length}`);
  }
  if (message.type === 'buttons') {
    if (message.buttons.length > BUTTONS_MAX) broken.push(`${message.buttons.length} buttons`);
    for (const b of message.buttons) if (b.title.length > BUTTON_TITLE_MAX) broken.push(`button "${b.title}"`);
  }
  if (message.type === 'list') {
    const rows = message.sections.flatMap((s) => s.rows);
    if (rows.length > LIST_ROWS_MAX) broken.push(`${rows.length} rows`);
    for (const r of rows) if (r.title.length > ROW_TITLE_MAX) broken.push(`row "${r.title}"`);
    if (message.button.length > BUTTON_TITLE_MAX) broken.push(`list button "${message.button}"`);
  }
  return broken;
}

const fallbackOf = (message: OutboundMessageInput) => ('fallbackTemplate' in message ? message.fallbackTemplate : undefined);

describe.each(locales)('marketplace cards in %s', (locale) => {
  it('when every card is made from the longest values, then each fits WhatsApp\'s limits and parses as an outbound message', () => {
    for (const [name, card] of everyCard(locale)) {
      expect({ name, broken: limitsBroken(card) }).toEqual({ name, broken: [] });
      expect(outboundMessageSchema.safeParse(card).success, name).toBe(true);
    }
  });

  it('when a job card holds the longest title, business, area and description, then nothing is cut and the question still ends it', () => {
    const job = jobCard('long');
    const body = (card: OutboundMessageInput) => (card.type === 'buttons' ? card.body : '');
    const link = body(linkCard(locale, job));
    expect(link).toContain(job.title);
    expect(link).toContain(job.businessName);
    expect(link).toContain(job.areaLabel);
    expect(link).toContain(job.description!);
    expect(link.endsWith(render(locale, 'offer.card_link', { title: '', businessName: '', date: '', times: '', pay: '', place: '', details: '' }).split('\n').at(-1)!)).toBe(true);
    const offer = body(offerCard(locale, offerData(true), job, TIME_ZONE));
    expect(offer).toContain(job.title);
    expect(offer).not.toContain('…');
  });

  it("when a candidate card is made for a worker whose name and number are at hand, then it holds neither: only the initial", () => {
    const name = 'Maria Lopez';
    const phone = '+34 612 345 678';
    // What a careless caller could pass: the whole worker. The card must read only what LeadCardData declares.
    const data = leadData(locale);
    const careless = { ...data, worker: { ...data.worker, name, phone, waId: '34612345678' } };
    const phoneDigits = phone.replace(/\D/g, '');
    const windows = (digits: string) => [...digits].map((_, i) => digits.slice(i, i + 3)).filter((w) => w.length === 3);
    for (const again of [false, true]) {
      const card = leadCard(locale, careless, jobCard('short'), again);
      const everything = JSON.stringify(card);
      expect(everything).not.toContain('Maria');
      expect(everything).not.toContain('Lopez');
      expect(everything).toContain('M.');
      // No run of three digits or more anywhere in the card (ids, template parameters) shares three digits with the number.
      const runs = everything.match(/\d{3,}/g) ?? [];
      expect(runs.filter((run) => windows(run).some((w) => phoneDigits.includes(w)))).toEqual([]);
    }
  });

  it("when an offer card is made, then its fallback is the declared job_offer template, its params as declared, its quick replies the card's yes and no", () => {
    const offer = offerData(true);
    const card = offerCard(locale, offer, jobCard('short'), TIME_ZONE);
    const declared = whatsappTemplates.job_offer;
    expect(card.type).toBe('buttons');
    const ids = card.type === 'buttons' ? card.buttons.map((b) => b.id) : [];
    expect(ids.slice(0, 2)).toEqual([`offer/${offer.id}/yes`, `offer/${offer.id}/no`]);
    const template = fallbackOf(card);
    expect(template).toMatchObject({ type: 'template', name: declared.name, language: templateLanguage[locale] });
    expect(template?.params).toHaveLength(declared.params.length);
    expect(template?.params?.slice(0, 2)).toEqual(['Waiter for lunch', 'Cafe Sol']);
    expect(template?.quickReplies).toEqual([
      { payload: `offer/${offer.id}/yes`, title: declared.buttons[locale][0] },
      { payload: `offer/${offer.id}/no`, title: declared.buttons[locale][1] },
    ]);
  });

  it('when a candidate card or a "still open?" question is made, then its fallback template has the declared params and its buttons\' payloads', () => {
    const job = jobCard('short');
    const lead = leadCard(locale, leadData(locale), job);
    expect(fallbackOf(lead)).toMatchObject({ name: whatsappTemplates.new_candidate.name, quickReplies: [{ payload: 'lead/9/unlock', title: whatsappTemplates.new_candidate.buttons[locale][0] }] });
    expect(fallbackOf(lead)?.params).toHaveLength(whatsappTemplates.new_candidate.params.length);
    const still = stillOpenQuestion(locale, job, 14, 48);
    expect(fallbackOf(still)).toMatchObject({
      name: whatsappTemplates.still_open.name,
      quickReplies: whatsappTemplates.still_open.buttons[locale].map((title, i) => ({ payload: [`job/${job.id}/keep`, `job/${job.id}/close`][i], title })),
    });
    expect(fallbackOf(still)?.params).toHaveLength(whatsappTemplates.still_open.params.length);
  });

  it("when a rating prompt is made for either side, then its fallback is rate_shift whose one quick reply asks that side's question again", () => {
    const job = jobCard('short');
    const declared = whatsappTemplates.rate_shift;
    for (const [direction, prefix] of [['of_worker', 'rate'], ['of_employer', 'ratee']] as const) {
      const prompt = ratingPrompt(locale, direction, 77, 'How was it?', job);
      expect(prompt.type).toBe('list');
      const template = fallbackOf(prompt);
      expect(template).toMatchObject({ type: 'template', name: declared.name, language: templateLanguage[locale] });
      expect(template?.params).toHaveLength(declared.params.length);
      expect(template?.quickReplies).toEqual([{ payload: `${prefix}/77/ask`, title: declared.buttons[locale][0] }]);
    }
  });

  it('when fallback() makes any declared template, with or without payloads and with over-long params, then it parses as an outbound template message', () => {
    for (const id of templateIds) {
      const declared = whatsappTemplates[id];
      const titles: readonly string[] = 'buttons' in declared ? declared.buttons[locale] : [];
      const params = declared.params.map((p) => longText(300, p));
      const withPayloads = fallback(id, locale, params, titles.map((_, i) => `job/${i + 1}/keep`));
      const withoutPayloads = fallback(id, locale, params);
      for (const message of [withPayloads, withoutPayloads]) {
        const parsed = outboundMessageSchema.safeParse(message);
        expect({ id, ok: parsed.success, error: parsed.error?.issues }).toEqual({ id, ok: true, error: undefined });
        expect(message.params).toHaveLength(declared.params.length);
        expect(message.quickReplies?.map((q) => q.title) ?? []).toEqual(titles);
      }
      expect(withPayloads.quickReplies?.map((q) => q.payload) ?? []).toEqual(titles.map((_, i) => `job/${i + 1}/keep`));
    }
    // The fallback of every card, too.
    for (const [name, card] of everyCard(locale)) {
      const template = fallbackOf(card);
      if (template) expect(outboundMessageSchema.safeParse(template).success, name).toBe(true);
    }
  });
});
