/** The form readers are shared with the browser (the studio's several-recordings upload builds the same input): see $lib/forms.ts. */
export * from '../forms.js';
