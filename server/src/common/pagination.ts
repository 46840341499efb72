import { Max, Min } from 'class-validator';
import type { Types } from 'mongoose';
import type { AnyModel } from '../db/models.js';
import { type ClassType, type MiddlewareFn, ArgsType, Field, Int, ObjectType, UseMiddleware } from 'type-graphql';
import { BadInputError } from '../errors.js';
import { toObjectId } from './ids.js';

export const MAX_PAGE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: `At most ${MAX_PAGE}` })
  @Min(1)
  @Max(MAX_PAGE)
  first: number = 20;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page' })
  after?: string | null;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

/**
 * `totalCount` is counted only when a query asks for it (a count reads every matching document on
 * FerretDB): the page holds a function, which the field's middleware calls.
 */
export type LazyCount = () => Promise<number>;

const countWhenAsked: MiddlewareFn = async (_data, next) => {
  const value: unknown = await next();
  return typeof value === 'function' ? (value as LazyCount)() : value;
};

export interface Page<T> {
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: LazyCount;
}

/** A count run at most once, and only if called. */
export function lazyCount(count: () => Promise<number>): LazyCount {
  let counted: Promise<number> | undefined;
  return () => (counted ??= count());
}

export function Connection<T extends object>(itemClass: ClassType<T>) {
  @ObjectType()
  abstract class ConnectionClass {
    @Field(() => [itemClass]) nodes: T[];
    @Field(() => PageInfo) pageInfo: PageInfo;
    @Field(() => Int, { description: 'How many the viewer may see in all, across pages' })
    @UseMiddleware(countWhenAsked)
    totalCount: LazyCount;
  }
  return ConnectionClass;
}

const encodeCursor = (id: Types.ObjectId) => Buffer.from(`id:${id.toHexString()}`).toString('base64url');

function decodeCursor(cursor: string): Types.ObjectId {
  const raw = Buffer.from(cursor, 'base64url').toString();
  if (!raw.startsWith('id:')) throw new BadInputError('after', 'is not a cursor returned by this API');
  return toObjectId('after', raw.slice(3));
}

/**
 * Newest first, by id: stable under inserts, and one indexed range query per page (plus a count if asked).
 * The filter must already include the access policy's visibility filter.
 */
export async function paginate<D extends { _id: Types.ObjectId }>(
  model: AnyModel,
  filter: Record<string, unknown>,
  args: PageArgs,
): Promise<Page<D>> {
  const first = args.first ?? 20;
  const pageFilter = args.after ? { $and: [filter, { _id: { $lt: decodeCursor(args.after) } }] } : filter;
  const docs = (await model.find(pageFilter).sort({ _id: -1 }).limit(first + 1).lean()) as D[];
  const nodes = docs.slice(0, first);
  const last = nodes[nodes.length - 1];
  return {
    nodes,
    totalCount: lazyCount(() => model.countDocuments(filter)),
    pageInfo: { hasNextPage: docs.length > first, endCursor: last ? encodeCursor(last._id) : null },
  };
}
