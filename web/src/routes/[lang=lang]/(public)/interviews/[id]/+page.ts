// The interview page hydrates: the transcript follows playback and seeks on click (a few KB of JS).
// Everything it shows is rendered on the server first, and time codes are plain ?t= links.
export const csr = true;
