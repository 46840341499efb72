import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { inputSizeLimit } from './common/input-limits.js';
import { resolvers } from './resolvers.js';

let built: Promise<GraphQLSchema> | undefined;

/** The schema is built once per process: type-graphql's metadata is global anyway. */
export function archiveSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers,
    // Every text argument is bounded before any resolver work (see common/input-limits.ts).
    globalMiddlewares: [inputSizeLimit],
    // class-validator runs only when asked; forbidUnknownValues would reject plain inputs.
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
  });
  return built;
}
