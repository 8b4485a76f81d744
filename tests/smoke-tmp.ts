import { runEngine } from '/work/main/src/conversation/engine/engine.js';
import type { EngineContext } from '/work/main/src/conversation/engine/context.js';
import { applyToContext } from '/work/main/src/conversation/carry-out-effects.js';
let ctx: EngineContext = { now: new Date('2026-12-04T10:00:00Z'), waId: '34612345678', moderation: { status: 'active', reason: null }, worker: null, employer: null, settings: { privacyPolicyUrl: 'https://p.example/privacy', employerVerification: 'manual', currency: 'EUR' } };
let state: unknown = {};
let n = 0;
function send(content: any) {
  const msg = { kind: 'message' as const, phoneNumberId: 'p', wamid: `w${n++}`, timestamp: ctx.now.toISOString(), sender: { userId: null, waId: ctx.waId, parentUserId: null, profileName: 'Maria', username: null }, content };
  const r = runEngine(state, msg, ctx);
  state = r.state;
  for (const e of r.effects) ctx = applyToContext(ctx, e);
  console.log('>>', JSON.stringify(content));
  for (const rep of r.replies) console.log('  ', JSON.stringify(rep));
  if (r.effects.length) console.log('   effects', JSON.stringify(r.effects));
}
const text = (body: string) => ({ type: 'text', body });
const tap = (id: string) => ({ type: 'button_reply', id, title: 'x' });
const row = (id: string) => ({ type: 'list_reply', id, title: 'x' });
const script = process.argv[2] ?? 'worker';
if (script === 'worker') {
send(text('hi'));
send(tap('welcome/role/worker'));
send(tap('welcome/consent_worker/agree'));
send(text('Maria Lopez'));
send(text('wiater'));
send(tap('worker_onboarding/more_skills/add'));
send(row('worker_onboarding/skill/page/1'));
send(text('🎉'));
send(row('worker_onboarding/skill/item/cook'));
send(tap('worker_onboarding/more_skills/done'));
send({ type: 'media', mediaType: 'sticker', mediaId: '1', mimeType: 'image/webp' });
send(text('Mon-Fri 09:00-17:00'));
send(text('chamberi'));
send(tap('worker_onboarding/radius/value/10'));
send(text('12,50'));
send(tap('worker_onboarding/phone/use'));
send(tap('worker_onboarding/summary/edit'));
send(row('worker_onboarding/summary/field/rate'));
send(text('14'));
send(tap('worker_onboarding/summary/confirm'));
send(text('menu'));
send(text('pause'));
send(text('why'));
send(text('profile'));
}
