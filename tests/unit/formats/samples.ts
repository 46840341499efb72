/**
 * Invented demo lines (no real testimony) in the archive's scripts: Kazakh Cyrillic with all its
 * own letters, Russian, Uyghur in Arabic script, and text with "&", "<" and ">" that every writer
 * must escape or keep.
 */
import type { IndexEntry, InterviewMeta, TranscriptSegment } from '../../../shared/formats/model.js';

export const KAZAKH_LETTERS = 'ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І';

export const segments: TranscriptSegment[] = [
  { start: 0, end: 4.25, speaker: 'Айгүл Сәрсенова', text: 'Біз Алматыға 1941 жылы келдік.' },
  { start: 4.25, end: 9.5, speaker: 'Интервьюер', text: 'А потом? Расскажите & про <школу>.' },
  { start: 10, end: 15.125, speaker: 'Айгүл Сәрсенова', text: `Әріптер: ${KAZAKH_LETTERS}\nекінші жол` },
  { start: 15.125, end: 20, speaker: 'ئابدۇللا', text: 'مەن ئالمۇتىدا تۇغۇلدۇم، ئاتا-ئانام قەشقەردىن كەلگەن.' },
  { start: 20, end: 3661.5, speaker: null, text: 'a < b && c > d, 5 > 3 --> arrow' },
];

export const index: IndexEntry[] = [
  {
    start: 0,
    end: 60,
    title: 'Бала кезі & отбасы',
    synopsis: 'Көшу туралы <қысқаша>; 1941 жыл.',
    keywords: ['Алматы', 'көшу', 'Ұйғыр'],
    subjects: ['Эвакуация 1941'],
    gps: { lat: 43.238949, lon: 76.889709 },
    placeLabel: 'Алматы, Зелёный базар',
  },
  { start: 60, end: 3661.5, title: 'ئالمۇتا', keywords: [], gps: null, placeLabel: null },
];

export const meta: InterviewMeta = {
  id: 'demo-0001',
  title: 'Демо сұхбат: Алматыға көшу (ойдан шығарылған)',
  narrators: ['Айгүл Сәрсенова', 'ئابدۇللا ئەخمەت'],
  interviewers: ['Интервьюер Демо'],
  date: '2024-05-09',
  languages: ['kk', 'ru', 'ug'],
  duration: 3661.5,
  summary: 'Invented demo interview & <test> data.',
  rights: 'Тек білім беру мақсатында / Only for education',
  accession: '007-A',
  collection: 'Алматы этностарының тарихы',
  repository: 'Demo archive',
  mediaUrl: 'https://archive.example.org/media/demo-0001.m4a?x=1&y=2',
  mediaFormat: 'audio/mp4',
};
