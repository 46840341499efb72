import { describe, expect, it } from 'vitest';
import { draftFromForm, narratorInput } from '../../../web/src/lib/studio/narrator-form.js';

const form = (fields: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of fields) f.append(k, v);
  return f;
};

describe('the studio’s narrator form', () => {
  it('keeps a stored spelling’s language and script, adds typed ones without, and lists each spelling once', () => {
    const stored = [
      { value: 'Мария Ким', script: 'Cyrl', lang: 'ru' },
      { value: '김 마리아', script: 'Hang', lang: 'ko' },
    ];
    const draft = draftFromForm(form([['name_kk', 'Мария Ким'], ['name_ru', 'Мария Ким'], ['name_en', 'Maria Kim'], ['otherNames', '김 마리아\r\nKim Mariya\n\nMaria Kim']]));
    const { input, problems } = narratorInput(draft, stored);
    expect(problems).toEqual([]);
    expect(input.names).toEqual([
      { value: 'Мария Ким', script: null, lang: 'kk' },
      { value: 'Maria Kim', script: null, lang: 'en' },
      { value: '김 마리아', script: 'Hang', lang: 'ko' },
      { value: 'Kim Mariya', script: null, lang: null },
    ]);
  });

  it('says what is wrong before anything is sent: no name, a year that is not four digits, too many spellings', () => {
    const many = Array.from({ length: 31 }, (_, i) => `Name ${i}`).join('\n');
    const { problems } = narratorInput(draftFromForm(form([['birthYear', '19x1'], ['otherNames', many]])), []);
    expect(problems).toEqual(['name', 'otherNames', 'birthYear']);
  });

  it('clears what was emptied, keeps only known roles and reads the consent box', () => {
    const draft = draftFromForm(form([['name_en', 'A'], ['roles', 'witness'], ['roles', 'admin'], ['detailsPublic', 'on'], ['birthYear', '1931']]));
    const { input } = narratorInput(draft, []);
    expect(input).toMatchObject({ roles: ['witness'], detailsPublic: true, birthYear: 1931, ethnicIdentity: null, notes: null, contact: { phone: null, email: null, address: null } });
  });
});
