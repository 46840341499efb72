import { describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../server/src/access/actor.js';
import { chooseTranscript, transcriptOrder } from '../../server/src/transcripts/transcript-choice.js';

const t = (language: string) => ({ language });
const all = [t('en'), t('kk'), t('ru'), t('de')];

describe('the transcript rule', () => {
  it('orders by the interview\'s spoken languages, then alphabetically', () => {
    expect(transcriptOrder({ languages: ['ru', 'kk'] }, all).map((x) => x.language)).toEqual(['ru', 'kk', 'de', 'en']);
    expect(transcriptOrder({ languages: [] }, all).map((x) => x.language)).toEqual(['de', 'en', 'kk', 'ru']);
  });

  it('chooses the language asked for, else the first; exact asks never answer in another language', () => {
    const iv = { languages: ['kk'] };
    expect(chooseTranscript(ANONYMOUS, iv, all, 'ru')?.language).toBe('ru');
    expect(chooseTranscript(ANONYMOUS, iv, all, null)?.language).toBe('kk');
    expect(chooseTranscript(ANONYMOUS, iv, all, 'ug')?.language).toBe('kk');
    expect(chooseTranscript(ANONYMOUS, iv, all, 'ug', { exact: true })).toBeNull();
    expect(chooseTranscript(ANONYMOUS, iv, [], null)).toBeNull();
  });
});
