// An inbound message reduced to what the engine routes on: typed text, a tapped id, a pin, a shared contact.
import type { MessageContent } from '../../whatsapp/inbound-event.js';

export type Input =
  | { kind: 'text'; text: string }
  /** A reply button, a list row or a template quick reply: routed on its id, never on its title. */
  | { kind: 'reply'; id: string; title: string }
  | { kind: 'location'; lat: number; lng: number; name?: string; address?: string }
  | { kind: 'contacts'; phones: string[] }
  /** Media, orders, unsupported types: never an answer, always a hint. */
  | { kind: 'other'; type: string };

export function inputOf(content: MessageContent): Input {
  switch (content.type) {
    case 'text':
      return { kind: 'text', text: content.body };
    case 'button_reply':
    case 'list_reply':
      return { kind: 'reply', id: content.id, title: content.title };
    case 'button':
      return { kind: 'reply', id: content.payload, title: content.text };
    case 'location':
      return { kind: 'location', lat: content.latitude, lng: content.longitude, name: content.name, address: content.address };
    case 'contacts':
      return { kind: 'contacts', phones: content.contacts.flatMap((c) => c.phones.flatMap((p) => [p.phone ?? p.waId ?? []].flat())) };
    case 'media':
      // A caption is text the person typed: better to read it than to refuse it.
      return content.caption?.trim() ? { kind: 'text', text: content.caption } : { kind: 'other', type: content.mediaType };
    default:
      return { kind: 'other', type: content.type };
  }
}
