import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { resolvers } from './resolvers.js';

let built: Promise<GraphQLSchema> | undefined;

/** The schema is built once per process: type-graphql's metadata is global anyway. */
export function archiveSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers,
    // class-validator runs only when asked; forbidUnknownValues would reject plain inputs.
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
  });
  return built;
}
