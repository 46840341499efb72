import { IsOptional, MaxLength } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, Float, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { AccessLevel } from '../access/levels.js';
import { LocalizedText, toLocalized } from '../common/localized.js';
import type { Context } from '../context.js';
import { REQUEST_STATES, type AccessRequestDoc, type RequestState } from './access-request.model.js';
import { MAX_INSTITUTION, MAX_PURPOSE } from './access-request.service.js';
import type { RequestDetails } from './request-details.js';

const RequestStateEnum = Object.fromEntries(REQUEST_STATES.map((s) => [s, s])) as Record<RequestState, RequestState>;
registerEnumType(RequestStateEnum, { name: 'AccessRequestState', description: 'requested → granted → ended, or requested → refused' });

@ObjectType({ description: 'A request for an interview closed to the requester; editors decide' })
class AccessRequest {
  @Field(() => ID) id: string;
  @Field(() => ID) interviewId: string;
  @Field(() => ID, { nullable: true, description: 'The restricted passage or chapter asked for; null: the whole interview' }) partId: string | null;
  @Field(() => String, { nullable: true, description: 'segment (a transcript passage) or chapter (of the index)' }) partKind: string | null;
  @Field(() => Float, { nullable: true, description: 'Where the part starts, in seconds' }) partStart: number | null;
  @Field(() => Float, { nullable: true, description: 'Where the part ends, in seconds (null: the whole interview, or the part is gone)' }) partEnd: number | null;
  @Field(() => LocalizedText, { nullable: true, description: 'The interview’s title, when the viewer may see the interview (editors always)' }) interviewTitle: LocalizedText | null;
  @Field(() => ID, { description: 'Who asked' }) requesterId: string;
  @Field(() => String, { nullable: true, description: 'Editors’ queue only: who asked, by name' }) requesterName?: string | null;
  @Field(() => String, { nullable: true, description: 'Editors’ queue only: their e-mail' }) requesterEmail?: string | null;
  @Field(() => AccessLevel, { description: 'The clearance a grant gives for this interview' }) level: AccessLevel;
  @Field(() => String) purpose: string;
  @Field(() => String, { nullable: true }) institution: string | null;
  @Field(() => Int, { description: 'How long the requester asked for' }) days: number;
  @Field(() => RequestStateEnum) state: RequestState;
  @Field(() => String, { nullable: true, description: 'Why it was refused or ended early' }) reason: string | null;
  @Field(() => Boolean, { description: 'Ended, or refused while waiting, because the interview was withdrawn (not by an editor’s decision on this request)' }) endedByWithdrawal: boolean;
  @Field(() => Date, { nullable: true }) grantedUntil: Date | null;
  @Field(() => Boolean) mayDownload: boolean;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date, { nullable: true }) decidedAt: Date | null;
}

const toRequest = (d: AccessRequestDoc, details: RequestDetails | undefined): AccessRequest => ({
  id: d._id.toHexString(),
  interviewId: d.interviewId.toHexString(),
  partId: d.part?.id.toHexString() ?? null,
  partKind: d.part?.kind ?? null,
  partStart: d.part?.start ?? null,
  partEnd: details?.partEnd ?? null,
  interviewTitle: details?.title ? toLocalized(details.title) : null,
  endedByWithdrawal: d.endedBy === 'withdrawal',
  requesterId: d.requesterId.toHexString(),
  level: d.level,
  purpose: d.purpose,
  institution: d.institution,
  days: d.days,
  state: d.state,
  reason: d.reason,
  grantedUntil: d.grantedUntil,
  mayDownload: d.mayDownload,
  createdAt: d.createdAt,
  decidedAt: d.decidedAt,
});

/** The requests with their interview's title and part end, read for the whole list at once. */
async function described(ctx: Context, docs: AccessRequestDoc[]): Promise<AccessRequest[]> {
  const details = await ctx.services.accessRequests.details(ctx.actor, docs, ctx.reads, ctx.now);
  return docs.map((d) => toRequest(d, details.get(d._id.toHexString())));
}

@ObjectType({ description: 'What the viewer could ask for: something is withheld from them (never what)' })
class RequestableAccess {
  @Field(() => AccessLevel, { description: 'The clearance a grant would give' }) level: AccessLevel;
  @Field(() => Int, { description: 'The longest one may ask for (MAX_GRANT_DAYS)' }) maxDays: number;
}

