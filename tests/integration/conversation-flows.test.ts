// Whole conversations through the service: signed Meta webhooks in, the real database, the conversation
// engine's flows, and the outbox sender talking to a fake Graph API. Each test is one WhatsApp user with
// a number of its own; each describe block shares one running service.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contacts } from '../../src/db/schema.js';
import { render } from '../../templates/index.js';
import { testDatabaseUrl, testRedisUrl, type DatabaseBackend, type QueueBackend } from '../helpers/backends.js';
import { BUSINESS, Chat, freshNumber, idsOf, startChatService, type ChatService, type FlowPosition, type Turn } from '../helpers/chat-driver.js';
import { confirmWorkerSummary, onboardWorkerToSummary } from '../helpers/marketplace-chat.js';
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.js';

/**
 * PGlite with the in-process queue always; with TEST_DATABASE_URL / TEST_REDIS_URL set, the real
 * PostgreSQL with BullMQ on the real Redis as well (CI sets both: see tests/helpers/backends.ts).
 */
const setups: { database: DatabaseBackend; queue: QueueBackend }[] = [{ database: 'pglite', queue: 'memory' }];
if (testDatabaseUrl || testRedisUrl) setups.push({ database: testDatabaseUrl ? 'postgres' : 'pglite', queue: testRedisUrl ? 'redis' : 'memory' });

/** Chamberí, Madrid (data/areas.ts): a pin there is labelled with the area's name. */
const CHAMBERI = { lat: 40.435, lng: -3.704 };
const PRIVACY_URL = 'https://partimer.example/privacy';

const w = (step: string, what: string) => `worker_onboarding/${step}/${what}`;
const e = (step: string, what: string) => `employer_onboarding/${step}/${what}`;

/** The international form the bot shows a number in: "+1 650 555 1234". */
const displayUs = (waId: string) => `+1 ${waId.slice(1, 4)} ${waId.slice(4, 7)} ${waId.slice(7)}`;

function expectHandled(turn: Turn, what = 'message'): void {
  expect({ what, outcome: turn.row.outcome, error: turn.row.error }).toEqual({ what, outcome: 'handled', error: null });
}

/** The happy path of a worker's onboarding by taps, from the first "hi" to the saved profile. */
async function onboardWorker(chat: Chat): Promise<Turn> {
  await chat.text('hi');
  await onboardWorkerToSummary(chat);
  const done = await confirmWorkerSummary(chat);
  expect(done.text).toContain("You're all set, Maria!");
  expect(await chat.worker()).toBeDefined();
  return done;
}

/** An employer's onboarding, from the first "hi" to the confirmed summary. */
async function onboardEmployer(chat: Chat): Promise<Turn> {
  expect(idsOf((await chat.text('hi')).last!)).toContain('welcome/role/employer');
  const consent = await chat.tap('welcome/role/employer', "I'm hiring");
  expect(idsOf(consent.last!)).toEqual(['welcome/consent_employer/agree', 'welcome/consent_employer/decline']);
  expect((await chat.tap('welcome/consent_employer/agree', 'I agree')).text).toBe("What's your business called? (e.g. Cafe Sol)");
  expect((await chat.text('Cafe Sol')).text).toBe('And your name, as the contact person? (e.g. Ana Garcia)');
  const type = await chat.text('Ana Garcia');
  expect(type.last).toMatchObject({ type: 'list', body: 'What kind of business is Cafe Sol?' });
  expect(idsOf(type.last!)).toContain(e('business_type', 'item/restaurant'));
  expect((await chat.pick(e('business_type', 'item/restaurant'), 'Restaurant / cafe')).text).toContain('Where is Cafe Sol?');
  const summary = await chat.text('Chamberí');
  expect(summary.last).toMatchObject({ type: 'buttons', body: 'Your business:\nCafe Sol - Restaurant / cafe - Chamberí, Madrid\nContact: Ana Garcia' });
  expect(idsOf(summary.last!)).toEqual([e('summary', 'confirm'), e('summary', 'edit')]);
  return chat.tap(e('summary', 'confirm'), 'Looks good');
}

