// The engine's effects, carried out in the turn's transaction; each also updates the context the
// contact's next message in the same turn is handled with.
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import { abuseReports, contacts, employers, jobs, workerReach, workers } from '../db/schema.js';
import type { MarketplaceConfig } from '../config.js';
import { closeJob } from '../marketplace/jobs/close-job.js';
import { syncWorkerReach } from '../marketplace/matching/sync-worker-reach.js';
import { answerLink, declineOffer, recordInterest, recordReferral, skipLead, withdrawInterest } from '../marketplace/offers/answer-offer.js';
import { sendOfferRound } from '../marketplace/offers/send-offer-round.js';
import { recordRating } from '../marketplace/ratings/record-rating.js';
import type { EngineContext } from './engine/context.js';
import type { Effect } from './engine/effects.js';
import type { MarketContext, OfferView } from './engine/market-view.js';

const ERASED_CONTENT = JSON.stringify({ type: 'unsupported', originalType: 'erased', errors: [] });
const ERASED_SENDER = JSON.stringify({ userId: null, waId: null, parentUserId: null, profileName: null, username: null });
const ERASED_REPLY = JSON.stringify({ type: 'text', text: '(erased)' });

/**
 * Carries one effect out; returns the outbox rows it wrote to other contacts (offers, candidate cards,
 * notices), which the processor schedules once the turn commits.
 */
export async function carryOutEffect(tx: Tx, contactId: number, effect: Effect, now: Date, sourceWamid: string, market: MarketplaceConfig): Promise<number[]> {
  const answering = { workerContactId: contactId, now, market };
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
        activeAt: now,
        updatedAt: now,
      };
      await tx.insert(workers).values({ contactId, ...row }).onConflictDoUpdate({ target: workers.contactId, set: row });
      // The matching index follows the profile: one row per skill.
      await syncWorkerReach(tx, contactId);
      return [];
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
      return [];
    }
    case 'set_worker_paused':
      await tx.update(workers).set({ pausedAt: effect.paused ? now : null, updatedAt: now }).where(sql`${workers.contactId} = ${contactId}`);
      await syncWorkerReach(tx, contactId);
      return [];
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
      // "stop" takes a worker out of matching; "start" puts them back.
      if (effect.optedOut !== undefined) await syncWorkerReach(tx, contactId);
      return [];
    }
    case 'create_job': {
      const j = effect.job;
      const [made] = await tx
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
        .onConflictDoNothing({ target: jobs.sourceWamid })
        .returning({ id: jobs.id });
      // The first round of offers goes out with the job (a retried turn made no new job, and sends none).
      return made === undefined ? [] : sendOfferRound(tx, market, made.id, now);
    }
    case 'create_abuse_report':
      await tx.insert(abuseReports).values({ reporterContactId: contactId, text: effect.text, sourceWamid }).onConflictDoNothing();
      return [];
    case 'answer_offer':
      return effect.answer === 'interested' ? recordInterest(tx, answering, effect.offerId) : declineOffer(tx, answering, effect.offerId);
    case 'withdraw_interest':
      return withdrawInterest(tx, answering, effect.offerId);
    case 'answer_link':
      await recordReferral(tx, contactId, effect.jobId, effect.referrerContactId);
      return answerLink(tx, answering, effect.jobId, effect.answer);
    case 'record_referral':
      await recordReferral(tx, contactId, effect.jobId, effect.referrerContactId);
      return [];
    case 'skip_lead':
      await skipLead(tx, contactId, effect.leadId);
      return [];
    case 'close_job':
      return closeJob(tx, market, effect.jobId, 'employer', now, contactId);
    case 'keep_job_open':
      await tx.execute(sql`update jobs set still_open_asked_at = null, still_open_confirmed_at = ${now.toISOString()}::timestamptz
        where id = ${effect.jobId} and employer_contact_id = ${contactId} and status = 'open'`);
      return [];
    case 'rate':
      return recordRating(tx, market, { leadId: effect.leadId, direction: effect.direction, raterContactId: contactId, stars: effect.stars, noShow: effect.noShow }, now);
    case 'delete_my_data': {
      await tx.delete(workerReach).where(sql`${workerReach.workerContactId} = ${contactId}`);
      // Offers they had not answered, and interest not yet unlocked, go with them.
      await tx.execute(sql`update offers set status = 'withdrawn' where worker_contact_id = ${contactId} and status in ('sent', 'interested')
        and not exists (select 1 from leads l where l.offer_id = offers.id and l.status = 'unlocked')`);
      await tx.execute(sql`update leads set status = 'withdrawn' where worker_contact_id = ${contactId} and status in ('offered', 'skipped')`);
      await tx.delete(workers).where(sql`${workers.contactId} = ${contactId}`);
      // Their open jobs close, and the workers who said yes are told: nobody is left to hire them.
      const open = await tx.select({ id: jobs.id }).from(jobs).where(sql`${jobs.employerContactId} = ${contactId} and ${jobs.status} = 'open'`);
      const told: number[] = [];
      for (const job of open) told.push(...(await closeJob(tx, market, job.id, 'erased', now)));
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
      return told;
    }
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
      return context.market === null ? context : { ...context, market: marketAfter(context.market, effect, context.now) };
  }
}

/** The market as a marketplace effect leaves it: a second tap in the same turn sees the first one's answer. */
function marketAfter(market: MarketContext, effect: Effect, now: Date): MarketContext {
  const offers = (change: (o: OfferView) => OfferView | null) => market.offers.map((o) => change(o) ?? o);
  switch (effect.type) {
    case 'answer_offer': {
      const interested = effect.answer === 'interested';
      return {
        ...market,
        offers: offers((o) =>
          o.id !== effect.offerId
            ? null
            : { ...o, status: interested ? 'interested' : 'declined', lead: interested ? { id: o.lead?.id ?? 0, status: 'offered', ratingAsked: false, rated: false } : o.lead },
        ),
      };
    }
    case 'withdraw_interest':
      return { ...market, offers: offers((o) => (o.id === effect.offerId ? { ...o, status: 'withdrawn', lead: o.lead && { ...o.lead, status: 'withdrawn' } } : null)) };
    case 'answer_link': {
      const job = market.linked.find((j) => j.id === effect.jobId);
      if (!job || market.offers.some((o) => o.job.id === job.id)) return market;
      const interested = effect.answer === 'interested';
      const made: OfferView = {
        id: -job.id,
        status: interested ? 'interested' : 'declined',
        source: 'link',
        sentAt: now.toISOString(),
        expiresAt: job.startsAt,
        distanceKm: 0,
        fit: null,
        job,
        lead: interested ? { id: 0, status: 'offered', ratingAsked: false, rated: false } : null,
      };
      return { ...market, offers: [made, ...market.offers] };
    }
    case 'skip_lead':
      return { ...market, leads: market.leads.map((l) => (l.id === effect.leadId && l.status === 'offered' ? { ...l, status: 'skipped' } : l)) };
    case 'close_job':
      return { ...market, jobs: market.jobs.map((j) => (j.id === effect.jobId ? { ...j, status: 'cancelled' } : j)) };
    case 'rate':
      return {
        ...market,
        leads: market.leads.map((l) => (effect.direction === 'of_worker' && l.id === effect.leadId ? { ...l, rated: true } : l)),
        offers: offers((o) => (effect.direction === 'of_employer' && o.lead?.id === effect.leadId ? { ...o, lead: { ...o.lead, rated: true } } : null)),
      };
    default:
      return market;
  }
}
