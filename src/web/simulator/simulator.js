// The sandbox simulator page: one persona per browser tab, its messages posted to /simulator/api/messages,
// the bot's replies streamed from /simulator/api/stream. Plain browser JavaScript, no build step.
'use strict';

(() => {
  const PERSONA_KEY = 'partimer.simulator.persona';
  const historyKey = (waId) => `partimer.simulator.history.${waId}`;

  const PERSONAS = [
    { label: 'Maria (worker) 34612345678', waId: '34612345678', name: 'Maria Lopez' },
    { label: 'Bar Sol (employer) 34699111222', waId: '34699111222', name: 'Bar Sol' },
    { label: 'Ana (Cafe Sol) 34611222333', waId: '34611222333', name: 'Ana Garcia' },
    { label: 'Luis (Spanish) 34655000333', waId: '34655000333', name: 'Luis' },
  ];

  const PLACES = [
    { name: 'Madrid Chamberi', address: 'Chamberi, Madrid', latitude: 40.434, longitude: -3.7036 },
    { name: 'Madrid Centro', address: 'Puerta del Sol, Madrid', latitude: 40.4168, longitude: -3.7038 },
    { name: 'Madrid Salamanca', address: 'Salamanca, Madrid', latitude: 40.4297, longitude: -3.6774 },
    { name: 'Barcelona Eixample', address: 'Eixample, Barcelona', latitude: 41.3917, longitude: 2.1649 },
    { name: 'Valencia Ruzafa', address: 'Ruzafa, Valencia', latitude: 39.4623, longitude: -0.3736 },
  ];

  const $ = (id) => document.getElementById(id);
  const chat = $('chat');

  /** @type {{ waId: string, name: string } | null} */
  let persona = null;
  /** @type {EventSource | null} */
  let source = null;
  /** Outbox ids already shown: a reconnecting stream may send a row again. */
  const shownBotIds = new Set();
  /** Wamids of the user's own messages that the bot has read (a read can arrive before the send answers). */
  const readWamids = new Set();
  /** The user's side of the chat, kept per persona so a reload shows it again. */
  let history = [];

  function el(tag, attributes = {}, children = []) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) {
      if (value === undefined || value === null) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    node.append(...children);
    return node;
  }

  /** A map pin drawn inline: emoji fonts are not everywhere (headless browsers have none). */
  function pinIcon() {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', '22');
    svg.setAttribute('height', '22');
    svg.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', 'M12 2a7 7 0 0 0-7 7c0 5.2 7 13 7 13s7-7.8 7-13a7 7 0 0 0-7-7zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5z');
    path.setAttribute('fill', 'currentColor');
    svg.append(path);
    return svg;
  }

  function clockTime(date) {
    return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  /** WhatsApp's formatting: *bold*, _italic_, ~strike~, ```mono```, and links; everything else as text. */
  const FORMAT = /```([\s\S]+?)```|(?<![\w*])\*([^*\n]+)\*(?![\w*])|(?<![\w_])_([^_\n]+)_(?![\w_])|(?<![\w~])~([^~\n]+)~(?![\w~])|(https?:\/\/[^\s]+)/g;

  function formatted(text) {
    const nodes = [];
    let last = 0;
    for (const match of text.matchAll(FORMAT)) {
      if (match.index > last) nodes.push(document.createTextNode(text.slice(last, match.index)));
      const [, mono, bold, italic, strike, link] = match;
      if (mono !== undefined) nodes.push(el('code', { text: mono }));
      else if (bold !== undefined) nodes.push(el('strong', { text: bold }));
      else if (italic !== undefined) nodes.push(el('em', { text: italic }));
      else if (strike !== undefined) nodes.push(el('s', { text: strike }));
      else nodes.push(el('a', { href: link, target: '_blank', rel: 'noopener noreferrer', text: link }));
      last = match.index + match[0].length;
    }
    if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
    return el('span', { class: 'text' }, nodes);
  }

  /** Places a chat row by time, so history and live messages interleave as they happened. */
  function place(row, at) {
    row.dataset.ts = String(at.getTime());
    const later = [...chat.children].find((child) => Number(child.dataset.ts) > at.getTime());
    chat.insertBefore(row, later ?? null);
    if (later === undefined) chat.scrollTop = chat.scrollHeight;
  }

  function note(text) {
    chat.append(el('div', { class: 'system-note', 'data-ts': String(Date.now()), text }));
    chat.scrollTop = chat.scrollHeight;
  }

  // ---- the bot's messages ----

  function botBubble(message, wamid) {
    switch (message.type) {
      case 'text':
        return { bubble: [formatted(message.text)], below: [] };
      case 'buttons':
        return {
          bubble: [formatted(message.body)],
          below: [
            el(
              'div',
              { class: 'reply-buttons' },
              message.buttons.map((button) =>
                el('button', {
                  type: 'button',
                  class: 'reply-button',
                  'data-testid': 'reply-button',
                  'data-id': button.id,
                  text: button.title,
                  onclick: () => send({ type: 'button_reply', id: button.id, title: button.title, contextWamid: wamid ?? undefined }),
                }),
              ),
            ),
          ],
        };
      case 'contact_request':
        return {
          bubble: [formatted(message.body)],
          below: [
            el('div', { class: 'reply-buttons' }, [
              el('button', {
                type: 'button',
                class: 'reply-button',
                'data-testid': 'share-contact',
                text: 'Share contact info',
                onclick: () => send({ type: 'share_contact' }),
              }),
            ]),
          ],
        };
      case 'list':
        return {
          bubble: [
            formatted(message.body),
            el('button', {
              type: 'button',
              class: 'list-open',
              'data-testid': 'list-open',
              text: `\u2630 ${message.button}`,
              onclick: () => openList(message, wamid),
            }),
          ],
          below: [],
        };
      case 'template':
        return {
          bubble: [
            el('div', { class: 'template-label', text: 'Template message' }),
            el('div', { class: 'template-name', text: `${message.name} (${message.language})` }),
            el(
              'ol',
              { class: 'template-params' },
              (message.params ?? []).map((param) => el('li', {}, [formatted(param)])),
            ),
          ],
          // A template's quick replies send their payload back, as WhatsApp's "button" message.
          below: (message.quickReplies ?? []).length === 0 ? [] : [
            el(
              'div',
              { class: 'reply-buttons' },
              message.quickReplies.map((reply) =>
                el('button', {
                  type: 'button',
                  class: 'reply-button',
                  'data-testid': 'quick-reply',
                  'data-id': reply.payload,
                  text: reply.title,
                  onclick: () => send({ type: 'quick_reply', payload: reply.payload, text: reply.title, contextWamid: wamid ?? undefined }),
                }),
              ),
            ),
          ],
        };
      default:
        return { bubble: [el('code', { text: JSON.stringify(message) })], below: [] };
    }
  }

  function showBotMessage(event) {
    if (shownBotIds.has(event.id)) return;
    shownBotIds.add(event.id);
    const at = new Date(event.createdAt);
    const { bubble, below } = botBubble(event.message, event.wamid);
    const row = el('div', { class: 'row bot', 'data-testid': 'bot-message', 'data-id': String(event.id) }, [
      el('div', { class: 'bubble' }, [...bubble, el('span', { class: 'meta', text: clockTime(at) })]),
      ...below,
    ]);
    place(row, at);
  }

  function openList(message, wamid) {
    $('list-sheet-title').textContent = message.button;
    const sections = message.sections.map((section) =>
      el('div', { class: 'sheet-section' }, [
        section.title ? el('div', { class: 'sheet-section-title', text: section.title }) : '',
        ...section.rows.map((row) =>
          el(
            'button',
            {
              type: 'button',
              class: 'list-row',
              'data-testid': 'list-row',
              'data-id': row.id,
              onclick: () => {
                closeList();
                send({ type: 'list_reply', id: row.id, title: row.title, description: row.description, contextWamid: wamid ?? undefined });
              },
            },
            [
              el('div', { class: 'list-row-title', text: row.title }),
              row.description ? el('div', { class: 'list-row-description', text: row.description }) : '',
            ],
          ),
        ),
      ]),
    );
    $('list-sections').replaceChildren(...sections);
    $('list-sheet').hidden = false;
  }

  function closeList() {
    $('list-sheet').hidden = true;
  }

  // ---- the user's messages ----

  function userContent(message) {
    switch (message.type) {
      case 'text':
        return [formatted(message.text)];
      case 'button_reply':
      case 'list_reply':
        return [document.createTextNode(message.title)];
      case 'location':
        return [
          el('div', { class: 'location-card' }, [
            el('span', { class: 'location-pin' }, [pinIcon()]),
            el('div', {}, [
              el('div', { text: message.name ?? 'Location' }),
              message.address ? el('div', { class: 'location-coords', text: message.address }) : '',
              el('div', { class: 'location-coords', text: `${message.latitude}, ${message.longitude}` }),
            ]),
          ]),
        ];
      case 'share_contact':
        return [document.createTextNode(`Contact card: ${persona ? `+${persona.waId}` : ''}`)];
      default:
        return [document.createTextNode(JSON.stringify(message))];
    }
  }

  function ticks(entry) {
    if (entry.state === 'failed') return el('span', { class: 'ticks failed', title: entry.error ?? 'not delivered', text: '!' });
    if (entry.state === 'pending') return el('span', { class: 'ticks pending', title: 'sending', text: '\u2026' });
    const read = entry.wamid !== undefined && readWamids.has(entry.wamid);
    return el('span', { class: read ? 'ticks read' : 'ticks', text: '\u2713\u2713' });
  }

  function renderUserEntry(entry) {
    const at = new Date(entry.at);
    const row = el('div', { class: 'row user', 'data-testid': 'user-message', 'data-local-id': entry.localId }, [
      el('div', { class: 'bubble' }, [...userContent(entry.message), el('span', { class: 'meta' }, [clockTime(at), ticks(entry)])]),
    ]);
    if (entry.wamid) row.dataset.wamid = entry.wamid;
    const existing = chat.querySelector(`[data-local-id="${entry.localId}"]`);
    if (existing) existing.replaceWith(row);
    else place(row, at);
  }

  function saveHistory() {
    if (persona) sessionStorage.setItem(historyKey(persona.waId), JSON.stringify(history));
  }

  function markRead(wamid) {
    readWamids.add(wamid);
    const entry = history.find((candidate) => candidate.wamid === wamid);
    if (entry) renderUserEntry(entry);
  }

  let localCount = 0;

  async function send(message) {
    if (!persona) return;
    // Not crypto.randomUUID(): that needs a secure context, and the page may be opened over plain http on a LAN address.
    const entry = { localId: `${Date.now().toString(36)}-${(localCount += 1)}-${Math.random().toString(36).slice(2, 8)}`, at: new Date().toISOString(), message, state: 'pending' };
    history.push(entry);
    renderUserEntry(entry);
    try {
      const response = await fetch('/simulator/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ waId: persona.waId, name: persona.name, message }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
      entry.wamid = body.wamid;
      entry.state = 'sent';
    } catch (error) {
      entry.state = 'failed';
      entry.error = error instanceof Error ? error.message : String(error);
      note(`Not delivered: ${entry.error}`);
    }
    saveHistory();
    renderUserEntry(entry);
  }

  // ---- persona and stream ----

  function setStatus(text) {
    const number = document.body.dataset.displayNumber;
    $('connection-status').textContent = `+${number} \u00B7 ${text}`;
  }

  function connect() {
    source?.close();
    setStatus('connecting...');
    source = new EventSource(`/simulator/api/stream?waId=${encodeURIComponent(persona.waId)}`);
    source.addEventListener('open', () => setStatus('online'));
    source.addEventListener('error', () => setStatus('reconnecting...'));
    source.addEventListener('message', (event) => showBotMessage(JSON.parse(event.data)));
    source.addEventListener('read', (event) => markRead(JSON.parse(event.data).wamid));
  }

  function applyPersona(next) {
    persona = next;
    sessionStorage.setItem(PERSONA_KEY, JSON.stringify(next));
    $('persona-number').value = next.waId;
    $('persona-name').value = next.name;
    $('persona-current').textContent = `Chatting as ${next.name} (+${next.waId})`;
    document.title = `${next.name}: Partimer sandbox`;
    for (const id of ['message-input', 'send-button', 'location-toggle']) $(id).disabled = false;

    chat.replaceChildren();
    shownBotIds.clear();
    readWamids.clear();
    try {
      history = JSON.parse(sessionStorage.getItem(historyKey(next.waId)) ?? '[]');
    } catch {
      history = [];
    }
    for (const entry of history) renderUserEntry(entry);
    connect();
    $('message-input').focus();
  }

  function setUp() {
    const preset = $('persona-preset');
    for (const [index, candidate] of PERSONAS.entries()) preset.append(el('option', { value: String(index), text: candidate.label }));
    preset.addEventListener('change', () => {
      const chosen = PERSONAS[Number(preset.value)];
      if (chosen) applyPersona({ waId: chosen.waId, name: chosen.name });
      preset.value = '';
    });

    $('persona-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const waId = $('persona-number').value.replace(/\D/g, '');
      const name = $('persona-name').value.trim();
      if (!/^\d{8,15}$/.test(waId) || name === '') return;
      applyPersona({ waId, name });
    });

    $('composer').addEventListener('submit', (event) => {
      event.preventDefault();
      const input = $('message-input');
      const text = input.value.trim();
      if (text === '') return;
      input.value = '';
      void send({ type: 'text', text });
    });

    $('location-toggle').addEventListener('click', () => {
      $('location-panel').hidden = !$('location-panel').hidden;
    });
    for (const spot of PLACES) {
      $('location-places').append(
        el('button', {
          type: 'button',
          class: 'location-place',
          'data-testid': 'location-place',
          text: spot.name,
          onclick: () => {
            $('location-panel').hidden = true;
            void send({ type: 'location', ...spot });
          },
        }),
      );
    }
    $('location-custom').addEventListener('submit', (event) => {
      event.preventDefault();
      const latitude = Number($('location-lat').value);
      const longitude = Number($('location-long').value);
      if (!Number.isFinite(latitude) || Math.abs(latitude) > 90 || !Number.isFinite(longitude) || Math.abs(longitude) > 180) {
        note('Latitude must be between -90 and 90, longitude between -180 and 180.');
        return;
      }
      const name = $('location-name').value.trim();
      $('location-panel').hidden = true;
      void send({ type: 'location', latitude, longitude, name: name === '' ? undefined : name });
    });

    $('list-close').addEventListener('click', closeList);
    $('list-sheet').addEventListener('click', (event) => {
      if (event.target === $('list-sheet')) closeList();
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') closeList();
    });

    try {
      const saved = JSON.parse(sessionStorage.getItem(PERSONA_KEY) ?? 'null');
      if (saved && /^\d{8,15}$/.test(saved.waId) && typeof saved.name === 'string') applyPersona(saved);
    } catch {
      sessionStorage.removeItem(PERSONA_KEY);
    }
  }

  setUp();
})();
