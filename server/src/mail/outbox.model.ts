import { Schema, type Types } from 'mongoose';

/** A message the development and test mailer "sent": read by tests and the e2e journey. */
export interface OutboxDoc {
  _id: Types.ObjectId;
  to: string;
  subject: string;
  text: string;
  kind: string;
  createdAt: Date;
}

export const outboxSchema = new Schema<OutboxDoc>(
  {
    to: { type: String, required: true },
    subject: { type: String, required: true },
    text: { type: String, required: true },
    kind: { type: String, required: true },
    createdAt: { type: Date, default: () => new Date() },
  },
  { versionKey: false },
);
outboxSchema.index({ to: 1, createdAt: -1 });
