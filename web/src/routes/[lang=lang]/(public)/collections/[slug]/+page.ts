// Clips hydrate so each plays only its range (media fragments already do it without JavaScript).
export const csr = true;