describe.each(setups)('conversation flows on $database with the $queue queue', ({ database: backend, queue }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await database?.close();
  });

  /** One service for the describe block it is called in, started before its tests and closed after. */
  function sharedService(env: Record<string, string> = {}): () => ChatService {
    let chat: ChatService | undefined;
    beforeAll(async () => {
      chat = await startChatService(database, queue, env);
    });
    afterAll(async () => {
      await chat?.close();
    });
    return () => chat!;
  }

  describe('worker onboarding', () => {
    const service = sharedService();

    it('when a worker answers every question from the first "hi", then their profile is saved and the replies go out as WhatsApp interactive messages', async () => {
      const chat = new Chat(service());

      const hi = await chat.text('hi');
      expectHandled(hi, 'hi');
      expect(hi.receipts).toBe(1);
      expect(hi.replies).toEqual([
        {
          type: 'buttons',
          body: 'Welcome to Partimer: part-time jobs near you, right here on WhatsApp.\nAre you looking for work or hiring?',
          buttons: [
            { id: 'welcome/role/worker', title: 'Find work' },
            { id: 'welcome/role/employer', title: "I'm hiring" },
            { id: 'welcome/role/other_language', title: 'Español' },
          ],
        },
      ]);

      const consent = await chat.tap('welcome/role/worker', 'Find work');
      expect(consent.last).toMatchObject({ type: 'buttons', body: expect.stringContaining(`Privacy policy: ${PRIVACY_URL}`) });
      expect(idsOf(consent.last!)).toEqual(['welcome/consent_worker/agree', 'welcome/consent_worker/decline']);

      const name = await chat.tap('welcome/consent_worker/agree', 'I agree');
      expect(name.replies).toEqual([{ type: 'text', text: "What's your name? (e.g. Maria Lopez)" }]);
      expect(await chat.contact()).toMatchObject({ consent: 'given', role: 'worker', locale: 'en' });

      const skill = await chat.text('Maria Lopez');
      expect(skill.last).toMatchObject({ type: 'list', body: expect.stringContaining('Nice to meet you, Maria!') });
      expect(idsOf(skill.last!)).toContain(w('skill', 'item/waiter'));

      const more = await chat.pick(w('skill', 'item/waiter'), 'Waiter / Waitress');
      expect(more.last).toMatchObject({ type: 'buttons', body: 'Added: Waiter / Waitress.\nAdd another skill?' });
      expect(idsOf(more.last!)).toEqual([w('more_skills', 'add'), w('more_skills', 'done')]);

      const availability = await chat.tap(w('more_skills', 'done'), "That's all");
      expect(idsOf(availability.last!)).toEqual([w('availability', 'preset/weekdays'), w('availability', 'preset/evenings'), w('availability', 'preset/weekends')]);

      const location = await chat.tap(w('availability', 'preset/weekends'), 'Weekends');
      expect(location.text).toContain('Got it: Sat-Sun 09:00-17:00.');
      expect(location.text).toContain('Where are you based?');

      const radius = await chat.location(CHAMBERI.lat, CHAMBERI.lng);
      expect(radius.last).toMatchObject({ type: 'buttons', body: expect.stringContaining('Got it: Chamberí, Madrid.') });
      expect(idsOf(radius.last!)).toEqual([w('radius', 'value/5'), w('radius', 'value/10'), w('radius', 'value/20')]);

      const rate = await chat.tap(w('radius', 'value/10'), 'Up to 10 km');
      // What was understood leads the next question.
      expect(rate.replies).toEqual([{ type: 'text', text: 'Got it: 10 km.\nYour minimum hourly rate in EUR? (e.g. 12)' }]);

      const phone = await chat.text('12');
      expect(phone.last).toMatchObject({ type: 'buttons', body: expect.stringContaining(displayUs(chat.waId)) });
      expect(idsOf(phone.last!)).toEqual([w('phone', 'use'), w('phone', 'other')]);

      const summary = await chat.tap(w('phone', 'use'), 'Yes, use it');
      expect(summary.last).toMatchObject({
        type: 'buttons',
        body: `Your profile:\nMaria L. - Waiter / Waitress\nSat-Sun 09:00-17:00, within 10 km of Chamberí, Madrid\nFrom EUR 12/h - ${displayUs(chat.waId)}, shared only on unlock`,
      });
      expect(idsOf(summary.last!)).toEqual([w('summary', 'confirm'), w('summary', 'edit')]);
      expect(await chat.worker()).toBeUndefined();

      const done = await chat.tap(w('summary', 'confirm'), 'Looks good');
      expect(done.replies).toEqual([
        {
          type: 'buttons',
          body: 'You\'re all set, Maria! Job offers that fit your skills, hours and area will come here. Type "menu" any time.',
          buttons: [{ id: 'cmd.menu', title: 'Menu' }],
        },
      ]);

      expect(await chat.worker()).toMatchObject({
        name: 'Maria Lopez',
        skills: ['waiter'],
        availability: [{ days: [5, 6], from: '09:00', to: '17:00' }],
        lat: CHAMBERI.lat,
        lng: CHAMBERI.lng,
        areaLabel: 'Chamberí, Madrid',
        radiusKm: 10,
        minRateCents: 1200,
        currency: 'EUR',
        phone: `+${chat.waId}`,
        phoneShareConsentAt: expect.any(Date),
        pausedAt: null,
      });
      const contact = await chat.contact();
      expect(contact).toMatchObject({ consent: 'given', role: 'worker', locale: 'en', optedOutAt: null, consentAt: expect.any(Date) });
      expect(await chat.position()).toBeNull();
      const rows = await chat.inbox();
      expect(rows).toHaveLength(12);
      expect(rows.map((r) => [r.outcome, r.error])).toEqual(rows.map(() => ['handled', null]));

      // What went out to the Graph API, as WhatsApp expects it. Meta's per-recipient pace lets a burst of
      // five go at once (the rest follow at one per 6 s): the first five cover buttons, text and a list.
      const sends = await chat.waitForSends(5);
      for (const send of sends) {
        expect(send).toMatchObject({ method: 'POST', path: `/v24.0/${BUSINESS.phoneNumberId}/messages`, authorization: `Bearer ${BUSINESS.accessToken}` });
        expect(send.body).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'individual', to: chat.waId });
      }
      expect(sends[0]!.body).toMatchObject({
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Welcome to Partimer: part-time jobs near you, right here on WhatsApp.\nAre you looking for work or hiring?' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'welcome/role/worker', title: 'Find work' } },
              { type: 'reply', reply: { id: 'welcome/role/employer', title: "I'm hiring" } },
              { type: 'reply', reply: { id: 'welcome/role/other_language', title: 'Español' } },
            ],
          },
        },
      });
      expect(sends[1]!.body).toMatchObject({
        type: 'interactive',
        interactive: {
          type: 'button',
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'welcome/consent_worker/agree', title: 'I agree' } },
              { type: 'reply', reply: { id: 'welcome/consent_worker/decline', title: 'No thanks' } },
            ],
          },
        },
      });
      expect(sends[2]!.body).toMatchObject({ type: 'text', text: { body: "What's your name? (e.g. Maria Lopez)" } });
      const list = sends[3]!.body as { type: string; interactive: { type: string; action: { button: string; sections: { rows: { id: string; title: string }[] }[] } } };
      expect(list).toMatchObject({ type: 'interactive', interactive: { type: 'list', body: { text: expect.stringContaining('Nice to meet you, Maria!') }, action: { button: 'Choose' } } });
      const rowsSent = list.interactive.action.sections.flatMap((s) => s.rows);
      expect(rowsSent).toHaveLength(10);
      expect(rowsSent[0]).toEqual({ id: w('skill', 'item/waiter'), title: 'Waiter / Waitress' });
      expect(rowsSent.at(-1)).toMatchObject({ id: w('skill', 'page/1'), title: 'More...' });
      expect(sends[4]!.body).toMatchObject({
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Added: Waiter / Waitress.\nAdd another skill?' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: w('more_skills', 'add'), title: 'Add another' } },
              { type: 'reply', reply: { id: w('more_skills', 'done'), title: "That's all" } },
            ],
          },
        },
      });
      // The inbound messages are marked read (blue ticks) by their wamid.
      expect((await chat.waitForRead(hi.wamid)).body).toMatchObject({ messaging_product: 'whatsapp', status: 'read', message_id: hi.wamid });
      await chat.waitForRead(done.wamid);
    });

    it('when a Spanish number writes "hola", then the welcome is in Spanish and typed answers onboard them as a worker', async () => {
      const chat = new Chat(service(), freshNumber('es'), 'María López');

      const hola = await chat.text('hola');
      expect(hola.replies).toEqual([
        {
          type: 'buttons',
          body: 'Bienvenido a Partimer: trabajos por horas cerca de ti, aquí en WhatsApp.\n¿Buscas trabajo o quieres contratar?',
          buttons: [
            { id: 'welcome/role/worker', title: 'Buscar trabajo' },
            { id: 'welcome/role/employer', title: 'Quiero contratar' },
            { id: 'welcome/role/other_language', title: 'English' },
          ],
        },
      ]);

      const typed: [string, FlowPosition | null, string][] = [
        ['trabajo', { name: 'welcome', step: 'consent_worker' }, 'Antes de empezar'],
        ['acepto', { name: 'worker_onboarding', step: 'name' }, '¿Cómo te llamas?'],
        ['María López', { name: 'worker_onboarding', step: 'skill' }, '¡Encantado, María!'],
        ['Camarero', { name: 'worker_onboarding', step: 'more_skills' }, 'Añadido: Camarero / Camarera.'],
        ['nada más', { name: 'worker_onboarding', step: 'availability' }, '¿Cuándo puedes trabajar?'],
        ['fines de semana', { name: 'worker_onboarding', step: 'location' }, 'Entendido: sáb-dom 09:00-17:00.'],
        ['Chamberí', { name: 'worker_onboarding', step: 'radius' }, 'Entendido: Chamberí, Madrid.'],
        ['10', { name: 'worker_onboarding', step: 'rate' }, '¿Tu tarifa mínima por hora en EUR?'],
        ['12', { name: 'worker_onboarding', step: 'phone' }, '¿Es el mejor número para contactarte?'],
        ['sí', { name: 'worker_onboarding', step: 'summary' }, 'Tu perfil:'],
        ['todo bien', null, '¡Listo, María!'],
      ];
      for (const [text, position, reply] of typed) {
        const turn = await chat.text(text);
        expectHandled(turn, text);
        expect({ text, position: await chat.position() }).toEqual({ text, position });
        expect(turn.text, `reply to "${text}"`).toContain(reply);
      }

      expect(await chat.worker()).toMatchObject({
        name: 'María López',
        skills: ['waiter'],
        availability: [{ days: [5, 6], from: '09:00', to: '17:00' }],
        areaLabel: 'Chamberí, Madrid',
        radiusKm: 10,
        minRateCents: 1200,
        phone: `+${chat.waId}`,
      });
      expect(await chat.contact()).toMatchObject({ consent: 'given', role: 'worker', locale: 'es' });
      // The Spanish welcome went out as Spanish buttons.
      const [first] = await chat.waitForSends(1);
      expect(first!.body).toMatchObject({
        type: 'interactive',
        interactive: { type: 'button', action: { buttons: [{ reply: { id: 'welcome/role/worker', title: 'Buscar trabajo' } }, {}, {}] } },
      });
    });
  });

  describe('employer onboarding (EMPLOYER_VERIFICATION=manual, the default)', () => {
    const service = sharedService();

    it('when an employer confirms their business, then it is saved as pending verification and they are told it will be checked', async () => {
      const chat = new Chat(service());
      const done = await onboardEmployer(chat);
      expectHandled(done, 'summary confirm');
      expect(done.replies).toEqual([
        { type: 'buttons', body: render('en', 'employer.done_pending', { firstName: 'Ana', businessName: 'Cafe Sol' }), buttons: [{ id: 'cmd.menu', title: 'Menu' }] },
      ]);
      expect(await chat.employer()).toMatchObject({
        businessName: 'Cafe Sol',
        contactName: 'Ana Garcia',
        businessType: 'restaurant',
        areaLabel: 'Chamberí, Madrid',
        lat: CHAMBERI.lat,
        lng: CHAMBERI.lng,
        status: 'pending',
        verifiedAt: null,
      });
      expect(await chat.worker()).toBeUndefined();
      expect(await chat.contact()).toMatchObject({ consent: 'given', role: 'employer', locale: 'en' });

      // The business-type question went out as an interactive list (the fifth message).
      const sends = await chat.waitForSends(5);
      expect(sends[4]!.body).toMatchObject({
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: 'What kind of business is Cafe Sol?' },
          action: { sections: [{ rows: expect.arrayContaining([{ id: e('business_type', 'item/restaurant'), title: 'Restaurant / cafe' }]) }] },
        },
      });
    });
  });

  describe('employer onboarding (EMPLOYER_VERIFICATION=auto)', () => {
    const service = sharedService({ EMPLOYER_VERIFICATION: 'auto' });

    it('when an employer confirms their business, then it is active at once and they are offered to post a job', async () => {
      const chat = new Chat(service());
      const done = await onboardEmployer(chat);
      expectHandled(done, 'summary confirm');
      expect(done.replies).toEqual([
        {
          type: 'buttons',
          body: "You're all set, Ana! Ready to post your first job?",
          buttons: [
            { id: 'cmd.post_job', title: 'Post a job' },
            { id: 'cmd.menu', title: 'Menu' },
          ],
        },
      ]);
      expect(await chat.employer()).toMatchObject({ businessName: 'Cafe Sol', businessType: 'restaurant', status: 'active', verifiedAt: expect.any(Date) });
    });
  });

  describe('preferences, privacy and moderation', () => {
    const service = sharedService();

    it('when a worker types "stop", then they are opted out and told so; when they type "start", then they are opted in again', async () => {
      const chat = new Chat(service());
      await onboardWorker(chat);
      expect((await chat.contact()).optedOutAt).toBeNull();

      const stop = await chat.text('stop');
      expectHandled(stop, 'stop');
      expect(stop.text).toContain(render('en', 'stop.done'));
      expect((await chat.contact()).optedOutAt).toBeInstanceOf(Date);

      const start = await chat.text('start');
      expectHandled(start, 'start');
      expect(start.text).toContain(render('en', 'start.done'));
      expect((await chat.contact()).optedOutAt).toBeNull();
      expect(await chat.worker()).toBeDefined();
    });

    it('when a worker asks to delete their data, then it is deleted only once they confirm, and a later "hi" starts from scratch', async () => {
      const chat = new Chat(service());
      await onboardWorker(chat);

      const ask = await chat.text('delete my data');
      expectHandled(ask, 'delete my data');
      expect(ask.last).toMatchObject({ type: 'buttons', body: render('en', 'delete.confirm') });
      expect(idsOf(ask.last!)).toEqual(['delete_data/confirm/delete', 'delete_data/confirm/keep']);
      expect(await chat.worker()).toBeDefined();

      const keep = await chat.tap('delete_data/confirm/keep', 'Keep my data');
      expectHandled(keep, 'Keep my data');
      expect(keep.text).toContain(render('en', 'delete.kept'));
      expect(await chat.worker()).toMatchObject({ name: 'Maria Lopez', skills: ['waiter'] });
      expect(await chat.contact()).toMatchObject({ consent: 'given', role: 'worker', locale: 'en' });

      // An opt-out outlives the deletion: deleting data is not a request for messages.
      expectHandled(await chat.text('stop'), 'stop');
      expect(idsOf((await chat.text('delete my data')).last!)).toEqual(['delete_data/confirm/delete', 'delete_data/confirm/keep']);
      const deleted = await chat.tap('delete_data/confirm/delete', 'Delete everything');
      expectHandled(deleted, 'Delete everything');
      expect(deleted.replies).toEqual([{ type: 'text', text: render('en', 'delete.done') }]);
      expect(await chat.worker()).toBeUndefined();
      expect(await chat.contact()).toMatchObject({ locale: null, role: null, consent: null, consentAt: null, optedOutAt: expect.any(Date) });
      // What they wrote is gone too (the rows stay, as dedupe keys).
      expect(JSON.stringify((await chat.inbox()).map((r) => r.message))).not.toContain('Maria Lopez');

      const hi = await chat.text('hi');
      expectHandled(hi, 'hi after deletion');
      expect(hi.last).toMatchObject({ type: 'buttons', body: expect.stringContaining('Welcome to Partimer') });
      expect(idsOf(hi.last!)).toEqual(['welcome/role/worker', 'welcome/role/employer', 'welcome/role/other_language']);
      expect(await chat.position()).toEqual({ name: 'welcome', step: 'role' });
    });

    it('when a suspended contact writes twice in a row, then they get exactly one notice and nothing else', async () => {
      const chat = new Chat(service());
      await onboardWorker(chat);
      const { id } = await chat.contact();
      await service().database.db.update(contacts).set({ moderation: 'suspended' }).where(eq(contacts.id, id));

      const first = await chat.text('hi');
      const second = await chat.text('find jobs');
      expectHandled(first, 'first message while suspended');
      expectHandled(second, 'second message while suspended');
      expect([...first.replies, ...second.replies]).toEqual([{ type: 'text', text: render('en', 'notice.suspended') }]);
      expect(first.replies).toHaveLength(1);
      expect(await chat.worker()).toMatchObject({ name: 'Maria Lopez' });
    });
  });

  describe('robustness', () => {
    // One contact sends a few hundred messages here: above the default flood limit of 30 a minute.
    const service = sharedService({ WHATSAPP_CONTACT_FLOOD_PER_MINUTE: '10000' });

    const LONG = 'This is not an answer to anything at all. '.repeat(120).slice(0, 5000);
    /** What a confused or careless user sends instead of an answer. Media fixtures keep their captions. */
    const junk: { name: string; send: (chat: Chat) => Promise<Turn>; silent?: boolean }[] = [
      { name: 'garbage', send: (chat) => chat.text('asdf qwerty') },
      { name: 'emoji only', send: (chat) => chat.text('🙂🙂') },
      { name: '5,000 characters', send: (chat) => chat.text(LONG) },
      { name: 'image', send: (chat) => chat.fixture('msg-image.json') },
      { name: 'audio', send: (chat) => chat.fixture('msg-audio-voice-note.json') },
      { name: 'video', send: (chat) => chat.fixture('msg-video.json') },
      { name: 'document', send: (chat) => chat.fixture('msg-document.json') },
      { name: 'sticker', send: (chat) => chat.fixture('msg-sticker.json') },
      { name: 'contacts', send: (chat) => chat.fixture('msg-contacts.json') },
      { name: 'location', send: (chat) => chat.fixture('msg-location-pin.json') },
      { name: 'reaction', send: (chat) => chat.fixture('msg-reaction.json'), silent: true },
      { name: 'order', send: (chat) => chat.fixture('msg-order.json') },
      { name: 'unsupported', send: (chat) => chat.fixture('msg-unsupported.json') },
    ];

    interface Step {
      at: FlowPosition;
      answer: (chat: Chat) => Promise<Turn>;
      /** Junk that is this step's own kind of answer, so not junk here (a pin where a place is asked). */
      notSent?: string[];
      /** Junk that reads as a valid answer here: it is taken, and "back" returns to the step. */
      taken?: string[];
    }
    const steps: Step[] = [
      { at: { name: 'welcome', step: 'role' }, answer: (chat) => chat.tap('welcome/role/worker', 'Find work') },
      { at: { name: 'welcome', step: 'consent_worker' }, answer: (chat) => chat.tap('welcome/consent_worker/agree', 'I agree') },
      // Letters and a space make a plausible name, and a caption is read as typed text (src/conversation/engine/input.ts).
      { at: { name: 'worker_onboarding', step: 'name' }, answer: (chat) => chat.text('Maria Lopez'), taken: ['garbage', 'image', 'video', 'document'] },
      { at: { name: 'worker_onboarding', step: 'skill' }, answer: (chat) => chat.pick(w('skill', 'item/waiter'), 'Waiter / Waitress') },
      { at: { name: 'worker_onboarding', step: 'more_skills' }, answer: (chat) => chat.tap(w('more_skills', 'done'), "That's all") },
      { at: { name: 'worker_onboarding', step: 'availability' }, answer: (chat) => chat.tap(w('availability', 'preset/weekends'), 'Weekends') },
      { at: { name: 'worker_onboarding', step: 'location' }, answer: (chat) => chat.location(CHAMBERI.lat, CHAMBERI.lng), notSent: ['location'] },
      { at: { name: 'worker_onboarding', step: 'radius' }, answer: (chat) => chat.tap(w('radius', 'value/10'), 'Up to 10 km') },
      { at: { name: 'worker_onboarding', step: 'rate' }, answer: (chat) => chat.text('12') },
      { at: { name: 'worker_onboarding', step: 'phone' }, answer: (chat) => chat.tap(w('phone', 'other'), 'Use another') },
      { at: { name: 'worker_onboarding', step: 'phone_other' }, answer: (chat) => chat.text('+34 612 345 678'), notSent: ['contacts'] },
      { at: { name: 'worker_onboarding', step: 'phone_confirm' }, answer: (chat) => chat.tap(w('phone_confirm', 'yes'), 'Yes, share it') },
      { at: { name: 'worker_onboarding', step: 'summary' }, answer: (chat) => chat.tap(w('summary', 'confirm'), 'Looks good') },
    ];

    it('when junk and every non-text message type arrive at every step of the worker onboarding, then each is handled and answered, and the right answer still moves the conversation on', async () => {
      const chat = new Chat(service());
      expectHandled(await chat.text('hi'), 'hi');

      for (const [index, step] of steps.entries()) {
        const next = steps[index + 1]?.at ?? null;
        const where = `${step.at.name}/${step.at.step}`;
        expect({ where, position: await chat.position() }).toEqual({ where, position: step.at });
        for (const item of junk) {
          if (step.notSent?.includes(item.name)) continue;
          const what = `${item.name} at ${where}`;
          const turn = await item.send(chat);
          expectHandled(turn, what);
          if (item.silent) expect({ what, replies: turn.replies }).toEqual({ what, replies: [] });
          else expect({ what, replied: turn.replies.length > 0 }).toEqual({ what, replied: true });
          if (step.taken?.includes(item.name)) {
            expect({ what, position: await chat.position() }).toEqual({ what, position: next });
            const back = await chat.text('back');
            expectHandled(back, `back after ${what}`);
            expect({ what: `back after ${what}`, position: await chat.position() }).toEqual({ what: `back after ${what}`, position: step.at });
          } else {
            expect({ what, position: await chat.position() }).toEqual({ what, position: step.at });
          }
        }
        const answered = await step.answer(chat);
        expectHandled(answered, `answer at ${where}`);
        expect({ where, replied: answered.replies.length > 0 }).toEqual({ where, replied: true });
        expect({ where, then: await chat.position() }).toEqual({ where, then: next });
      }

      expect(await chat.worker()).toMatchObject({ name: 'Maria Lopez', skills: ['waiter'], areaLabel: 'Chamberí, Madrid', radiusKm: 10, minRateCents: 1200, phone: '+34612345678' });
      const rows = await chat.inbox();
      expect(rows.length).toBeGreaterThan(steps.length * 12);
      expect(rows.filter((r) => r.processedAt === null)).toEqual([]);
      expect(rows.filter((r) => r.outcome !== 'handled').map((r) => ({ type: r.type, outcome: r.outcome, error: r.error }))).toEqual([]);
    });

    it('when a new contact declines consent, then the decline is recorded, they are opted out, and no profile is kept', async () => {
      const chat = new Chat(service());
      await chat.text('hi');
      expect(idsOf((await chat.tap('welcome/role/worker', 'Find work')).last!)).toContain('welcome/consent_worker/decline');

      const declined = await chat.tap('welcome/consent_worker/decline', 'No thanks');
      expectHandled(declined, 'No thanks');
      expect(declined.replies).toEqual([{ type: 'text', text: render('en', 'welcome.declined') }]);
      expect(await chat.contact()).toMatchObject({ consent: 'declined', role: null, optedOutAt: expect.any(Date) });
      expect(await chat.worker()).toBeUndefined();
      expect(await chat.position()).toBeNull();
    });
  });
});
