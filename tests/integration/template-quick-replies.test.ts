// An approved template as the Cloud API transport sends it (through whatsapp-api-js, over HTTP, to a fake Graph
// API): body parameters in order, one quick_reply button component per payload with its index, and no components
// at all for a template that has none.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { offerCard } from '../../src/marketplace/cards.js';
import { CloudApiTransport } from '../../src/whatsapp/cloud-api-transport.js';
import { outboundMessageSchema, type OutboundMessage, type OutboundMessageInput } from '../../src/whatsapp/outbound-message.js';
import { whatsappTemplates } from '../../templates/whatsapp-templates.js';
import { FakeGraphApi } from '../helpers/fake-graph-api.js';
import { aJob } from '../helpers/market-fixtures.js';

const PHONE_NUMBER_ID = '106540352242922';
const TOKEN = 'EAAG-template-test-token';
const API_VERSION = 'v24.0';
const TO = '16505550142';

describe('template messages with quick replies through the Cloud API transport', () => {
  let graph: FakeGraphApi;
  let transport: CloudApiTransport;

  beforeEach(async () => {
    graph = new FakeGraphApi();
    const apiUrl = await graph.start();
    // As src/deps.ts builds it from the config.
    transport = new CloudApiTransport({ accessToken: TOKEN, apiUrl, apiVersion: API_VERSION, appSecret: 'template-test-secret' });
  });
  afterEach(async () => {
    await graph.stop();
  });

  /** Sends one message as the sender would (parsed from its stored form), and returns the request's body. */
  async function send(message: OutboundMessageInput): Promise<Record<string, unknown>> {
    const parsed: OutboundMessage = outboundMessageSchema.parse(message);
    const result = await transport.send(PHONE_NUMBER_ID, { waId: TO, userId: null }, parsed);
    expect(result).toMatchObject({ ok: true, wamid: expect.stringMatching(/^wamid\./) });
    const sends = graph.sends();
    expect(sends).toHaveLength(1);
    expect(sends[0]).toMatchObject({ method: 'POST', path: `/${API_VERSION}/${PHONE_NUMBER_ID}/messages`, authorization: `Bearer ${TOKEN}` });
    return sends[0]!.body;
  }

  it("when a template with params and two quick replies is sent, then the body is Meta's documented template with a body component and quick_reply buttons 0 and 1", async () => {
    const body = await send({
      type: 'template',
      name: 'partimer_still_open',
      language: 'es',
      params: ['Camarero para comidas', 'sáb 5 dic', '48'],
      quickReplies: [
        { payload: 'job/4207/keep', title: 'Sí, sigue abierto' },
        { payload: 'job/4207/close', title: 'No, cerrarlo' },
      ],
    });
    expect(body).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'individual', to: TO, type: 'template' });
    const template = body.template as { name: string; language: { code: string }; components: Record<string, unknown>[] };
    expect(template.name).toBe('partimer_still_open');
    expect(template.language).toMatchObject({ code: 'es' });
    expect(template.components).toEqual([
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Camarero para comidas' },
          { type: 'text', text: 'sáb 5 dic' },
          { type: 'text', text: '48' },
        ],
      },
      // whatsapp-api-js sends the index as a number; Meta documents it as the button's position and accepts either form.
      { type: 'button', sub_type: 'quick_reply', index: 0, parameters: [{ type: 'payload', payload: 'job/4207/keep' }] },
      { type: 'button', sub_type: 'quick_reply', index: 1, parameters: [{ type: 'payload', payload: 'job/4207/close' }] },
    ]);
    // The titles are Meta's to show (registered with the template): they are not sent.
    expect(JSON.stringify(body)).not.toContain('Sí, sigue abierto');
  });

  it('when a template has neither params nor quick replies, then it is sent with its name and language and no components', async () => {
    const body = await send({ type: 'template', name: 'partimer_reengage', language: 'en' });
    expect(body).toMatchObject({ messaging_product: 'whatsapp', to: TO, type: 'template', template: { name: 'partimer_reengage', language: { code: 'en' } } });
    expect(body.template).not.toHaveProperty('components');
  });

  it('when a template has quick replies but no params, then only the button components go, indexed from 0', async () => {
    const body = await send({ type: 'template', name: 'partimer_rate_shift', language: 'en', quickReplies: [{ payload: 'ratee/77/ask', title: 'Rate now' }] });
    expect((body.template as { components: unknown[] }).components).toEqual([
      { type: 'button', sub_type: 'quick_reply', index: 0, parameters: [{ type: 'payload', payload: 'ratee/77/ask' }] },
    ]);
  });

  it("when an offer card's fallback template is sent, then its quick replies carry the card's own yes and no ids, in the template's button order", async () => {
    const card = offerCard(
      'en',
      { id: 3141, distanceKm: 2.5, fit: null, expiresAt: new Date('2026-12-04T21:00:00.000Z') },
      aJob({ id: 4207 }),
      'Europe/Madrid',
    );
    expect(card.type === 'buttons' && card.fallbackTemplate).toBeTruthy();
    const body = await send((card as { fallbackTemplate: OutboundMessageInput }).fallbackTemplate);
    const template = body.template as { name: string; components: { type: string; sub_type?: string; index?: number; parameters: { payload?: string; text?: string }[] }[] };
    expect(template.name).toBe(whatsappTemplates.job_offer.name);
    const [bodyComponent, ...buttons] = template.components;
    expect(bodyComponent!.parameters).toHaveLength(whatsappTemplates.job_offer.params.length);
    expect(bodyComponent!.parameters.slice(0, 2).map((p) => p.text)).toEqual(['Waiter for lunch', 'Cafe Sol']);
    expect(buttons.map((b) => [b.sub_type, b.index, b.parameters[0]!.payload])).toEqual([
      ['quick_reply', 0, 'offer/3141/yes'],
      ['quick_reply', 1, 'offer/3141/no'],
    ]);
  });
});
