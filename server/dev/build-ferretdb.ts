import { ferretDbBinary } from './ferretdb-binary.js';

// Builds (or finds in the cache) the embedded FerretDB program and prints its path.
ferretDbBinary((line) => console.log(line)).then(
  (path) => console.log(`FerretDB program: ${path}`),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
