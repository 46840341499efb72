import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import mongoose from 'mongoose';
import { asUnavailable } from './common/unavailable.js';
import { ArchiveError } from './errors.js';

interface ValidationFailure {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationFailure[];
}

function describeValidation(failures: ValidationFailure[], prefix = ''): string[] {
  return failures.flatMap((f) => {
    const path = prefix ? `${prefix}.${f.property}` : f.property;
    const own = Object.values(f.constraints ?? {}).map((message) =>
      // class-validator starts its messages with the property name; keep only the rule.
      `${path}: ${message.startsWith(f.property) ? message.slice(f.property.length).trim() : message}`,
    );
    return [...own, ...describeValidation(f.children ?? [], path)];
  });
}

/**
 * What the client sees of an error: our own errors as they are; argument validation as
 * BAD_USER_INPUT naming the fields (never echoing the values); anything else masked.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const known = original instanceof ArchiveError ? original : asUnavailable(original);
  if (known) return { message: known.message, path: formatted.path, extensions: { ...known.extensions } };
  const validation = (original as { extensions?: { validationErrors?: ValidationFailure[] } })?.extensions
    ?.validationErrors;
  if (validation) {
    const problems = describeValidation(validation);
    return {
      message: problems.join('; ') || 'Invalid input',
      path: formatted.path,
      extensions: { code: 'BAD_USER_INPUT', fields: problems.map((p) => p.split(':')[0]) },
    };
  }
  if (original instanceof mongoose.Error.ValidationError || original instanceof mongoose.Error.CastError) {
    // A schema rule of the database layer caught what the input checks did not: name the fields only.
    const paths = Object.keys((original as { errors?: Record<string, unknown> }).errors ?? {});
    const fields = paths.length ? paths : [String((original as { path?: string }).path ?? 'input')];
    return {
      message: `Invalid value for ${fields.join(', ')}`,
      path: formatted.path,
      extensions: { code: 'BAD_USER_INPUT', fields },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
    // Parse, validation and variable errors from graphql-js: safe, they describe the query.
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  console.error('Unexpected error in GraphQL request:', original);
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
