// A minimal conversation: echoes what it understood and offers a menu. The flow engine replaces it.
import type { InboundMessage } from '../whatsapp/inbound-event.js';
import type { OutboundMessageInput } from '../whatsapp/outbound-message.js';

export type ConversationState = Record<string, unknown>;

export interface HandlerResult {
  state: ConversationState;
  replies: OutboundMessageInput[];
}

/** Pure: (state, message) -> (new state, replies). */
export type ConversationHandler = (state: ConversationState, message: InboundMessage) => HandlerResult;

const menu: OutboundMessageInput = {
  type: 'buttons',
  body: 'Menu',
  buttons: [
    { id: 'menu.help', title: 'Help' },
    { id: 'menu.about', title: 'About' },
  ],
};

function reply(message: InboundMessage): OutboundMessageInput[] {
  const { content } = message;
  switch (content.type) {
    case 'text': {
      const text = content.body.trim();
      if (text.toLowerCase() === 'menu') return [menu];
      return [{ type: 'buttons', body: `You said: ${text.slice(0, 1000)}`, buttons: [{ id: 'echo.menu', title: 'Menu' }] }];
    }
    case 'button_reply':
    case 'list_reply':
      if (content.id === 'echo.menu') return [menu];
      if (content.id === 'menu.help') return [{ type: 'text', text: 'Send any message and I will echo it. Send "menu" for options.' }];
      if (content.id === 'menu.about') return [{ type: 'text', text: 'Partimer: part-time jobs near you, right here on WhatsApp.' }];
      return [{ type: 'text', text: `You tapped: ${content.title}` }];
    case 'button':
      return [{ type: 'text', text: `You tapped: ${content.text}` }];
    case 'location':
      return [{ type: 'text', text: `Got your location: ${content.latitude.toFixed(4)}, ${content.longitude.toFixed(4)}` }];
    case 'system':
    case 'reaction':
      return [];
    default:
      return [{ type: 'text', text: 'I can read text, buttons and locations for now. Send "menu" to see options.' }];
  }
}

export const echoHandler: ConversationHandler = (state, message) => ({
  state: { ...state, turns: (typeof state.turns === 'number' ? state.turns : 0) + 1 },
  replies: reply(message),
});
