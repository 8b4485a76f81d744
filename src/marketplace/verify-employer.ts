// An admin verifies a pending employer: the business becomes active and its contact is told, in its language.
import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import { contacts, employers, outbox } from '../db/schema.js';
import type { JobQueue } from '../queue/job.js';
import { render } from '../../templates/index.js';
import { templateLanguage, whatsappTemplates } from '../../templates/whatsapp-templates.js';
import { localeSchema } from '../conversation/engine/state.js';
import { sendJob } from '../whatsapp/send-job.js';
import type { OutboundMessage } from '../whatsapp/outbound-message.js';

export type VerifyEmployerResult = { kind: 'verified'; outboxId: number } | { kind: 'already_active' } | { kind: 'not_found' };

/**
 * The status change and the message to the employer are one transaction; the send is scheduled after it
 * (the sweeper schedules it if that fails). Verifying an active employer changes nothing.
 */
export async function verifyEmployer(deps: { db: Db; queue: JobQueue; now: Date; log: Logger }, contactId: number): Promise<VerifyEmployerResult> {
  const result = await deps.db.transaction(async (tx): Promise<VerifyEmployerResult> => {
    const [employer] = await tx
      .update(employers)
      .set({ status: 'active', verifiedAt: deps.now, updatedAt: deps.now })
      .where(and(eq(employers.contactId, contactId), eq(employers.status, 'pending')))
      .returning({ businessName: employers.businessName });
    if (!employer) {
      const [exists] = await tx.select({ status: employers.status }).from(employers).where(eq(employers.contactId, contactId));
      return exists ? { kind: 'already_active' } : { kind: 'not_found' };
    }
    const [contact] = await tx.select({ locale: contacts.locale, phoneNumberId: contacts.phoneNumberId }).from(contacts).where(eq(contacts.id, contactId));
    const locale = localeSchema.catch('en').parse(contact?.locale);
    const template = whatsappTemplates.employer_verified;
    // Verification can come days after their last message: outside the 24-hour window the approved template goes instead.
    const message: OutboundMessage = {
      type: 'buttons',
      body: render(locale, 'employer.verified', { businessName: employer.businessName }),
      buttons: [
        { id: 'cmd.post_job', title: render(locale, 'button.post_job') },
        { id: 'cmd.menu', title: render(locale, 'button.menu') },
      ],
      fallbackTemplate: { type: 'template', name: template.name, language: templateLanguage[locale], params: [employer.businessName] },
    };
    const [row] = await tx
      .insert(outbox)
      .values({ phoneNumberId: contact!.phoneNumberId, contactId, message, causedBy: `employer-verified-${contactId}` })
      .returning({ id: outbox.id });
    return { kind: 'verified', outboxId: row!.id };
  });
  if (result.kind === 'verified') {
    try {
      await deps.queue.enqueue(sendJob, { outboxId: result.outboxId }, { jobId: `out-${result.outboxId}-after-0` });
    } catch (error) {
      deps.log.warn({ err: error, contactId }, 'could not schedule the verification message; the sweeper will');
    }
  }
  return result;
}
