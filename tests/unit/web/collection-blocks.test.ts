import { describe, expect, it } from 'vitest';
import { fromApi, toBlockInputs } from '../../../web/src/lib/studio/blocks.js';

const HIDDEN = '66e2e0000000000000000201';
const SHOWN = '66e2e0000000000000000202';

describe('the collection builder’s blocks', () => {
  it('sends a block the editor may not see back by id and type only, so the API keeps it as stored', () => {
    const blocks = [fromApi({ id: HIDDEN, type: 'clip', available: false }), fromApi({ id: SHOWN, type: 'text', text: { en: 'Warm-up' } })];
    expect(blocks.map((b) => b.available)).toEqual([false, true]);
    // Whatever the form posts for it (a tampered copy too), only its place goes back.
    const posted = JSON.parse(JSON.stringify(blocks));
    posted[0].interviewId = SHOWN;
    posted[0].start = 1;
    expect(toBlockInputs(posted)).toEqual([
      { id: HIDDEN, type: 'clip' },
      { id: SHOWN, type: 'text', text: { kk: null, ru: null, en: 'Warm-up' } },
    ]);
  });

  it('a placeholder the editor removed goes back by id with remove, and nothing else of it', () => {
    const posted = JSON.parse(JSON.stringify([{ ...fromApi({ id: HIDDEN, type: 'clip', available: false }), removed: true, interviewId: SHOWN }]));
    expect(toBlockInputs(posted)).toEqual([{ id: HIDDEN, type: 'clip', remove: true }]);
  });

  it('a placeholder without a valid id goes as a new, empty block (the API refuses it), one of an unknown type is dropped', () => {
    expect(toBlockInputs([{ id: 'x', type: 'clip', available: false }, { id: HIDDEN, type: 'video', available: false }])).toEqual([
      { id: null, type: 'clip', interviewId: null, start: null, end: null, caption: { kk: null, ru: null, en: null } },
    ]);
  });
});
