import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { AuditEventConnection, AuditEventsArgs, toAuditEvent } from './audit.type.js';

@Resolver()
export class AuditResolver {
  @Query(() => AuditEventConnection, { description: 'Editors and admins only' })
  async auditEvents(@Args(() => AuditEventsArgs) args: AuditEventsArgs, @Ctx() ctx: Context): Promise<AuditEventConnection> {
    const page = await ctx.services.audit.list(ctx.actor, args);
    return { ...page, nodes: page.nodes.map(toAuditEvent) };
  }
}
