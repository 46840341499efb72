import { describe, expect, it } from 'vitest';
import { withMarks } from '../../../web/src/lib/with-marks.js';

describe('withMarks (the transcript and the index with their withheld marks)', () => {
  const segments = [{ id: 'a', start: 0 }, { id: 'b', start: 8 }, { id: 'c', start: 30 }];
  const marks = [{ id: 'x', start: 16 }, { id: 'y', start: 8 }, { id: 'z', start: 40 }];

  it('puts the marks in time order among the items; a mark after an item starting with it', () => {
    expect(withMarks(segments, marks).map((r) => r.item?.id ?? `mark ${r.mark!.id}`)).toEqual(['a', 'b', 'mark y', 'mark x', 'c', 'mark z']);
  });

  it('keeps each item’s own index (the one activeIndex answers), so highlighting skips the marks', () => {
    const rows = withMarks(segments, marks);
    expect(rows.filter((r) => r.item).map((r) => r.index)).toEqual([0, 1, 2]);
    expect(rows.filter((r) => r.mark).every((r) => r.index === -1)).toBe(true);
  });

  it('with no marks, is the items as they were', () => {
    expect(withMarks(segments, []).map((r) => r.item)).toEqual(segments);
  });
});
