import { Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { FixityReport, toFixityReport } from './fixity.type.js';

@Resolver()
export class FixityResolver {
  @Query(() => FixityReport, { description: 'Fixity checks of stored files: counts and the files that failed. Editors and admins only' })
  async fixityReport(@Ctx() ctx: Context): Promise<FixityReport> {
    return toFixityReport(await ctx.services.fixity.state(ctx.actor));
  }
}
