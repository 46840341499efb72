import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF as Chromium (Skia) writes it: fonts are Identity-H encoded with a ToUnicode map,
 * content streams show glyphs with Tj and TJ. Enough to check what a printed page says, without a PDF
 * library; not a general PDF reader (no object streams, no other encodings).
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; data: Buffer | null }>();
  for (const match of raw.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = match[2]!;
    const at = body.indexOf('stream');
    if (at < 0) {
      objects.set(Number(match[1]), { dict: body, data: null });
      continue;
    }
    const dict = body.slice(0, at);
    const start = match.index! + match[0].indexOf(body) + at + 'stream'.length + (body[at + 6] === '\r' ? 2 : 1);
    const end = raw.indexOf('endstream', start);
    let data = pdf.subarray(start, end);
    if (/\/FlateDecode/.test(dict)) data = inflateSync(data);
    objects.set(Number(match[1]), { dict, data });
  }
  const refs = (text: string) => [...text.matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
  const resolve = (text: string) => (/^\s*\d+ 0 R\s*$/.test(text) ? (objects.get(refs(text)[0]!)?.dict ?? '') : text);

  const cmaps = new Map<number, Map<string, string>>();
  const toUnicode = (fontObject: number) => {
    if (cmaps.has(fontObject)) return cmaps.get(fontObject)!;
    const map = new Map<string, string>();
    const ref = /\/ToUnicode (\d+) 0 R/.exec(objects.get(fontObject)?.dict ?? '');
    const cmap = ref ? (objects.get(Number(ref[1]))?.data?.toString('latin1') ?? '') : '';
    const hex = (h: string) => String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map((u) => parseInt(u, 16)));
    for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(m[1]!.toUpperCase(), hex(m[2]!));
    }
    for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        const [from, to, first] = [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
        for (let g = from; g <= to; g++) map.set(g.toString(16).toUpperCase().padStart(m[1]!.length, '0'), String.fromCodePoint(first + g - from));
      }
    }
    cmaps.set(fontObject, map);
    return map;
  };

  const lines: string[] = [];
  for (const [, page] of objects) {
    if (!/\/Type\s*\/Page\b/.test(page.dict)) continue;
    const resources = resolve(/\/Resources\s*(\d+ 0 R|<<[\s\S]*>>)/.exec(page.dict)?.[1] ?? '');
    const fontDict = resolve(/\/Font\s*(\d+ 0 R|<<[^>]*>>)/.exec(resources)?.[1] ?? '');
    const fonts = new Map([...fontDict.matchAll(/\/([\w.+-]+)\s+(\d+) 0 R/g)].map((m) => [m[1]!, Number(m[2])]));
    const contents = /\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(page.dict)?.[1] ?? '';
    for (const ref of refs(contents)) {
      const stream = objects.get(ref)?.data?.toString('latin1') ?? '';
      let map = new Map<string, string>();
      let line = '';
      for (const token of stream.matchAll(/\/([\w.+-]+)\s+[\d.]+\s+Tf|\[((?:[^\]\\]|\\.)*)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj|\b(Td|TD|T\*|Tm|ET)\b/g)) {
        if (token[1]) map = toUnicode(fonts.get(token[1]) ?? -1);
        else if (token[4]) {
          if (line) lines.push(line);
          line = '';
        } else {
          const hexes = token[2] !== undefined ? [...token[2].matchAll(/<([0-9A-Fa-f]*)>/g)].map((m) => m[1]!) : [token[3]!];
          for (const h of hexes) for (const glyph of h.toUpperCase().match(/.{4}/g) ?? []) line += map.get(glyph) ?? '';
        }
      }
      if (line) lines.push(line);
    }
  }
  return lines.join('\n');
}
