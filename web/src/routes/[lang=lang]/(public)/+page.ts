// Reading pages need no JavaScript: the home page ships none, which matters on a school network.
export const csr = false;
