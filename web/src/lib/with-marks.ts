/**
 * Items (segments, chapters) and the marks of what is withheld among them, in time order; an item
 * keeps its index in `items` (the one activeIndex answers), a mark sorts after an item starting with it.
 */
export function withMarks<T extends { start: number }, M extends { start: number }>(items: readonly T[], marks: readonly M[]) {
  return [
    ...items.map((item, index) => ({ start: item.start, item: item as T | null, index, mark: null as M | null })),
    ...marks.map((mark) => ({ start: mark.start, item: null as T | null, index: -1, mark: mark as M | null })),
  ].sort((a, b) => a.start - b.start || (a.item ? -1 : 1));
}
