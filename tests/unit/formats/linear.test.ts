/**
 * Transcript files come from anyone who may import one, so every parser in shared/formats must
 * take time linear in its input. Proved without timing anything:
 *
 * - every regular expression in those files is judged constant or linear by recheck, a ReDoS checker
 *   that analyses the pattern's automaton (an unanchored /\s+$/ is reported polynomial);
 * - the hand-written scans are counted: parsing an OHMS file with 10× the index points must cost
 *   about 10× the character reads, not 100×.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { checkSync } from 'recheck';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { openTagPattern, parseOhmsXml, writeOhmsXml } from '../../../shared/formats/ohms.js';
import { parseSrt } from '../../../shared/formats/srt.js';
import { parseTimestampedText } from '../../../shared/formats/timestamped-text.js';
import { parseVtt } from '../../../shared/formats/vtt.js';
import type { IndexEntry } from '../../../shared/formats/model.js';
import { meta } from './samples.js';

const DIR = 'shared/formats';
const sources = readdirSync(DIR)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, text: readFileSync(`${DIR}/${f}`, 'utf8') }));

function regexLiterals(): { where: string; source: string; flags: string }[] {
  const found: { where: string; source: string; flags: string }[] = [];
  for (const { file, text } of sources) {
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = node.getText(sf);
        const end = literal.lastIndexOf('/');
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        found.push({ where: `${file}:${line}`, source: literal.slice(1, end), flags: literal.slice(end + 1) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

function complexity(source: string, flags: string): string {
  // recheck's own time limit (10 s) is wall-clock: on a loaded machine a linear pattern would come back
  // as "unknown"; the test's timeout bounds the run instead.
  const result = checkSync(source, flags, { timeout: null }) as { status: string; complexity?: { type: string } };
  return result.status === 'safe' ? result.complexity!.type : result.status === 'vulnerable' ? result.complexity!.type : 'unknown';
}

describe('format parsers are linear', () => {
  it('every regular expression in the formats is constant or linear (recheck)', () => {
    const literals = regexLiterals();
    expect(literals.length).toBeGreaterThan(20);
    const slow = literals
      .map((r) => ({ ...r, complexity: complexity(r.source, r.flags) }))
      .filter((r) => r.complexity !== 'safe' && r.complexity !== 'linear' && r.complexity !== 'constant');
    expect(slow).toEqual([]);
  }, 120_000);

  it('the one pattern built at run time is linear too, and there is no other', () => {
    const built = sources.flatMap(({ file, text }) => (text.match(/new RegExp\(/g) ?? []).map(() => file));
    expect(built).toEqual(['ohms.ts']);
    for (const name of ['duration', 'transcript', 'vtt_transcript']) {
      const re = openTagPattern(name);
      expect([name, complexity(re.source, re.flags)]).toEqual([name, 'linear']);
    }
  }, 60_000);

  /** Character reads (charCodeAt, indexing by code is what the scans use) while `run` runs. */
  function charReads(run: () => void): number {
    const original = String.prototype.charCodeAt;
    let reads = 0;
    String.prototype.charCodeAt = function (this: string, i: number) {
      reads++;
      return original.call(this, i);
    };
    try {
      run();
    } finally {
      String.prototype.charCodeAt = original;
    }
    return reads;
  }

  function ohmsWithPoints(n: number): string {
    const index: IndexEntry[] = Array.from({ length: n }, (_, k) => ({
      start: k * 10,
      end: null,
      title: `Point ${k}`,
      keywords: ['a', 'b'],
      gps: null,
      placeLabel: null,
    }));
    return writeOhmsXml({ ...meta, duration: n * 10 + 10 }, [], index);
  }

  it('reading OHMS costs work proportional to the index points, not their square', () => {
    const small = ohmsWithPoints(300);
    const large = ohmsWithPoints(3_000);
    expect(parseOhmsXml(large).index).toHaveLength(3_000);
    const ratio = charReads(() => parseOhmsXml(large)) / charReads(() => parseOhmsXml(small));
    // Linear: ≈10 for 10× the input; the old per-point rescan from the file's start gave ≈100.
    expect(ratio).toBeLessThan(15);
  });

  it('the recheck attack strings and long runs of spaces parse at once (each parser, 300 KB lines)', () => {
    const spaces = ' '.repeat(300_000);
    const line = `Айгүл:${'\t'.repeat(300_000)}x${spaces}`;
    expect(() => parseSrt(`1\n00:00:01,000 --> 00:00:02,000\n${line}\n`, { speakerLabels: true })).not.toThrow();
    expect(parseVtt(`WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n${line}\n`)[0]!.text.endsWith('x')).toBe(true);
    expect(parseTimestampedText(`[00:00:01] ${line}\n[00:00:02]\n`)).toHaveLength(1);
    expect(() => parseSrt(`1\n00:00:01,000 --> 00:00:02,000\n${'<font{\\'.repeat(40_000)}\n`)).not.toThrow();
    expect(() => parseVtt(`WEBVTT\n\n\x00\t-->\t>\t${'\t'.repeat(300_000)}\n`)).toThrow();
  });
});
