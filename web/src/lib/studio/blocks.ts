/** Collection blocks as the builder edits them, and as updateCollection wants them (only each type's fields). */
export type BlockType = 'text' | 'clip' | 'quote' | 'image';
export interface Loc {
  kk: string;
  ru: string;
  en: string;
}
export interface EditBlock {
  /** Stable key for the list (and drag), also for blocks not saved yet. */
  key: string;
  id: string | null;
  type: BlockType;
  /** false: a block whose interview this editor may not see; shown as such and sent back by id only. */
  available: boolean;
  /** Such a block the editor chose to remove (the API keeps an unavailable block left out of a save). */
  removed?: boolean;
  text: Loc;
  caption: Loc;
  alt: Loc;
  interviewId: string;
  start: number | null;
  end: number | null;
  attribution: string;
  imageKey: string;
  /** Where the picture is shown (not sent back: the API derives it from the key). */
  imageUrl: string | null;
}

type Text = { kk?: string | null; ru?: string | null; en?: string | null } | null | undefined;
const loc = (t: Text): Loc => ({ kk: t?.kk ?? '', ru: t?.ru ?? '', en: t?.en ?? '' });
const out = (l: Loc | undefined) => ({ kk: l?.kk?.trim() || null, ru: l?.ru?.trim() || null, en: l?.en?.trim() || null });

export function fromApi(b: {
  id: string;
  type: string;
  available?: boolean;
  text?: Text;
  caption?: Text;
  alt?: Text;
  start?: number | null;
  end?: number | null;
  attribution?: string | null;
  imageKey?: string | null;
  imageUrl?: string | null;
  interview?: { id: string } | null;
}): EditBlock {
  return {
    key: b.id,
    id: b.id,
    type: b.type as BlockType,
    available: b.available ?? true,
    text: loc(b.text),
    caption: loc(b.caption),
    alt: loc(b.alt),
    interviewId: b.interview?.id ?? '',
    start: b.start ?? null,
    end: b.end ?? null,
    attribution: b.attribution ?? '',
    imageKey: b.imageKey ?? '',
    imageUrl: b.imageUrl ?? null,
  };
}

export function emptyBlock(type: BlockType): EditBlock {
  const key = `new-${Math.random().toString(36).slice(2)}`;
  return { ...fromApi({ id: key, type }), id: null, key };
}

type L = { kk: string | null; ru: string | null; en: string | null };
export interface BlockInput {
  id: string | null;
  type: BlockType;
  remove?: true;
  text?: L;
  caption?: L;
  alt?: L;
  interviewId?: string | null;
  start?: number | null;
  end?: number | null;
  attribution?: string | null;
  imageKey?: string | null;
}

const TYPES: readonly string[] = ['text', 'clip', 'quote', 'image'];

/** Runs on the server with whatever the form posted: unknown types are dropped, numbers checked. */
export function toBlockInputs(raw: unknown): BlockInput[] {
  if (!Array.isArray(raw)) throw new Error('not a list');
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return (raw as Partial<EditBlock>[]).flatMap((b): BlockInput[] => {
    const id = typeof b.id === 'string' && /^[0-9a-f]{24}$/.test(b.id) ? b.id : null;
    // The API keeps such a block as stored; its id says where it now stands, or that it goes.
    if (b.available === false && id && b.type && TYPES.includes(b.type)) return [b.removed === true ? { id, type: b.type, remove: true } : { id, type: b.type }];
    switch (b.type) {
      case 'text':
        return [{ id, type: 'text' as const, text: out(b.text) }];
      case 'clip':
        return [{ id, type: 'clip' as const, interviewId: b.interviewId || null, start: num(b.start), end: num(b.end), caption: out(b.caption) }];
      case 'quote':
        return [{ id, type: 'quote' as const, text: out(b.text), attribution: b.attribution || null, interviewId: b.interviewId || null, start: num(b.start) }];
      case 'image':
        return [{ id, type: 'image' as const, imageKey: b.imageKey || null, alt: out(b.alt), caption: out(b.caption) }];
      default:
        return [];
    }
  });
}
