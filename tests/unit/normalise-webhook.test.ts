import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Sender } from '../../src/whatsapp/inbound-event.js';
import { normaliseWebhook } from '../../src/whatsapp/normalise-webhook.js';

function rawFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/whatsapp/${name}`, import.meta.url), 'utf8');
}

function fixture(name: string): unknown {
  return JSON.parse(rawFixture(name));
}

function normaliseFixture(name: string) {
  return normaliseWebhook(fixture(name));
}

/** A messages change around `value`, as Meta sends it. */
function bodyWithValue(value: Record<string, unknown>): unknown {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId }, ...value },
          },
        ],
      },
    ],
  };
}

const phoneNumberId = '106540352242922';
const sheena: Sender = { userId: null, waId: '16505551234', parentUserId: null, profileName: 'Sheena Nelson', username: null };
const amara: Sender = { userId: null, waId: '15551230002', parentUserId: null, profileName: 'Amara Okafor', username: null };
const amaraBsuid = 'US.13491208655302745577';
const sheenaContact = { profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' };

describe('normaliseWebhook: text messages', () => {
  it('when a plain text arrives, then it is one message with the sender from contacts', () => {
    expect(normaliseFixture('msg-text.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTYwQkY0NzJFMDIwMkJBQ0E4RgA=',
          timestamp: '2025-06-08T20:59:43.000Z',
          sender: sheena,
          content: { type: 'text', body: 'Does it come in another color?' },
        },
      ],
      skipped: [],
    });
  });

  it('when the text has accents, Arabic, emoji, a ZWJ sequence and a flag, then the body is decoded exactly', () => {
    const raw = rawFixture('msg-text-emoji-accents.json');
    expect(raw).toMatch(/^[\x20-\x7e]*$/); // on the wire everything non-ASCII is a \u escape
    expect(normaliseWebhook(JSON.parse(raw))).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTU1NTEyMzAwMDEVAgASGBQzQTFGQjkwMERFRTM2NkFBRDYzRQA=',
          timestamp: '2026-06-08T11:10:03.000Z',
          sender: { userId: null, waId: '15551230001', parentUserId: null, profileName: 'Jos\u00e9 Mu\u00f1oz', username: null },
          content: {
            type: 'text',
            body:
              'Ol\u00e1! Posso come\u00e7ar amanh\u00e3 \u00e0s 9h/10h? \u{1F64F}\u{1F3FD}\n' +
              'Gr\u00fc\u00dfe aus K\u00f6ln \u2014 \u00e7a marche tr\u00e8s bien \u{1F469}\u200d\u{1F373} ' +
              '\u0645\u0631\u062d\u0628\u0627 \u{1F44D}\u{1F1F5}\u{1F1F9}',
          },
        },
      ],
      skipped: [],
    });
  });

  it('when the text replies to a business message, then context.replyToWamid is the business wamid', () => {
    expect(normaliseFixture('msg-text-reply-context.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTU1NTEyMzAwMDIVAgASGBQzQUUxRjFGOTJEMUY2Nzk4QzIzMwA=',
          timestamp: '2026-06-08T11:11:00.000Z',
          sender: amara,
          content: { type: 'text', body: 'Yes, I can do Saturday 8am-2pm' },
          context: { replyToWamid: 'wamid.HBgLMTU1NTEyMzAwMDIVAgARGBJERkYxQUEyQURDNzJFNDFERDMA' },
        },
      ],
      skipped: [],
    });
  });

  it('when the text is forwarded, then context is only forwarded', () => {
    expect(normaliseFixture('msg-text-forwarded.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTU1NTEyMzAwMDIVAgASGBQzQTI1MTI1RkFCMDU4NTdDMDI3QQA=',
          timestamp: '2026-06-08T11:12:00.000Z',
          sender: amara,
          content: { type: 'text', body: 'Looking for 2 waiters this weekend, 12 EUR/h' },
          context: { forwarded: true },
        },
      ],
      skipped: [],
    });
  });

  it('when the text comes from a catalog "Message business" button, then context points at the product message', () => {
    expect(normaliseFixture('msg-text-message-business-button.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTJBMUEwMDY4NDNBOTU0N0Q2NwA=',
          timestamp: '2025-06-15T19:46:40.000Z',
          sender: sheena,
          content: { type: 'text', body: 'Is this still available?' },
          context: { replyToWamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGA9wcm9kdWN0X2lucXVpcnkA' },
        },
      ],
      skipped: [],
    });
  });

  it('when the text comes from a Click-to-WhatsApp ad, then it is a plain text message (referral is not carried)', () => {
    expect(normaliseFixture('msg-referral-ctwa-ad.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTg1QjRBM0NDMkRCQkZDQjQ4MAA=',
          timestamp: '2025-06-18T19:46:32.000Z',
          sender: sheena,
          content: { type: 'text', body: 'Can I get more info about this?' },
        },
      ],
      skipped: [],
    });
  });
});

describe('normaliseWebhook: replies, locations, media and other types', () => {
  it('when a reply button is tapped, then the content is button_reply with its id and title', () => {
    expect(normaliseFixture('msg-interactive-button-reply.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTZBMjVCQ0M1ODdEOTM3REQ3NwA=',
          timestamp: '2025-06-15T22:05:36.000Z',
          sender: sheena,
          content: { type: 'button_reply', id: 'cancel-button', title: 'Cancel' },
          context: { replyToWamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBJCQjY5Qjg2RjMzREM4NDYzQUMA' },
        },
      ],
      skipped: [],
    });
  });

  it('when a list row is chosen, then the content is list_reply with its description', () => {
    expect(normaliseFixture('msg-interactive-list-reply.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUIxOEMyRTcyQUIxQUJFMDY1NQA=',
          timestamp: '2025-06-13T22:42:55.000Z',
          sender: sheena,
          content: { type: 'list_reply', id: 'priority_express', title: 'Priority Mail Express', description: 'Next Day to 2 Days' },
          context: { replyToWamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBIzOTk5MjBDNUFENDQ1MTcxODgA' },
        },
      ],
      skipped: [],
    });
  });

  it('when a template quick-reply button is tapped, then the content is button with payload and text', () => {
    expect(normaliseFixture('msg-button-template-quick-reply.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTlFMTlBRUJCNjI1M0M1RDlBOQA=',
          timestamp: '2025-06-16T16:24:05.000Z',
          sender: sheena,
          content: { type: 'button', payload: 'Unsubscribe', text: 'Unsubscribe' },
          context: { replyToWamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI2MjFEMTZDQTY0NEQ4ODI5N0UA' },
        },
      ],
      skipped: [],
    });
  });

  it('when a named location is shared, then name, address and url are kept', () => {
    expect(normaliseFixture('msg-location-named.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTc5NEVEQTUzRjZCMzI3NjcxRQA=',
          timestamp: '2025-04-11T04:08:16.000Z',
          sender: sheena,
          content: {
            type: 'location',
            latitude: 37.44221496582,
            longitude: -122.16165924072,
            name: 'Philz Coffee',
            address: '101 Forest Ave, Palo Alto, CA 94301',
            url: 'https://philzcoffee.com/',
          },
        },
      ],
      skipped: [],
    });
  });

  it('when a bare pin is shared, then the location has only coordinates', () => {
    const result = normaliseFixture('msg-location-pin.json');
    expect(result).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTQ4M0NBNUM4RDNFQUYzQTU0NwA=',
          timestamp: '2026-06-08T11:13:00.000Z',
          sender: sheena,
          content: { type: 'location', latitude: 38.7222524, longitude: -9.1393366 },
        },
      ],
      skipped: [],
    });
    expect(JSON.parse(JSON.stringify(result.events[0]))).not.toHaveProperty('content.name');
  });

  it('when an image arrives, then it is media with id, mime type and caption (the \\/ of the wire is a /)', () => {
    expect(normaliseFixture('msg-image.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRCMTA4NzJGRDVCM0E4MThGNgA=',
          timestamp: '2025-04-11T04:08:16.000Z',
          sender: sheena,
          content: { type: 'media', mediaType: 'image', mediaId: '1003383421387256', mimeType: 'image/jpeg', caption: 'Taj Mahal' },
        },
      ],
      skipped: [],
    });
  });

  it('when a voice note arrives, then it is audio media with voice true', () => {
    expect(normaliseFixture('msg-audio-voice-note.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTkxQzNFNThGRTk2RTI2MEU3NQA=',
          timestamp: '2025-04-11T04:08:16.000Z',
          sender: sheena,
          content: { type: 'media', mediaType: 'audio', mediaId: '1908647269898587', mimeType: 'audio/ogg; codecs=opus', voice: true },
        },
      ],
      skipped: [],
    });
  });

  it('when a video arrives, then it is video media with its caption', () => {
    expect(normaliseFixture('msg-video.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUNBMDkxQkNBNzQ0MkVERDA0MgA=',
          timestamp: '2025-04-11T04:08:16.000Z',
          sender: sheena,
          content: { type: 'media', mediaType: 'video', mediaId: '731675419373506', mimeType: 'video/mp4', caption: 'Timelapse of growth' },
        },
      ],
      skipped: [],
    });
  });

  it('when a document arrives, then it is document media with caption and filename', () => {
    expect(normaliseFixture('msg-document.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUVCN0RDMEJDMjQ5RDQ1M0YzRgA=',
          timestamp: '2025-04-11T04:08:16.000Z',
          sender: sheena,
          content: {
            type: 'media',
            mediaType: 'document',
            mediaId: '622684793477189',
            mimeType: 'application/pdf',
            caption: 'my receipt',
            filename: 'receipt.pdf',
          },
        },
      ],
      skipped: [],
    });
  });

  it('when a sticker arrives, then it is sticker media', () => {
    expect(normaliseFixture('msg-sticker.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUU4RjhGRjY1NUJDNkVDRkJCNQA=',
          timestamp: '2025-04-11T04:08:16.000Z',
          sender: sheena,
          content: { type: 'media', mediaType: 'sticker', mediaId: '1908647269898587', mimeType: 'image/webp' },
        },
      ],
      skipped: [],
    });
  });

  it('when a contact card is shared, then its formatted name and phones are kept', () => {
    expect(normaliseFixture('msg-contacts.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUI5OUJDRjMxRTdGMzg1QTM3QwA=',
          timestamp: '2025-04-11T04:08:16.000Z',
          sender: sheena,
          content: {
            type: 'contacts',
            contacts: [{ name: 'Barbara J. Johnson', phones: [{ phone: '+1 (415) 555-0829', waId: '14125550829' }] }],
          },
        },
      ],
      skipped: [],
    });
  });

  it('when a reaction arrives, then it names the message and the emoji', () => {
    expect(normaliseFixture('msg-reaction.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTg3MDU0QzA0MTYzREQyQTU2MAA=',
          timestamp: '2025-06-08T21:52:24.000Z',
          sender: sheena,
          content: { type: 'reaction', messageId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBJFNEE2MTRGMkExQTUwNjQ2QTcA', emoji: '\u{1F44D}' },
        },
      ],
      skipped: [],
    });
  });

  it('when a reaction is removed, then emoji is null', () => {
    expect(normaliseFixture('msg-reaction-removed.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUE0RTc2QjlCQjE2RENDOTVEQgA=',
          timestamp: '2025-06-08T21:52:24.000Z',
          sender: sheena,
          content: { type: 'reaction', messageId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBJFNEE2MTRGMkExQTUwNjQ2QTcA', emoji: null },
        },
      ],
      skipped: [],
    });
  });

  it('when a cart order arrives, then the catalog, text and both items are kept', () => {
    expect(normaliseFixture('msg-order.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUY1MjcyMDFBRTE0RDJEOTlCQQA=',
          timestamp: '2025-06-16T17:52:05.000Z',
          sender: sheena,
          content: {
            type: 'order',
            catalogId: '194836987003835',
            text: 'Love these!',
            items: [
              { productRetailerId: 'di9ozbzfi4', quantity: 2, itemPrice: 30, currency: 'USD' },
              { productRetailerId: 'nqryix03ez', quantity: 1, itemPrice: 25, currency: 'USD' },
            ],
          },
        },
      ],
      skipped: [],
    });
  });

  it('when Meta reports an unsupported message, then the content is unsupported with the original type and errors', () => {
    expect(normaliseFixture('msg-unsupported.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUE5NkE2RDA5OThDREI2Q0FCMQA=',
          timestamp: '2025-06-16T16:18:22.000Z',
          sender: sheena,
          content: {
            type: 'unsupported',
            originalType: 'edit',
            errors: [
              { code: 131051, title: 'Message type unknown', message: 'Message type unknown', details: 'Message type is currently not supported.' },
            ],
          },
        },
      ],
      skipped: [],
    });
  });
});

describe('normaliseWebhook: system messages', () => {
  it('when a user changes number, then newWaId comes from system.wa_id and the sender has no profile', () => {
    expect(normaliseFixture('msg-system-user-changed-number.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGAoxMTgyMDg2MjY3AA==',
          timestamp: '2025-06-18T17:55:42.000Z',
          sender: { userId: null, waId: '16505551234', parentUserId: null, profileName: null, username: null },
          content: {
            type: 'system',
            systemType: 'user_changed_number',
            body: 'User Sheena Nelson changed from 16505551234 to 12195555358',
            newWaId: '12195555358',
          },
        },
      ],
      skipped: [],
    });
  });

  it('when a user_changed_user_id message has neither from nor from_user_id (as in the fixture), then it is skipped', () => {
    expect(normaliseFixture('msg-system-user-changed-user-id.json')).toEqual({
      events: [],
      skipped: [{ path: 'entry[0].changes[0].value.messages[0]', reason: 'message has neither from nor from_user_id' }],
    });
  });

  it('when a user_changed_user_id message names its sender, then newUserId comes from system.user_id', () => {
    const body = bodyWithValue({
      messages: [
        {
          from_user_id: 'US.13491208655302741918',
          id: 'wamid.system-user-id',
          timestamp: '1780917820',
          type: 'system',
          system: { body: 'User changed', user_id: 'US.13491208655302749011', type: 'user_changed_user_id' },
        },
      ],
    });
    expect(normaliseWebhook(body)).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.system-user-id',
          timestamp: '2026-06-08T11:23:40.000Z',
          sender: { userId: 'US.13491208655302741918', waId: null, parentUserId: null, profileName: null, username: null },
          content: { type: 'system', systemType: 'user_changed_user_id', body: 'User changed', newUserId: 'US.13491208655302749011' },
        },
      ],
      skipped: [],
    });
  });
});

describe('normaliseWebhook: business-scoped user ids', () => {
  it('when a username user without a shareable number writes, then the sender has the BSUID, parent and username but no waId', () => {
    expect(normaliseFixture('bsuid-msg-text-username-no-phone.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTc2RTFBM0ZBQkJBNURCNTUxNwA=',
          timestamp: '2025-06-08T20:59:43.000Z',
          sender: {
            userId: 'US.13491208655302741918',
            waId: null,
            parentUserId: 'US.ENT.11815799212886844830',
            profileName: 'Sheena Nelson',
            username: 'realsheenanelson',
          },
          content: { type: 'text', body: 'Does it come in another color?' },
        },
      ],
      skipped: [],
    });
  });

  it('when a user without username writes, then the sender has both the BSUID and the number', () => {
    expect(normaliseFixture('bsuid-msg-text-with-phone.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTc0M0VEQkVBNEJCMkE2OTg0NwA=',
          timestamp: '2026-06-08T11:20:40.000Z',
          sender: { userId: 'US.13491208655302741918', waId: '16505551234', parentUserId: null, profileName: 'Sheena Nelson', username: null },
          content: { type: 'text', body: 'Hi, I saw your job post' },
        },
      ],
      skipped: [],
    });
  });

  it('when a username user with a shareable number taps a button, then every identifier is kept', () => {
    expect(normaliseFixture('bsuid-msg-button-reply-username-with-phone.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTU1NTEyMzAwNDIVAgASGBQzQUU4MURCOEY2QzkwQUU2REVEMgA=',
          timestamp: '2026-06-08T11:21:40.000Z',
          sender: { userId: 'US.10482957361028475610', waId: '15551230042', parentUserId: null, profileName: 'Mariana R.', username: 'mariana.r' },
          content: { type: 'button_reply', id: 'interested', title: 'Interested' },
          context: { replyToWamid: 'wamid.HBgLMTU1NTEyMzAwNDIVAgARGBI2M0YzOTdCOURBN0M1RERDNTYA' },
        },
      ],
      skipped: [],
    });
  });

  it('when a user shares their number through a contact request, then the card has origin contact_request and the sender no waId', () => {
    expect(normaliseFixture('bsuid-msg-contacts-request-contact-info.json')).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.HBgLMTU1NTEyMzAwNDIVAgASGBQzQTJGRjMzNzgwMzMzRjU5NDQzRgA=',
          timestamp: '2026-06-08T11:22:40.000Z',
          sender: { userId: 'US.10482957361028475610', waId: null, parentUserId: null, profileName: 'Mariana R.', username: 'mariana.r' },
          content: {
            type: 'contacts',
            contacts: [{ phones: [{ phone: '+1 555-123-0042', waId: '15551230042' }], origin: 'contact_request' }],
          },
        },
      ],
      skipped: [],
    });
  });

  it('when a status is delivered to a phone number, then the recipient has the number and the BSUID', () => {
    expect(normaliseFixture('bsuid-status-delivered-to-phone.json')).toEqual({
      events: [
        {
          kind: 'status',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBIzMUE0RkIxQjREMURFOUZCNkMA',
          status: 'delivered',
          timestamp: '2025-06-15T23:27:53.000Z',
          recipient: { waId: '16505551234', userId: 'US.13491208655302741918' },
          errors: [],
        },
      ],
      skipped: [],
    });
  });

  it('when a status is delivered to a BSUID, then the recipient has no waId', () => {
    expect(normaliseFixture('bsuid-status-delivered-to-bsuid.json')).toEqual({
      events: [
        {
          kind: 'status',
          phoneNumberId,
          wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5NDlENDgxRDcyQzNFMkNGMTkA',
          status: 'delivered',
          timestamp: '2025-06-15T23:27:53.000Z',
          recipient: { waId: null, userId: 'US.13491208655302741918' },
          errors: [],
        },
      ],
      skipped: [],
    });
  });

  it('when a 2026 sent status comes with contacts and recipient_user_id, then both ids are on the recipient', () => {
    expect(normaliseFixture('bsuid-status-sent.json')).toEqual({
      events: [
        {
          kind: 'status',
          phoneNumberId,
          wamid: 'wamid.HBgLMTU1NTEyMzAwMDIVAgARGBJBMEVBMEVCMTMwMDlENzQyQUEA',
          status: 'sent',
          timestamp: '2026-06-08T11:16:40.000Z',
          recipient: { waId: '15551230002', userId: amaraBsuid },
          errors: [],
        },
      ],
      skipped: [],
    });
  });

  it('when field user_id_update arrives, then it is a user_id_change with previous and current BSUIDs', () => {
    expect(normaliseFixture('field-user-id-update.json')).toEqual({
      events: [
        {
          kind: 'user_id_change',
          phoneNumberId,
          previousUserId: 'US.13491208655302741918',
          currentUserId: 'US.13491208655302749011',
          waId: '16505551234',
          timestamp: '2026-06-08T11:23:40.000Z',
        },
      ],
      skipped: [],
    });
  });
});

describe('normaliseWebhook: statuses and errors', () => {
  const statusCases = [
    ['status-sent.json', 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI3RTlDNzYwMEJGNjY4QjQxNzIA', 'sent', '2025-06-15T23:27:53.000Z', '16505551234', null],
    ['status-sent-minimal.json', 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI0MEM1MDAyMTk5N0JFNzdGNzEA', 'sent', '2025-06-15T23:27:53.000Z', '16505551234', null],
    ['status-sent-free-entry-point.json', 'wamid.HBgLMTU1NTEyMzAwMDIVAgARGBIyMzkwRkM1NUNBRUVBNTc3MTYA', 'sent', '2026-06-08T11:18:40.000Z', '15551230002', amaraBsuid],
    ['status-delivered.json', 'wamid.HBgLMTU1NTEyMzAwMDIVAgARGBJBMEVBMEVCMTMwMDlENzQyQUEA', 'delivered', '2026-06-08T11:16:45.000Z', '15551230002', amaraBsuid],
    ['status-delivered-legacy-cbp.json', 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI1QjEyQ0QxN0Q5M0Y2QzU3MEQA', 'delivered', '2025-06-18T16:22:53.000Z', '16505551234', null],
    ['status-read.json', 'wamid.HBgLMTU1NTEyMzAwMDIVAgARGBI1OTRFREY3NzU0Q0FGNEQ0MUEA', 'read', '2026-06-08T11:17:40.000Z', '15551230002', amaraBsuid],
    ['status-played.json', 'wamid.HBgLMTU1NTEyMzAwMDIVAgARGBJFOTU5QTM2Nzg0MTdFRkM5OTMA', 'played', '2026-06-08T11:19:40.000Z', '15551230002', amaraBsuid],
  ] as const;

  it.each(statusCases)('when %s arrives, then it is one %s status without errors', (file, wamid, status, timestamp, waId, userId) => {
    expect(normaliseFixture(file)).toEqual({
      events: [{ kind: 'status', phoneNumberId, wamid, status, timestamp, recipient: { waId, userId }, errors: [] }],
      skipped: [],
    });
  });

  const failedCases = [
    [
      'status-failed-131047.json',
      'wamid.HBgLMTU1NTEyMzAwMDIVAgARGBIyOUJENjU4NDczMEY0RkMzOUIA',
      '2026-06-08T11:15:00.000Z',
      '15551230002',
      {
        code: 131047,
        title: 'Re-engagement message',
        message: 'Re-engagement message',
        details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
      },
    ],
    [
      'status-failed-131026.json',
      'wamid.HBgLMTU1NTEyMzAwMDIVAgARGBJDN0JEOEI3QjFGMzJBM0Q3OEUA',
      '2026-06-08T11:15:01.000Z',
      '15551230002',
      { code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', details: 'Message Undeliverable.' },
    ],
    [
      'status-failed-130429.json',
      'wamid.HBgLMTU1NTEyMzAwMDIVAgARGBJFM0RBQTUzMUE3ODJFNkJFQzIA',
      '2026-06-08T11:15:02.000Z',
      '15551230002',
      {
        code: 130429,
        title: 'Rate limit hit',
        message: 'Rate limit hit',
        details: 'Message failed to send because there were too many messages sent from this phone number in a short period of time',
      },
    ],
    [
      'status-failed-131049.json',
      'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBJFQUQ1OEMzRTM2ODRFOTk1QjQA',
      '2025-06-15T23:27:53.000Z',
      '16505551234',
      {
        code: 131049,
        title: 'This message was not delivered to maintain healthy ecosystem engagement.',
        message: 'This message was not delivered to maintain healthy ecosystem engagement.',
        details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
      },
    ],
  ] as const;

  it.each(failedCases)('when %s arrives, then it is a failed status carrying the error code', (file, wamid, timestamp, waId, error) => {
    expect(normaliseFixture(file)).toEqual({
      events: [{ kind: 'status', phoneNumberId, wamid, status: 'failed', timestamp, recipient: { waId, userId: null }, errors: [error] }],
      skipped: [],
    });
  });

  it('when value.errors[] holds an account-level error, then it is one error event with the phone number id', () => {
    expect(normaliseFixture('errors-value-level-130429.json')).toEqual({
      events: [
        {
          kind: 'error',
          phoneNumberId,
          errors: [
            {
              code: 130429,
              title: 'Rate limit hit',
              message: 'Rate limit hit',
              details: 'Message failed to send because there were too many messages sent from this phone number in a short period of time',
            },
          ],
        },
      ],
      skipped: [],
    });
  });

  it('when value.errors[] comes without metadata, then the error event has a null phone number id', () => {
    const body = bodyWithValue({ errors: [{ code: 131000, title: 'Something went wrong' }] });
    const value = (body as { entry: [{ changes: [{ value: Record<string, unknown> }] }] }).entry[0].changes[0].value;
    delete value.metadata;
    expect(normaliseWebhook(body)).toEqual({
      events: [{ kind: 'error', phoneNumberId: null, errors: [{ code: 131000, title: 'Something went wrong' }] }],
      skipped: [],
    });
  });
});

describe('normaliseWebhook: batches', () => {
  it('when one change holds three messages from two users, then three events in payload order, each with its own contact', () => {
    const { events, skipped } = normaliseFixture('batch-messages-one-change.json');
    expect(skipped).toEqual([]);
    expect(events).toEqual([
      expect.objectContaining({ wamid: 'wamid.HBgLMTU1NTEyMzAwMDIVAgASGBQzQTlDMDY2QTZGRjQzOTQ2NTRDNAA=', sender: amara, content: { type: 'text', body: 'Hi' } }),
      expect.objectContaining({
        wamid: 'wamid.HBgLMTU1NTEyMzAwMDMVAgASGCA0MUExMTkwNkM4MjNBNzY2OEY3N0M0Mzg3Rjg2RjY0MgA=',
        timestamp: '2026-06-08T11:26:41.000Z',
        sender: { userId: null, waId: '15551230003', parentUserId: null, profileName: 'Chlo\u00e9 Dubois', username: null },
        content: { type: 'text', body: 'Bonjour, je cherche un extra \u00e0 Lisbonne' },
      }),
      expect.objectContaining({
        wamid: 'wamid.HBgLMTU1NTEyMzAwMDIVAgASGBQzQTU5RkY1MUVFOEVGRjk1RDdGRAA=',
        sender: amara,
        content: { type: 'list_reply', id: 'role_waiter', title: 'Waiter' },
        context: { replyToWamid: 'wamid.HBgLMTU1NTEyMzAwMDIVAgARGBJBNkI3MUYyOUQ5QjQyQ0E5NTUA' },
      }),
    ]);
  });

  it('when one entry has two changes for two business numbers, then each message carries its own phone number id', () => {
    const { events, skipped } = normaliseFixture('batch-multiple-changes.json');
    expect(skipped).toEqual([]);
    expect(events.map((e) => [e.kind, e.phoneNumberId, 'wamid' in e ? e.wamid : null])).toEqual([
      ['message', '106540352242922', 'wamid.HBgLMTU1NTEyMzAwMDIVAgASGBQzQTlFN0JDQkY2NEM5MTUwREQ3NAA='],
      ['message', '106540352242923', 'wamid.HBgLMTU1NTEyMzAwMDQVAgASGBQzQTc1N0JCMkM1OTg5OUM1ODcyQwA='],
    ]);
    expect(events[1]).toMatchObject({ sender: { waId: '15551230004', profileName: 'Ana Ferreira' } });
  });

  it('when two entries arrive and the second message is older, then the events keep payload order', () => {
    const { events, skipped } = normaliseFixture('batch-multiple-entries.json');
    expect(skipped).toEqual([]);
    expect(events).toEqual([
      expect.objectContaining({
        phoneNumberId: '106540352242922',
        wamid: 'wamid.HBgLMTU1NTEyMzAwMDIVAgASGBQzQTFCQzM1QjdEQjRBNjZFQjMxRAA=',
        timestamp: '2026-06-08T11:30:00.000Z',
        content: { type: 'text', body: 'Can I change my availability?' },
      }),
      expect.objectContaining({
        phoneNumberId: '106540352242924',
        wamid: 'wamid.HBgLMTU1NTEyMzAwMDQVAgASGBQzQUFFMTE4N0RBNkU3NzYxMERBNAA=',
        timestamp: '2026-06-08T11:29:59.000Z',
        content: { type: 'text', body: 'Is the kitchen porter job still open?' },
      }),
    ]);
  });

  it('when a messages change and a statuses change share a POST, then one message then three statuses, in order', () => {
    const { events, skipped } = normaliseFixture('batch-message-status-mix.json');
    expect(skipped).toEqual([]);
    const recipient = { waId: '15551230002', userId: amaraBsuid };
    expect(events).toEqual([
      {
        kind: 'message',
        phoneNumberId,
        wamid: 'wamid.HBgLMTU1NTEyMzAwMDIVAgASGBQzQURCRkM0QTYzMEE3NzU2QjU0MAA=',
        timestamp: '2026-06-08T11:31:45.000Z',
        sender: { ...amara, userId: amaraBsuid },
        content: { type: 'text', body: 'ok thanks!' },
      },
      { kind: 'status', phoneNumberId, wamid: 'wamid.HBgLMTU1NTEyMzAwMDIVAgARGBI1NDM4ODI1MTNBN0M5MEQ1OTcA', status: 'read', timestamp: '2026-06-08T11:31:40.000Z', recipient, errors: [] },
      { kind: 'status', phoneNumberId, wamid: 'wamid.HBgLMTU1NTEyMzAwMDIVAgARGBIyOTE3MjM3MEJDQTFCRTRFODEA', status: 'delivered', timestamp: '2026-06-08T11:31:41.000Z', recipient, errors: [] },
      { kind: 'status', phoneNumberId, wamid: 'wamid.HBgLMTU1NTEyMzAwMDIVAgARGBI1NDM4ODI1MTNBN0M5MEQ1OTcA', status: 'delivered', timestamp: '2026-06-08T11:31:39.000Z', recipient, errors: [] },
    ]);
  });
});

describe('normaliseWebhook: fields we do not handle', () => {
  it.each([
    ['field-account-update-violation.json', 'account_update'],
    ['field-account-update-restriction.json', 'account_update'],
    ['field-account-update-offboarded.json', 'account_update'],
    ['field-message-template-status-update-approved.json', 'message_template_status_update'],
    ['field-message-template-status-update-rejected.json', 'message_template_status_update'],
    ['field-phone-number-quality-update.json', 'phone_number_quality_update'],
    ['field-user-preferences.json', 'user_preferences'],
  ])('when %s arrives, then no event and a skipped part naming field %s', (file, field) => {
    expect(normaliseFixture(file)).toEqual({ events: [], skipped: [{ path: 'entry[0].changes[0]', reason: `field ${field} is not handled` }] });
  });

  it('when a field unknown to us arrives, then no event and a skipped part naming it', () => {
    const body = { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'something_new', value: { x: 1 } }] }] };
    expect(normaliseWebhook(body)).toEqual({ events: [], skipped: [{ path: 'entry[0].changes[0]', reason: 'field something_new is not handled' }] });
  });
});

describe('normaliseWebhook: broken bodies', () => {
  it.each([
    ['null', null],
    ['{}', {}],
    ['{"object":"x","entry":"nope"}', { object: 'x', entry: 'nope' }],
    ['a string', 'not json at all'],
  ])('when the body is %s, then no events and one skipped part for the body', (_label, body) => {
    const result = normaliseWebhook(body);
    expect(result.events).toEqual([]);
    expect(result.skipped).toEqual([{ path: 'body', reason: expect.stringContaining('not a WhatsApp webhook body') }]);
  });

  it('when one message of a batch lacks its id, then that one is skipped with its path and the others are kept', () => {
    const body = fixture('batch-messages-one-change.json') as { entry: [{ changes: [{ value: { messages: Record<string, unknown>[] } }] }] };
    delete body.entry[0].changes[0].value.messages[1]!.id;
    const { events, skipped } = normaliseWebhook(body);
    expect(events.map((e) => ('wamid' in e ? e.wamid : null))).toEqual([
      'wamid.HBgLMTU1NTEyMzAwMDIVAgASGBQzQTlDMDY2QTZGRjQzOTQ2NTRDNAA=',
      'wamid.HBgLMTU1NTEyMzAwMDIVAgASGBQzQTU5RkY1MUVFOEVGRjk1RDdGRAA=',
    ]);
    expect(skipped).toEqual([{ path: 'entry[0].changes[0].value.messages[1]', reason: expect.stringMatching(/^id: /) }]);
  });

  it('when a message has a type we do not know ("edit"), then it becomes unsupported content', () => {
    const body = bodyWithValue({
      contacts: [sheenaContact],
      messages: [{ from: '16505551234', id: 'wamid.edit-1', timestamp: '1780917000', type: 'edit', edit: { original_message_id: 'wamid.x', text: { body: 'fixed' } } }],
    });
    expect(normaliseWebhook(body)).toEqual({
      events: [
        {
          kind: 'message',
          phoneNumberId,
          wamid: 'wamid.edit-1',
          timestamp: '2026-06-08T11:10:00.000Z',
          sender: sheena,
          content: { type: 'unsupported', originalType: 'edit', errors: [] },
        },
      ],
      skipped: [],
    });
  });

  it('when an interactive message has a reply type we do not know, then it becomes unsupported content', () => {
    const body = bodyWithValue({
      contacts: [sheenaContact],
      messages: [{ from: '16505551234', id: 'wamid.nfm', timestamp: '1780917000', type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: {} } }],
    });
    expect(normaliseWebhook(body).events).toEqual([
      expect.objectContaining({ wamid: 'wamid.nfm', content: { type: 'unsupported', originalType: 'interactive.nfm_reply', errors: [] } }),
    ]);
  });

  it('when a message has no from and no from_user_id, or a non-numeric timestamp, or broken content, then each is skipped and the good one kept', () => {
    const body = bodyWithValue({
      contacts: [sheenaContact],
      messages: [
        { id: 'wamid.nobody', timestamp: '1780917000', type: 'text', text: { body: 'who am I' } },
        { from: '16505551234', id: 'wamid.when', timestamp: 'yesterday', type: 'text', text: { body: 'hi' } },
        { from: '16505551234', id: 'wamid.empty', timestamp: '1780917000', type: 'text', text: {} },
        { from: '16505551234', id: 'wamid.good', timestamp: '1780917000', type: 'text', text: { body: 'hi' } },
      ],
    });
    const { events, skipped } = normaliseWebhook(body);
    expect(events).toEqual([expect.objectContaining({ wamid: 'wamid.good', sender: sheena })]);
    expect(skipped).toEqual([
      { path: 'entry[0].changes[0].value.messages[0]', reason: 'message has neither from nor from_user_id' },
      { path: 'entry[0].changes[0].value.messages[1]', reason: 'timestamp: expected a string of unix seconds' },
      { path: 'entry[0].changes[0].value.messages[2]', reason: expect.stringMatching(/^text\.body: /) },
    ]);
  });

  it('when a status has an unknown status value, then it is skipped and the next status kept', () => {
    const body = bodyWithValue({
      statuses: [
        { id: 'wamid.a', status: 'deleted', timestamp: '1780917000', recipient_id: '16505551234' },
        { id: 'wamid.b', status: 'read', timestamp: '1780917000', recipient_id: '16505551234' },
      ],
    });
    const { events, skipped } = normaliseWebhook(body);
    expect(events).toEqual([expect.objectContaining({ kind: 'status', wamid: 'wamid.b', status: 'read' })]);
    expect(skipped).toEqual([{ path: 'entry[0].changes[0].value.statuses[0]', reason: expect.stringMatching(/^status: /) }]);
  });

  it('when an entry or a change is malformed, then only that part is skipped', () => {
    const good = (fixture('msg-text.json') as { entry: unknown[] }).entry[0] as { changes: unknown[] };
    const body = { object: 'whatsapp_business_account', entry: ['nope', { id: '1', changes: [42, ...good.changes] }] };
    const { events, skipped } = normaliseWebhook(body);
    expect(events).toEqual([expect.objectContaining({ wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTYwQkY0NzJFMDIwMkJBQ0E4RgA=' })]);
    expect(skipped.map((part) => part.path)).toEqual(['entry[0]', 'entry[1].changes[0]']);
  });

  it('when messages arrive without metadata, then they are skipped, since no phone number id can be given', () => {
    const body = bodyWithValue({ messages: [{ from: '1', id: 'wamid.x', timestamp: '1', type: 'text', text: { body: 'x' } }] });
    const value = (body as { entry: [{ changes: [{ value: Record<string, unknown> }] }] }).entry[0].changes[0].value;
    delete value.metadata;
    expect(normaliseWebhook(body)).toEqual({
      events: [],
      skipped: [{ path: 'entry[0].changes[0].value.metadata', reason: expect.stringContaining('phone_number_id is missing') }],
    });
  });
});
