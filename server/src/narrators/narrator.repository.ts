import { RecordLoader } from '../db/record-loaders.js';
import type { Models } from '../db/models.js';
import type { NarratorDoc } from './narrator.model.js';

/** One request's reads of narrators: each narrator once per request (an interview's, an export's, a search hit's). */
export class NarratorRepository extends RecordLoader<NarratorDoc> {
  constructor(models: Models) {
    super(models.Narrator);
  }
}
