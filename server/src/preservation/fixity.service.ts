/**
 * Fixity: do the stored files still hash to the SHA-256 recorded when they arrived? The worker's
 * check-fixity job reads the bytes (ingest/src/jobs/check-fixity.ts); this service decides which
 * files are due, writes each verdict and the audit events, and reports the state to staff.
 */

import { type Actor, SYSTEM } from '../access/actor.js';
import { canReadFixity, requireThat } from '../access/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Models } from '../db/models.js';
import type { FixityDoc, FixityStatus, MediaAssetDoc } from '../interviews/media-asset.model.js';

/** Problems listed in the report, newest check first; the counts cover all of them. */
const REPORT_LIMIT = 100;

export interface FixityVerdict {
  status: FixityStatus;
  foundSha256?: string | null;
}

export interface FixityProblem {
  asset: MediaAssetDoc;
  fixity: FixityDoc;
}

export interface FixityState {
  ok: number;
  failed: number;
  /** Ready files with a recorded checksum that no check has read yet. */
  unchecked: number;
  lastCheckedAt: Date | null;
  problems: FixityProblem[];
}

const CHECKABLE = { status: 'ready' as const, sha256: { $ne: null } };
const FAILED: FixityStatus[] = ['mismatch', 'missing'];

export class FixityService {
  constructor(
    private readonly models: Models,
    private readonly audit: AuditService,
  ) {}

  /** Files due: ready, with a recorded checksum, not checked since `checkedBefore`; oldest check first. */
  async due(checkedBefore: Date, limit: number): Promise<MediaAssetDoc[]> {
    return this.models.MediaAsset.find({ ...CHECKABLE, $or: [{ fixity: null }, { 'fixity.checkedAt': { $lt: checkedBefore } }] })
      .sort({ 'fixity.checkedAt': 1, _id: 1 })
      .limit(limit)
      .lean<MediaAssetDoc[]>();
  }

  countDue(checkedBefore: Date): Promise<number> {
    return this.models.MediaAsset.countDocuments({ ...CHECKABLE, $or: [{ fixity: null }, { 'fixity.checkedAt': { $lt: checkedBefore } }] });
  }

  /**
   * Writes the verdict. A file that turns bad (or good again) is an audit event; checking a known
   * problem again every round adds none, so the trail says when it started.
   */
  async record(asset: MediaAssetDoc, verdict: FixityVerdict, at = new Date()): Promise<void> {
    const fixity: FixityDoc = { checkedAt: at, status: verdict.status, foundSha256: verdict.foundSha256 ?? null };
    await this.models.MediaAsset.updateOne({ _id: asset._id }, { $set: { fixity } });
    const before = asset.fixity?.status ?? 'ok';
    if (before === verdict.status) return;
    const action = verdict.status === 'ok' ? 'media.fixity-restored' : 'media.fixity-failed';
    await this.audit.record(SYSTEM, action, { type: 'MediaAsset', id: asset._id }, {
      before: { fixity: before, sha256: asset.sha256 ?? null },
      after: { fixity: verdict.status, foundSha256: verdict.foundSha256 ?? null, key: asset.key },
    });
  }

  async state(actor: Actor): Promise<FixityState> {
    requireThat(actor, canReadFixity(actor), 'Only editors and admins see fixity checks');
    const { MediaAsset } = this.models;
    const bad = { ...CHECKABLE, 'fixity.status': { $in: FAILED } };
    const [ok, failed, unchecked, latest, problems] = await Promise.all([
      MediaAsset.countDocuments({ ...CHECKABLE, 'fixity.status': 'ok' as const }),
      MediaAsset.countDocuments(bad),
      MediaAsset.countDocuments({ ...CHECKABLE, fixity: null }),
      MediaAsset.find({ ...CHECKABLE, fixity: { $ne: null } }, { fixity: 1 }).sort({ 'fixity.checkedAt': -1 }).limit(1).lean<MediaAssetDoc[]>(),
      MediaAsset.find(bad).sort({ 'fixity.checkedAt': -1, _id: 1 }).limit(REPORT_LIMIT).lean<MediaAssetDoc[]>(),
    ]);
    return {
      ok,
      failed,
      unchecked,
      lastCheckedAt: latest[0]?.fixity?.checkedAt ?? null,
      problems: problems.map((asset) => ({ asset, fixity: asset.fixity! })),
    };
  }
}

