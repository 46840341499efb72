import { describe, expect, it } from 'vitest';
import { buildIiifManifest, type BuildIiifOptions } from '../../../shared/formats/iiif.js';
import { index, meta, segments } from './samples.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const options: BuildIiifOptions = {
  manifestUrl: 'https://archive.example.org/iiif/demo-0001/manifest',
  meta: { ...meta, titleTranslations: { ru: 'Демо интервью', en: 'Demo interview' }, rightsUri: 'https://rightsstatements.org/vocab/InC-EDU/1.0/' },
  media: { url: 'https://archive.example.org/media/demo-0001.m4a', format: 'audio/mp4', duration: 3661.5 },
  transcript: segments,
  index,
  language: 'kk',
};

/** Every object with an id, anywhere in the manifest. */
function ids(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => ids(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Json;
    if (typeof o.id === 'string') out.push(o.id);
    Object.values(o).forEach((v) => ids(v, out));
  }
  return out;
}

describe('buildIiifManifest', () => {
  const m = buildIiifManifest(options) as Json;
  const canvas = m.items[0];
  const canvasId = 'https://archive.example.org/iiif/demo-0001/canvas/1';

  it('is a Presentation 3 Manifest with language-map labels', () => {
    expect(m['@context']).toBe('http://iiif.io/api/presentation/3/context.json');
    expect(m.type).toBe('Manifest');
    expect(m.id).toBe(options.manifestUrl);
    expect(m.label).toEqual({ kk: [meta.title], ru: ['Демо интервью'], en: ['Demo interview'] });
    expect(m.summary).toEqual({ kk: [meta.summary] });
    expect(m.metadata[0]).toEqual({
      label: { kk: ['Әңгімелеуші'], ru: ['Рассказчик'], en: ['Narrator'] },
      value: { none: ['Айгүл Сәрсенова'] },
    });
    expect(m.metadata.map((e: Json) => e.label.en[0])).toEqual(['Narrator', 'Narrator', 'Interviewer', 'Date', 'Language', 'Duration']);
  });

  it('has one Canvas with the duration and the media painted as a Sound', () => {
    expect(m.items).toHaveLength(1);
    expect(canvas).toMatchObject({ id: canvasId, type: 'Canvas', duration: 3661.5 });
    expect(canvas.width).toBeUndefined();
    const painting = canvas.items[0];
    expect(painting.type).toBe('AnnotationPage');
    expect(painting.items).toEqual([
      {
        id: `${canvasId}/page/1/annotation/1`,
        type: 'Annotation',
        motivation: 'painting',
        body: { id: options.media.url, type: 'Sound', format: 'audio/mp4', duration: 3661.5 },
        target: canvasId,
      },
    ]);
  });

  it('carries the transcript as supplementing TextualBody annotations on time fragments', () => {
    const page = canvas.annotations[0];
    expect(page.type).toBe('AnnotationPage');
    expect(page.label.en).toEqual(['Transcript']);
    expect(page.items).toHaveLength(segments.length);
    expect(page.items.every((a: Json) => a.type === 'Annotation' && a.motivation === 'supplementing')).toBe(true);
    expect(page.items.map((a: Json) => a.target)).toEqual([
      `${canvasId}#t=0,4.25`,
      `${canvasId}#t=4.25,9.5`,
      `${canvasId}#t=10,15.125`,
      `${canvasId}#t=15.125,20`,
      `${canvasId}#t=20,3661.5`,
    ]);
    expect(page.items[1].body).toEqual({
      type: 'TextualBody',
      value: 'Интервьюер: А потом? Расскажите & про <школу>.',
      format: 'text/plain',
      language: 'kk',
    });
    expect(page.items[4].body.value).toBe(segments[4]!.text);
  });

  it('turns the index into Ranges with labels, ends from the entry or the next start', () => {
    expect(m.structures).toEqual([
      {
        id: 'https://archive.example.org/iiif/demo-0001/range/1',
        type: 'Range',
        label: { kk: ['Бала кезі & отбасы'] },
        summary: { kk: ['Көшу туралы <қысқаша>; 1941 жыл.'] },
        items: [{ id: `${canvasId}#t=0,60`, type: 'Canvas' }],
      },
      {
        id: 'https://archive.example.org/iiif/demo-0001/range/2',
        type: 'Range',
        label: { kk: ['ئالمۇتا'] },
        items: [{ id: `${canvasId}#t=60,3661.5`, type: 'Canvas' }],
      },
    ]);
    const open = buildIiifManifest({ ...options, index: [{ start: 5, title: 'a', keywords: [] }, { start: 30, title: 'b', keywords: [] }] }) as Json;
    expect(open.structures.map((r: Json) => r.items[0].id)).toEqual([`${canvasId}#t=5,30`, `${canvasId}#t=30,3661.5`]);
  });

  it('gives rights only as an http CC / RightsStatements URI, the statement always in requiredStatement', () => {
    expect(m.rights).toBe('http://rightsstatements.org/vocab/InC-EDU/1.0/');
    expect(m.requiredStatement).toEqual({
      label: { kk: ['Пайдалану құқығы'], ru: ['Права использования'], en: ['Rights'] },
      value: { kk: [meta.rights] },
    });
    const own = buildIiifManifest({ ...options, meta: { ...options.meta, rightsUri: 'https://archive.example.org/terms' } }) as Json;
    expect(own.rights).toBeUndefined();
    expect(own.requiredStatement).toBeDefined();
    const bare = buildIiifManifest({ ...options, meta: { ...meta, rights: null } }) as Json;
    expect(bare.rights).toBeUndefined();
    expect(bare.requiredStatement).toBeUndefined();
  });

  it('uses unique http(s) ids throughout', () => {
    const all = ids(m).filter((id) => id !== options.media.url);
    expect(new Set(all).size).toBe(all.length);
    expect(ids(m).every((id) => /^https?:\/\//.test(id))).toBe(true);
  });

  it('paints video with its size, marks Uyghur text right-to-left, honours the label languages', () => {
    const v = buildIiifManifest({
      ...options,
      manifestUrl: 'https://archive.example.org/iiif/demo-0002/manifest.json',
      media: { url: 'https://archive.example.org/v.mp4', format: 'video/mp4', duration: 30, width: 1280, height: 720 },
      transcript: [{ start: 1, end: 2.5, speaker: 'ئابدۇللا', text: 'مەن ئالمۇتىدا تۇغۇلدۇم' }],
      index: [],
      language: 'ug',
      labelLanguages: ['en'],
    }) as Json;
    const c = v.items[0];
    expect(c).toMatchObject({ id: 'https://archive.example.org/iiif/demo-0002/canvas/1', duration: 30, width: 1280, height: 720 });
    expect(c.items[0].items[0].body).toMatchObject({ type: 'Video', width: 1280, height: 720 });
    expect(c.annotations[0].items[0].body).toMatchObject({ language: 'ug', textDirection: 'rtl', value: 'ئابدۇللا: مەن ئالمۇتىدا تۇغۇلدۇم' });
    expect(v.structures).toBeUndefined();
    expect(v.metadata[0].label).toEqual({ en: ['Narrator'] });
  });

  it('clips ends to the media and refuses a start after it', () => {
    const short = { ...options, media: { ...options.media, duration: 18 }, index: [] };
    expect(() => buildIiifManifest(short)).toThrow('segment 5 starts at 00:00:20.000, after the media ends (00:00:18.000)');
    const clipped = buildIiifManifest({ ...short, transcript: segments.slice(0, 4) }) as Json;
    expect(clipped.items[0].annotations[0].items[3].target).toBe(`${canvasId}#t=15.125,18`);
    expect(() => buildIiifManifest({ ...options, media: { ...options.media, duration: 0 } })).toThrow(RangeError);
  });
});
