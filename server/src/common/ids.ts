import { Types } from 'mongoose';
import { BadInputError } from '../errors.js';

/** Parses a client-given id, naming the field when it is malformed. */
export function toObjectId(field: string, value: string): Types.ObjectId {
  if (typeof value !== 'string' || !/^[0-9a-f]{24}$/i.test(value)) {
    throw new BadInputError(field, 'is not a valid id (24 hexadecimal characters expected)');
  }
  return new Types.ObjectId(value);
}

export const toObjectIds = (field: string, values: readonly string[]) =>
  values.map((value, i) => toObjectId(`${field}[${i}]`, value));

export const idString = (value: { toString(): string } | null | undefined) => (value == null ? null : value.toString());
