import { describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { FormatError } from '../../../shared/formats/model.js';
import { parseOhmsXml, writeOhmsXml } from '../../../shared/formats/ohms.js';
import { index, meta, segments } from './samples.js';

function formatError(run: () => unknown): FormatError {
  try {
    run();
  } catch (e) {
    if (e instanceof FormatError) return e;
    throw e;
  }
  throw new Error('expected a FormatError');
}

// An older-style OHMS record (invented): marks in <transcript>, GPS directly on the point,
// several interviewees in one element, duration as h:mm:ss.
const LEGACY = `<?xml version="1.0" encoding="UTF-8"?>
<ROOT xmlns="https://www.weareavp.com/nunncenter/ohms" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <record id="42" dt="2019-03-01">
    <version>5.4</version>
    <date value="1998-06-12" format="yyyy-mm-dd"/>
    <title>Сұхбат &amp; әңгіме (demo)</title>
    <accession>0042</accession>
    <duration>0:02:30</duration>
    <interviewee>Айгүл Сәрсенова; Бекзат Демо</interviewee>
    <interviewer>Demo Interviewer</interviewer>
    <language>kk;ru</language>
    <media_url>https://archive.example.org/a.mp3</media_url>
    <index>
      <point>
        <time>65</time>
        <title>Соғыс &lt;жылдары&gt;</title>
        <synopsis>Эвакуация &#1241;</synopsis>
        <keywords>Алматы;эвакуация; 1941</keywords>
        <subjects></subjects>
        <gps>43.25, 76.95</gps>
        <gps_text>Алматы</gps_text>
      </point>
      <point>
        <time>0</time>
        <title>Кіріспе</title>
        <keywords/>
      </point>
    </index>
    <transcript>BEAM: --during the war. Then, [00:01:00] INTERVIEWER: when?
[00:02:00] ئابدۇللا: ئالمۇتا</transcript>
  </record>
</ROOT>
`;

describe('writeOhmsXml', () => {
  const xml = writeOhmsXml(meta, segments, index, { exportedOn: '2025-01-31' });

  it('writes a well-formed OHMS record with escaped text', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<ROOT xmlns="https://www.weareavp.com/nunncenter/ohms"');
    expect(xml).toContain('<record id="demo-0001" dt="2025-01-31">');
    expect(xml).toContain('<date value="2024-05-09" format="yyyy-mm-dd"/>');
    expect(xml).toContain('<duration>01:01:01.500</duration>');
    expect(xml).toContain('<interviewee>ئابدۇللا ئەخمەت</interviewee>');
    expect(xml).toContain('<media_url>https://archive.example.org/media/demo-0001.m4a?x=1&amp;y=2</media_url>');
    expect(xml).toContain('<title>Бала кезі &amp; отбасы</title>');
    expect(xml).toContain('<keywords>Алматы; көшу; Ұйғыр</keywords>');
    expect(xml).toContain('<gps>43.238949, 76.889709</gps>');
    expect(xml).toContain('<time>60</time>');
    expect(xml).toContain('[00:00:04.250] Интервьюер: А потом? Расскажите &amp; про &lt;школу&gt;.');
    expect(xml).toMatch(/<vtt_transcript>\s*<!\[CDATA\[WEBVTT\n\n1\n00:00:00\.000 --> 00:00:04\.250\n<v Айгүл Сәрсенова>/);
  });

  it('round-trips meta, segments and index (Kazakh, Uyghur, speakers, & and <)', () => {
    const back = parseOhmsXml(xml);
    expect(back.segments).toEqual(segments);
    expect(back.index).toEqual(index);
    expect(back.meta).toEqual(meta);
  });

  it('drops characters XML cannot carry and turns ";" inside a keyword into ","', () => {
    const out = writeOhmsXml({ ...meta, title: 'bell\u0007 here' }, [], [{ start: 1, title: 't', keywords: ['a;b', 'c'] }]);
    expect(XMLValidator.validate(out)).toBe(true);
    const back = parseOhmsXml(out);
    expect(back.meta.title).toBe('bell here');
    expect(back.index[0]!.keywords).toEqual(['a,b', 'c']);
    expect(back.segments).toEqual([]);
  });
});

describe('parseOhmsXml', () => {
  it('reads an older-style record: [hh:mm:ss] transcript, GPS on the point, unsorted points', () => {
    const doc = parseOhmsXml(LEGACY);
    expect(doc.meta).toMatchObject({
      id: '42',
      title: 'Сұхбат & әңгіме (demo)',
      accession: '0042',
      date: '1998-06-12',
      duration: 150,
      narrators: ['Айгүл Сәрсенова', 'Бекзат Демо'],
      interviewers: ['Demo Interviewer'],
      languages: ['kk', 'ru'],
      mediaUrl: 'https://archive.example.org/a.mp3',
    });
    expect(doc.segments).toEqual([
      { start: 0, end: 60, speaker: 'BEAM', text: '--during the war. Then,' },
      { start: 60, end: 120, speaker: 'INTERVIEWER', text: 'when?' },
      { start: 120, end: 150, speaker: 'ئابدۇللا', text: 'ئالمۇتا' },
    ]);
    expect(doc.index).toEqual([
      { start: 0, end: 65, title: 'Кіріспе', keywords: [], gps: null, placeLabel: null },
      {
        start: 65,
        end: 150,
        title: 'Соғыс <жылдары>',
        synopsis: 'Эвакуация ә',
        keywords: ['Алматы', 'эвакуация', '1941'],
        gps: { lat: 43.25, lon: 76.95 },
        placeLabel: 'Алматы',
      },
    ]);
  });

  it('OHMS → model → OHMS → model gives the same interview, segments and index', () => {
    const first = parseOhmsXml(LEGACY);
    const again = parseOhmsXml(writeOhmsXml(first.meta, first.segments, first.index));
    expect(again).toEqual(first);
  });
});

describe('parseOhmsXml errors name the line', () => {
  it('an unclosed element → the line the XML parser reports', () => {
    const broken = LEGACY.replace('</point>\n      <point>', '\n      <point>');
    const e = formatError(() => parseOhmsXml(broken));
    expect(e.line).toBe(LEGACY.split('\n').findIndex((l) => l.includes('</index>')) + 1);
    expect(e.detail).toMatch(/^not well-formed XML: Expected closing tag 'point'/);
  });

  it('a file cut short → its last line, naming what to close', () => {
    const cut = LEGACY.slice(0, LEGACY.indexOf('  </record>'));
    const e = formatError(() => parseOhmsXml(cut));
    expect(e.line).toBe(cut.trimEnd().split('\n').length);
    expect(e.detail).toBe('the XML ends before <record>, <ROOT> are closed: add </record></ROOT>');
  });

  it('not OHMS, a bad point time, bad GPS, a broken embedded WebVTT', () => {
    expect(formatError(() => parseOhmsXml('<html><body/></html>')).line).toBe(1);
    const badTime = formatError(() => parseOhmsXml(LEGACY.replace('<time>65</time>', '<time>soon</time>')));
    expect(badTime.line).toBe(14);
    expect(badTime.detail).toMatch(/index point 1: time "soon"/);
    expect(formatError(() => parseOhmsXml(LEGACY.replace('43.25, 76.95', '143.25, 76.95'))).line).toBe(14);
    const vtt = LEGACY.replace(
      /<transcript>[\s\S]*<\/transcript>/,
      '<vtt_transcript>WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nx\n</vtt_transcript>',
    );
    const inVtt = formatError(() => parseOhmsXml(vtt));
    expect(inVtt.line).toBe(LEGACY.split('\n').findIndex((l) => l.includes('<transcript>')) + 3);
    expect(inVtt.detail).toBe('end time 00:00:02.000 is before start 00:00:05.000');
  });
});
