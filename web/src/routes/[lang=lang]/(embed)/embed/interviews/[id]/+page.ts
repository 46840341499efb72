// The embed hydrates so its transcript follows playback; everything is rendered on the server first.
export const csr = true;
