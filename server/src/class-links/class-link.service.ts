import type { Actor } from '../access/actor.js';
import { CLASS_LINK_VIEWER, canManageClassLinks, canViewInterview, isClassLinkOpen, requireThat } from '../access/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import { newKeyedToken, tokenKey } from '../auth/tokens.js';
import { findByToken } from '../auth/token-records.js';
import type { CollectionService } from '../collections/collection.service.js';
import type { BlockDoc, CollectionDoc } from '../collections/collection.model.js';
import { toObjectId } from '../common/ids.js';
import { UI_LANGUAGES, type UiLanguage } from '../common/localized.js';
import type { Config } from '../config.js';
import type { Models } from '../db/models.js';
import { createReads } from '../db/reads.js';
import { BadInputError, NotFoundError } from '../errors.js';
import type { ExportService } from '../exports/export.service.js';
import type { InterviewDoc } from '../interviews/interview.model.js';
import type { UserDoc } from '../users/user.model.js';
import type { TranscriptSegment } from '../../../shared/formats/model.js';
import type { ClassLinkDoc } from './class-link.model.js';

export const DEFAULT_DAYS = 30;
const MAX_DAYS = 365;
/** Presigned media links for pupils live minutes, not hours: every play re-checks the link and the policy. */
/** A class link token: newKeyedToken (auth/tokens.ts) or one from before it. */
const TOKEN = /^(k1\.)?[A-Za-z0-9_-]{20,100}$/;

/** A clip as a pupil meets it: the range and its visible transcript, or only the fact that it is gone. */
export interface ClassClip {
  block: BlockDoc;
  interview: InterviewDoc | null;
  mediaKind: 'audio' | 'video' | null;
  language: string | null;
  segments: TranscriptSegment[];
}

export interface OpenedLink {
  link: ClassLinkDoc;
  collection: CollectionDoc;
}

const inRange = (segments: TranscriptSegment[], block: BlockDoc) =>
  segments.filter((s) => s.end > (block.start ?? 0) && s.start < (block.end ?? 0));

/**
 * Class links: a teacher shares one lesson with a class; pupils need no accounts. What a pupil sees
 * is decided at every request by the policy (CLASS_LINK_VIEWER), never remembered from when the link
 * was made, so a withdrawal or an embargo takes effect at once.
 */
export class ClassLinkService {
  constructor(
    private readonly models: Models,
    private readonly config: Config,
    private readonly audit: AuditService,
    private readonly collections: CollectionService,
    private readonly exports: ExportService,
  ) {}

