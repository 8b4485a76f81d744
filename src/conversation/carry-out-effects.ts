// The engine's effects, carried out in the turn's transaction; each also updates the context the
// contact's next message in the same turn is handled with.
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import { abuseReports, contacts, employers, jobs, workerReach, workers } from '../db/schema.js';
import { reachBox } from '../marketplace/matching/reach-box.js';
import { availabilityBits } from '../marketplace/matching/week-hours.js';
import type { EngineContext } from './engine/context.js';
import type { Effect } from './engine/effects.js';

const ERASED_CONTENT = JSON.stringify({ type: 'unsupported', originalType: 'erased', errors: [] });
const ERASED_SENDER = JSON.stringify({ userId: null, waId: null, parentUserId: null, profileName: null, username: null });
const ERASED_REPLY = JSON.stringify({ type: 'text', text: '(erased)' });

export async function carryOutEffect(tx: Tx, contactId: number, effect: Effect, now: Date, sourceWamid: string): Promise<void> {
  switch (effect.type) {
    case 'save_worker_profile': {
      const p = effect.profile;
      const row = {
        name: p.name,
        skills: p.skills,
        availability: p.availability,
        lat: p.location.lat,
        lng: p.location.lng,
        areaLabel: p.location.label,
        radiusKm: p.radiusKm,
        minRateCents: p.minRateCents,
        currency: p.currency,
        phone: p.phone,
        phoneShareConsentAt: new Date(p.phoneShareConsentAt),
        updatedAt: now,
      };
      await tx.insert(workers).values({ contactId, ...row }).onConflictDoUpdate({ target: workers.contactId, set: row });
      // The matching index follows the profile: one row per skill.
      await tx.delete(workerReach).where(sql`${workerReach.workerContactId} = ${contactId}`);
      const reach = reachBox(p.location.lat, p.location.lng, p.radiusKm);
      const weekHours = availabilityBits(p.availability);
      await tx.insert(workerReach).values(
        p.skills.map((skill) => ({ workerContactId: contactId, skill, reach, lat: p.location.lat, lng: p.location.lng, radiusKm: p.radiusKm, minRateCents: p.minRateCents, weekHours })),
      );
      return;
    }
    case 'save_employer_profile': {
      const p = effect.profile;
      const row = {
        businessName: p.businessName,
        contactName: p.contactName,
        businessType: p.businessType,
        lat: p.location.lat,
        lng: p.location.lng,
        areaLabel: p.location.label,
        updatedAt: now,
      };
      // The status is set once, when the business is first saved; editing it later never re-verifies it.
      await tx
        .insert(employers)
        .values({ contactId, ...row, status: effect.status, verifiedAt: effect.status === 'active' ? now : null })
        .onConflictDoUpdate({ target: employers.contactId, set: row });
      return;
    }
    case 'set_worker_paused':
      await tx.update(workers).set({ pausedAt: effect.paused ? now : null, updatedAt: now }).where(sql`${workers.contactId} = ${contactId}`);
      return;
    case 'set_preferences': {
      const set: Partial<typeof contacts.$inferInsert> = {};
      if (effect.locale !== undefined) set.locale = effect.locale;
      if (effect.role !== undefined) set.role = effect.role;
      if (effect.consent !== undefined) {
        set.consent = effect.consent;
        set.consentAt = effect.consent === null ? null : now;
      }
      if (effect.optedOut !== undefined) set.optedOutAt = effect.optedOut ? now : null;
      if (Object.keys(set).length > 0) await tx.update(contacts).set(set).where(sql`${contacts.id} = ${contactId}`);
      return;
    }
    case 'create_job': {
      const j = effect.job;
      await tx
        .insert(jobs)
        .values({
          code: j.code,
          employerContactId: contactId,
          title: j.title,
          skill: j.skill,
          localDate: j.localDate,
          timeZone: j.timeZone,
          startsAt: new Date(j.startsAt),
          endsAt: new Date(j.endsAt),
          payCents: j.payCents,
          currency: j.currency,
          headcount: j.headcount,
          lat: j.location.lat,
          lng: j.location.lng,
          areaLabel: j.location.label,
          description: j.description,
          sourceWamid,
        })
        .onConflictDoNothing({ target: jobs.sourceWamid });
      return;
    }
    case 'create_abuse_report':
      await tx.insert(abuseReports).values({ reporterContactId: contactId, text: effect.text, sourceWamid }).onConflictDoNothing();
      return;
    case 'delete_my_data':
      await tx.delete(workerReach).where(sql`${workerReach.workerContactId} = ${contactId}`);
      await tx.delete(workers).where(sql`${workers.contactId} = ${contactId}`);
      // Their open jobs close: nobody is left to hire for them.
      await tx.update(jobs).set({ status: 'cancelled' }).where(sql`${jobs.employerContactId} = ${contactId} and ${jobs.status} = 'open'`);
      await tx.delete(employers).where(sql`${employers.contactId} = ${contactId}`);
      await tx
        .update(contacts)
        // The opt-out stays: erasing their data is not asking for our messages again.
        .set({ locale: null, role: null, consent: null, consentAt: null })
        .where(sql`${contacts.id} = ${contactId}`);
      // What they wrote to us and what we answered go too (answers quote names and numbers); the rows
      // stay, as the dedupe keys of their wamids and the delivery records of ours.
      // Up to and including the message that asked (its turn marks it processed only after the effects).
      await tx.execute(sql`update inbox set message = jsonb_set(jsonb_set(message, '{content}', ${ERASED_CONTENT}::jsonb), '{sender}', ${ERASED_SENDER}::jsonb)
        where contact_id = ${contactId} and (processed_at is not null or seq <= (select seq from inbox where wamid = ${sourceWamid}))`);
      // Replies not yet sent are not sent: they quote what is being erased.
      await tx.execute(sql`update outbox set message = ${ERASED_REPLY}::jsonb, status = case when status in ('pending', 'held') then 'failed' else status end,
          error = case when status in ('pending', 'held') then 'erased at the contact''s request' else error end
        where contact_id = ${contactId} and status <> 'sending' and message->>'type' <> 'read_receipt'`);
      return;
  }
}

/** The context as the effect leaves it, for the contact's next message in the same turn. */
export function applyToContext(context: EngineContext, effect: Effect): EngineContext {
  switch (effect.type) {
    case 'save_worker_profile':
      return { ...context, worker: { ...effect.profile, paused: context.worker?.paused ?? false } };
    case 'save_employer_profile':
      return { ...context, employer: { ...effect.profile, status: context.employer?.status ?? effect.status } };
    case 'set_worker_paused':
      return context.worker ? { ...context, worker: { ...context.worker, paused: effect.paused } } : context;
    case 'delete_my_data':
      return { ...context, worker: null, employer: null };
    case 'create_job':
      return { ...context, jobs: { open: context.jobs.open + 1, postedToday: context.jobs.postedToday + 1 } };
    default:
      return context;
  }
}
