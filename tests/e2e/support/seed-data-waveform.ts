/** The interview with a recording and a waveform (seed-waveform.ts), shared by the seed and the tests. */
export const WAVEFORM = {
  interview: '66e2e0000000000000000111',
  master: '66e2e0000000000000000611',
  seconds: 30,
  title: { kk: 'Толқын пішіні бар жазба (демо)', ru: 'Запись с волновой формой (демо)', en: 'A recording with a waveform (demo)' },
} as const;
