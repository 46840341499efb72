import { GraphQLJSONObject } from 'graphql-scalars';
import { ArgsType, Field, ID, ObjectType } from 'type-graphql';
import { Connection, PageArgs } from '../common/pagination.js';
import type { AuditEventDoc } from './audit.model.js';

@ObjectType({ description: 'One change in the archive: who, what, when, and the fields before and after' })
export class AuditEvent {
  @Field(() => ID) id: string;
  @Field(() => ID, { nullable: true }) actorId: string | null;
  @Field(() => String) action: string;
  @Field(() => String) targetType: string;
  @Field(() => ID) targetId: string;
  @Field(() => Date) at: Date;
  @Field(() => GraphQLJSONObject, { nullable: true }) before: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) after: Record<string, unknown> | null;
}

@ObjectType()
export class AuditEventConnection extends Connection(AuditEvent) {}

@ArgsType()
export class AuditEventsArgs extends PageArgs {
  @Field(() => ID, { nullable: true }) targetId?: string;
  @Field(() => ID, { nullable: true }) actorId?: string;
}

export const toAuditEvent = (doc: AuditEventDoc): AuditEvent => ({
  id: doc._id.toHexString(),
  actorId: doc.actorId ? String(doc.actorId) : null,
  action: doc.action,
  targetType: doc.targetType,
  targetId: String(doc.targetId),
  at: doc.at,
  before: doc.before ?? null,
  after: doc.after ?? null,
});
