/**
 * One ceiling on every text a client sends through GraphQL, checked before any resolver runs (and so
 * before class-validator, access checks or parsing): a string argument, or a string anywhere inside
 * an input object or list, longer than the limit is refused with the path and the limit. Fields with
 * their own @MaxLength keep their smaller limit; this catches the ones without, and the large
 * documents (transcript files) get a larger limit of their own here, in one list.
 */
import type { MiddlewareFn } from 'type-graphql';
import type { Context } from '../context.js';
import { BadInputError } from '../errors.js';

export interface InputLimits {
  /** TEXT_INPUT_MAX_CHARS: any text argument. */
  textChars: number;
  /** TRANSCRIPT_MAX_CHARS: a whole transcript file sent to importTranscript. */
  transcriptChars: number;
}

/** Arguments that hold a whole document, by "mutation.input.path"; everything else has the text limit. */
const DOCUMENTS: Record<string, { limit: keyof InputLimits; env: string }> = {
  'importTranscript.input.content': { limit: 'transcriptChars', env: 'TRANSCRIPT_MAX_CHARS' },
};

/** `path` is what the error names; `docPath` is "field.argument.path", the key into DOCUMENTS. */
function check(value: unknown, path: string, docPath: string, limits: InputLimits): void {
  if (typeof value === 'string') {
    const doc = DOCUMENTS[docPath];
    const limit = doc ? limits[doc.limit] : limits.textChars;
    if (value.length > limit) {
      throw new BadInputError(
        path,
        `is ${value.length} characters long; the limit is ${limit} (${doc?.env ?? 'TEXT_INPUT_MAX_CHARS'})`,
      );
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => check(item, `${path}.${i}`, `${docPath}.${i}`, limits));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) check(item, `${path}.${key}`, `${docPath}.${key}`, limits);
  }
}

/** type-graphql global middleware: runs before argument validation and the resolver itself. */
export const inputSizeLimit: MiddlewareFn<Context> = ({ args, info, context }, next) => {
  const limits = context.config.inputLimits;
  for (const [name, value] of Object.entries(args)) {
    const docPath = `${info.fieldName}.${name}`;
    // Fields inside the one `input` object are named as class-validator names them (relative to it).
    if (name === 'input' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, item] of Object.entries(value)) check(item, key, `${docPath}.${key}`, limits);
    } else check(value, name, docPath, limits);
  }
  return next();
};
