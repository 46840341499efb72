import { RecordLoader } from '../db/record-loaders.js';
import type { Models } from '../db/models.js';
import type { VocabularyTermDoc } from './vocabulary.model.js';

/** One request's reads of vocabulary terms: tags, places, ethnic groups and parents, each once per request. */
export class VocabularyRepository extends RecordLoader<VocabularyTermDoc> {
  constructor(models: Models) {
    super(models.VocabularyTerm);
  }
}