@InputType()
class RequestAccessInput {
  @Field(() => ID) interviewId: string;
  @Field(() => ID, { nullable: true, description: 'A restricted passage (transcript segment) or chapter of an interview you see' }) @IsOptional() partId?: string | null;
  @Field(() => String, { description: 'What it is for: a course, a book, a lesson' }) @MaxLength(MAX_PURPOSE) purpose: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(MAX_INSTITUTION) institution?: string | null;
  @Field(() => Int, { description: 'For how many days (at most MAX_GRANT_DAYS)' }) days: number;
}

@InputType()
class GrantAccessInput {
  @Field(() => ID) id: string;
  @Field(() => Date, { description: 'The grant ends at this moment, without any edit' }) until: Date;
  @Field(() => Boolean, { defaultValue: false, description: 'Exports of granted passages too (otherwise viewing only)' }) mayDownload: boolean;
}

@ArgsType()
class AccessRequestsArgs {
  @Field(() => RequestStateEnum, { nullable: true }) state?: RequestState | null;
  @Field(() => ID, { nullable: true }) interviewId?: string | null;
}

@Resolver()
export class AccessRequestResolver {
  @Query(() => [AccessRequest], { description: 'The signed-in user’s own requests, newest first' })
  async myAccessRequests(@Ctx() ctx: Context): Promise<AccessRequest[]> {
    return described(ctx, await ctx.services.accessRequests.mine(ctx.actor));
  }

  @Query(() => [AccessRequest], { description: 'Editors: the queue, newest first' })
  async accessRequests(@Args(() => AccessRequestsArgs) args: AccessRequestsArgs, @Ctx() ctx: Context): Promise<AccessRequest[]> {
    const docs = await ctx.services.accessRequests.queue(ctx.actor, args);
    const [who, details] = await Promise.all([
      ctx.services.accessRequests.requesters(ctx.actor, [...new Set(docs.map((d) => d.requesterId))]),
      ctx.services.accessRequests.details(ctx.actor, docs, ctx.reads, ctx.now),
    ]);
    return docs.map((d) => ({ ...toRequest(d, details.get(d._id.toHexString())), requesterName: who.get(d.requesterId.toHexString())?.name ?? null, requesterEmail: who.get(d.requesterId.toHexString())?.email ?? null }));
  }

  @Query(() => Int, { description: 'The longest grant an editor may give, in days (MAX_GRANT_DAYS)' })
  maxGrantDays(@Ctx() ctx: Context): number {
    return ctx.services.accessRequests.maxDays;
  }

  @Query(() => RequestableAccess, { nullable: true, description: 'Anyone: whether an interview (or one of its passages) is withheld from the viewer and may be asked for; null for what is hidden or open' })
  async requestableAccess(@Arg('interviewId', () => ID) interviewId: string, @Arg('partId', () => ID, { nullable: true }) partId: string | null, @Ctx() ctx: Context): Promise<RequestableAccess | null> {
    const level = await ctx.services.accessRequests.requestable(ctx.actor, interviewId, partId ?? null);
    return level ? { level, maxDays: ctx.services.accessRequests.maxDays } : null;
  }

  @Mutation(() => AccessRequest, { description: 'Signed in: ask for an interview closed to you' })
  async requestAccess(@Arg('input', () => RequestAccessInput) input: RequestAccessInput, @Ctx() ctx: Context): Promise<AccessRequest> {
    return (await described(ctx, [await ctx.services.accessRequests.request(ctx.actor, input)]))[0]!;
  }

  @Mutation(() => AccessRequest, { description: 'Editors: grant until a date (at most MAX_GRANT_DAYS)' })
  async grantAccess(@Arg('input', () => GrantAccessInput) input: GrantAccessInput, @Ctx() ctx: Context): Promise<AccessRequest> {
    return (await described(ctx, [await ctx.services.accessRequests.grant(ctx.actor, input.id, input.until, input.mayDownload)]))[0]!;
  }

  @Mutation(() => AccessRequest, { description: 'Editors: refuse, with a reason the requester reads' })
  async refuseAccess(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: Context): Promise<AccessRequest> {
    return (await described(ctx, [await ctx.services.accessRequests.refuse(ctx.actor, id, reason)]))[0]!;
  }

  @Mutation(() => AccessRequest, { description: 'Editors: end a grant now' })
  async endAccess(@Arg('id', () => ID) id: string, @Arg('reason', () => String, { nullable: true }) reason: string | null, @Ctx() ctx: Context): Promise<AccessRequest> {
    return (await described(ctx, [await ctx.services.accessRequests.end(ctx.actor, id, reason)]))[0]!;
  }
}