  /** The URL is returned once; only the token's hash is stored. */
  async create(actor: Actor, collectionId: string, days = DEFAULT_DAYS, lang: string = 'kk', now = new Date()) {
    if (!(UI_LANGUAGES as readonly string[]).includes(lang)) throw new BadInputError('language', 'use kk, ru or en');
    if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
      throw new BadInputError('days', `give a whole number of days from 1 to ${MAX_DAYS}`);
    }
    const collection = await this.manageable(actor, collectionId);
    const token = newKeyedToken();
    const created = await this.models.ClassLink.create({
      ...tokenKey(this.config.sessionSecret, token),
      collectionId: collection._id,
      createdBy: toObjectId('userId', actor.userId!),
      createdAt: now,
      expiresAt: new Date(now.getTime() + days * 86_400_000),
      revokedAt: null,
    });
    const link = created.toObject() as ClassLinkDoc;
    await this.audit.record(actor, 'classLink.create', { type: 'ClassLink', id: link._id }, {
      after: { collectionId: collection._id, expiresAt: link.expiresAt },
    });
    return { link, url: `${this.config.siteUrl}/${lang as UiLanguage}/class/${token}` };
  }

  /** Newest first; the tokens are not known to anyone but the people they were given to. */
  async list(actor: Actor, collectionId: string): Promise<ClassLinkDoc[]> {
    const collection = await this.manageable(actor, collectionId);
    return this.models.ClassLink.find({ collectionId: collection._id }).sort({ createdAt: -1 }).lean<ClassLinkDoc[]>();
  }

  /** Revoking twice keeps the first moment. */
  async revoke(actor: Actor, id: string, now = new Date()): Promise<ClassLinkDoc> {
    const before = await this.models.ClassLink.findById(toObjectId('id', id)).lean<ClassLinkDoc>();
    if (!before) throw new NotFoundError('Class link');
    await this.manageable(actor, before.collectionId.toHexString());
    if (before.revokedAt) return before;
    const after = await this.models.ClassLink.findOneAndUpdate(
      { _id: before._id, revokedAt: null },
      { $set: { revokedAt: now } },
      { returnDocument: 'after' },
    ).lean<ClassLinkDoc>();
    if (!after) return (await this.models.ClassLink.findById(before._id).lean<ClassLinkDoc>())!;
    await this.audit.record(actor, 'classLink.revoke', { type: 'ClassLink', id: before._id }, {
      before: { revokedAt: null },
      after: { revokedAt: now },
    });
    return after;
  }

  /**
   * The link and its lesson, if the link is open now. Missing, malformed, expired, revoked, or made by
   * someone no longer allowed: one and the same NOT_FOUND, so a pupil's browser learns nothing more.
   */
  async open(token: string, now = new Date()): Promise<OpenedLink> {
    const missing = new NotFoundError('Class link');
    if (typeof token !== 'string' || !TOKEN.test(token)) throw missing;
    // One `_id` read for every pupil's page and clip (auth/token-records.ts).
    const link = await findByToken<ClassLinkDoc>(this.models.ClassLink, this.config.sessionSecret, token);
    if (!link) throw missing;
    const [creator, collection] = await Promise.all([
      this.models.User.findById(link.createdBy, { status: 1, roles: 1 }).lean<UserDoc>(),
      this.models.Collection.findById(link.collectionId).lean<CollectionDoc>(),
    ]);
    if (!collection || !isClassLinkOpen(link, creator, now)) throw missing;
    return { link, collection };
  }

  /** Each clip of the lesson as a pupil may see it now: the policy at a teacher's clearance. */
  async clips(opened: OpenedLink, now = new Date()): Promise<Map<string, ClassClip>> {
    const out = new Map<string, ClassClip>();
    for (const block of opened.collection.blocks) {
      if (!block.interviewId) continue;
      out.set(block._id.toHexString(), await this.clip(block, now));
    }
    return out;
  }

  /** A fresh short-lived address of the clip's recording, after checking link and policy again. */
  async mediaUrl(token: string, blockId: string, now = new Date()): Promise<string> {
    const block = this.clipBlock(await this.open(token, now), blockId);
    return this.exports.mediaUrl(CLASS_LINK_VIEWER, block.interviewId!.toHexString());
  }

  /** The captions of the clip's range only, restricted passages left out. */
  async captions(token: string, blockId: string, now = new Date()): Promise<TranscriptSegment[]> {
    const block = this.clipBlock(await this.open(token, now), blockId);
    const { segments } = await this.exports.transcript(CLASS_LINK_VIEWER, block.interviewId!.toHexString());
    return inRange(segments, block);
  }

  private async clip(block: BlockDoc, now: Date): Promise<ClassClip> {
    const gone: ClassClip = { block, interview: null, mediaKind: null, language: null, segments: [] };
    // One set of reads for the clip: the interview, its transcripts and media are read once each.
    const reads = createReads(this.models);
    const interview = block.interviewId ? await reads.interviews.get(block.interviewId) : null;
    if (!interview || !canViewInterview(CLASS_LINK_VIEWER, interview, now)) return gone;
    const [transcript, copy] = await Promise.all([
      this.exports.transcript(CLASS_LINK_VIEWER, interview._id.toHexString(), undefined, true, reads),
      this.exports.accessCopy(CLASS_LINK_VIEWER, interview, reads),
    ]);
    return {
      block,
      interview,
      mediaKind: copy ? (copy.kind === 'access_video' ? 'video' : 'audio') : null,
      language: transcript.segments.length ? transcript.language : null,
      segments: block.type === 'clip' ? inRange(transcript.segments, block) : [],
    };
  }

  private clipBlock({ collection }: OpenedLink, blockId: string): BlockDoc {
    const block = collection.blocks.find((b) => b._id.toHexString() === blockId);
    if (!block || block.type !== 'clip' || !block.interviewId) throw new NotFoundError('Clip');
    return block;
  }

  /** Another teacher's draft lesson is NOT_FOUND (from the collection service), not FORBIDDEN. */
  private async manageable(actor: Actor, collectionId: string): Promise<CollectionDoc> {
    const collection = await this.collections.get(actor, toObjectId('collectionId', collectionId).toHexString());
    requireThat(actor, canManageClassLinks(actor, collection), 'Only the author of this lesson or an editor may share it with a class');
    return collection;
  }
}
