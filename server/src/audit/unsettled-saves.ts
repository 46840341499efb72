/**
 * Saves cut off between their write and their audit record (the process died, the database blinked
 * between the two): without transactions the write stands alone, and nothing would tell the other
 * instances' search indexes and caches, so a withdrawal written that way would stay findable and
 * cached for good. Each versioned save's claim names it until its audit record settles it
 * (common/concurrency.ts, settleSave); a claim still there SETTLE_GRACE_MS after it was taken, whose
 * version was written, is such a save. It gets the audit record and change-log entry it lacked
 * (action `save.unsettled`: what changed is not known, only that version N+1 was written unaudited).
 */
import type { Types } from 'mongoose';
import { SYSTEM } from '../access/actor.js';
import { CLAIM_LEASE_MS } from '../common/concurrency.js';
import type { EditClaimDoc } from '../common/edit-claim.model.js';
import type { AnyModel, Models } from '../db/models.js';
import type { AuditService } from './audit.service.js';

/** Far longer than a save takes between its write and its audit record (milliseconds). */
export const SETTLE_GRACE_MS = 5_000;
/** How often each API instance looks; the claims left are few (in-flight saves and cut-off ones). */
export const SETTLE_CHECK_MS = 2_000;

type NamedClaim = EditClaimDoc & { model: string; targetId: Types.ObjectId; version: number };

/** Returns how many cut-off saves it logged. Two instances may both log one: a second entry is harmless. */
export async function recoverUnsettledSaves(models: Models, audit: Pick<AuditService, 'record'>, now = new Date()): Promise<number> {
  const claims = await models.EditClaim.find({ at: { $lt: new Date(now.getTime() - SETTLE_GRACE_MS) }, model: { $exists: true }, settled: { $exists: false } }).lean<NamedClaim[]>();
  let logged = 0;
  for (const claim of claims) {
    const model = models[claim.model as keyof Models] as AnyModel | undefined;
    const doc = model ? ((await model.findById(claim.targetId, { version: 1 }).lean()) as { version: number } | null) : null;
    if (doc && doc.version > claim.version) {
      // Written, never audited. Recording it settles the claim (the version written is claim + 1).
      await audit.record(SYSTEM, 'save.unsettled', { type: claim.model, id: claim.targetId, version: claim.version + 1 }, {
        after: { version: claim.version + 1, claimedAt: claim.at },
      });
      logged += 1;
    } else if (!doc || now.getTime() - claim.at.getTime() > CLAIM_LEASE_MS) {
      // Gone, or never written and past its lease: nothing to log (a new save takes the version over).
      await models.EditClaim.deleteOne({ _id: claim._id, at: claim.at });
    }
  }
  return logged;
}

/** The API's watch: every SETTLE_CHECK_MS while it runs; a failing look (database away) is tried again. */
export function watchUnsettledSaves(models: Models, audit: Pick<AuditService, 'record'>): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  let failing = false;
  const timer = setInterval(() => {
    // One look at a time: a slow database must not pile them up.
    if (running) return;
    running = recoverUnsettledSaves(models, audit).then(
      (n) => {
        failing = false;
        if (n) console.warn(`audit: ${n} save(s) cut off before their audit record were logged now`);
      },
      (err: unknown) => {
        if (!failing) console.error('audit: looking for saves cut off before their audit record failed, will retry:', (err as Error).message);
        failing = true;
      },
    ).finally(() => {
      running = null;
    });
  }, SETTLE_CHECK_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
