import { describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../server/src/access/actor.js';
import { Role } from '../../server/src/access/levels.js';
import { chooseTranscript, transcriptOrder } from '../../server/src/transcripts/transcript-choice.js';

const t = (language: string, status = 'approved') => ({ language, status });
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

  it('offers an unapproved transcript to staff only', () => {
    const iv = { languages: ['kk'] };
    const some = [t('kk', 'automatic'), t('ru', 'corrected'), t('en')];
    expect(chooseTranscript(ANONYMOUS, iv, some, 'kk')?.language).toBe('en');
    expect(chooseTranscript({ userId: 'u', roles: [Role.teacher] }, iv, some, 'kk', { exact: true })).toBeNull();
    expect(chooseTranscript({ userId: 'u', roles: [Role.researcher] }, iv, some, null)?.language).toBe('kk');
  });
});
