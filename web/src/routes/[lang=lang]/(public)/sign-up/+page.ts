// A plain form post: it works before (and without) JavaScript, so no client code is shipped.
export const csr = false;
