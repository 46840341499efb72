import type { Types } from 'mongoose';
import type { Actor } from '../access/actor.js';
import { canReadAudit, requireThat } from '../access/policy.js';
import { toObjectId } from '../common/ids.js';
import { type Page, paginate } from '../common/pagination.js';
import type { Models } from '../db/models.js';
import type { AuditEventDoc } from './audit.model.js';
import type { AuditEventsArgs } from './audit.type.js';
import { markSearchChange } from '../search/search-index.js';
import { settleSave } from '../common/concurrency.js';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields whose values differ, before and after; the audit trail keeps only these. */
export function changedFields(
  beforeDoc: object | null | undefined,
  afterDoc: object | null | undefined,
  fields: readonly string[],
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const before = beforeDoc as Record<string, unknown> | null | undefined;
  const after = afterDoc as Record<string, unknown> | null | undefined;
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const field of fields) {
    if (!same(before?.[field], after?.[field])) {
      b[field] = before?.[field] ?? null;
      a[field] = after?.[field] ?? null;
    }
  }
  return { before: b, after: a };
}

export class AuditService {
  private readonly recorded = new Set<() => void>();

  constructor(private readonly models: Models) {}

  /**
   * Called after each change is recorded (and logged) by this process: the anonymous cache moves its
   * key at once on the instance that made the change, before the change's answer goes out.
   */
  onRecorded(listener: () => void): () => void {
    this.recorded.add(listener);
    return () => this.recorded.delete(listener);
  }

  /**
   * `target.version`: for a versioned save (updateVersioned), the version it wrote; `target.type` is
   * then its model's name. Once this record and the change-log entry are in, the save is settled.
   */
  async record(
    actor: Actor,
    action: string,
    target: { type: string; id: Types.ObjectId; version?: number },
    change: { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null } = {},
  ): Promise<void> {
    await this.models.AuditEvent.create({
      actorId: actor.userId ?? null,
      action,
      targetType: target.type,
      targetId: target.id,
      at: new Date(),
      before: change.before ?? null,
      after: change.after ?? null,
    });
    // Every audited change of something search shows also goes to the log the search indexes follow.
    await markSearchChange(this.models, target.type, target.id);
    for (const listener of this.recorded) listener();
    if (target.version !== undefined) {
      const model = this.models[target.type as keyof Models];
      if (!model) throw new Error(`audit: a versioned save of ${target.type}, which is no model`);
      // Should this fail, the claim stays and the change is logged once more later: harmless.
      await settleSave(model, target.id, target.version).catch((err: unknown) => console.error(`audit: could not settle the save of ${target.type} ${target.id.toHexString()}:`, (err as Error).message));
    }
  }

  /** The trail, newest first: editors and admins only (it holds before/after values of restricted records). */
  async list(actor: Actor, args: AuditEventsArgs): Promise<Page<AuditEventDoc>> {
    requireThat(actor, canReadAudit(actor), 'Only editors and admins read the audit trail');
    const filter: Record<string, unknown> = {};
    if (args.targetId) filter.targetId = toObjectId('targetId', args.targetId);
    if (args.actorId) filter.actorId = toObjectId('actorId', args.actorId);
    return paginate<AuditEventDoc>(this.models.AuditEvent, filter, args);
  }
}
