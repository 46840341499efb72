'use strict';
// Runs s3rver in a process of its own. It must be started with
// --openssl-legacy-provider: s3rver encrypts ListObjectsV2 continuation tokens
// with DES, which OpenSSL 3 refuses otherwise (HTTP 500 on paginated listings).
const S3rver = require('s3rver');

const [directory, bucket, corsOrigins, portArg] = process.argv.slice(2);
if (!directory || !bucket) {
  console.error('usage: s3rver-process.cjs <directory> <bucket> [comma-separated CORS origins] [port]');
  process.exit(2);
}

const origins = (corsOrigins || '*').split(',').filter(Boolean);
const cors = `<CORSConfiguration>${origins
  .map(
    (origin) => `<CORSRule>
  <AllowedOrigin>${origin}</AllowedOrigin>
  <AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedMethod>PUT</AllowedMethod>
  <AllowedHeader>*</AllowedHeader>
  <ExposeHeader>ETag</ExposeHeader>
  <MaxAgeSeconds>3000</MaxAgeSeconds>
</CORSRule>`,
  )
  .join('')}</CORSConfiguration>`;

const server = new S3rver({
  address: '127.0.0.1',
  // 0: any free port; a fixed one when a fault drill restarts storage where its clients look.
  port: Number(portArg || 0),
  silent: true,
  directory,
  configureBuckets: [{ name: bucket, configs: [Buffer.from(cors)] }],
});

server.run().then(
  ({ port }) => process.stdout.write(`S3RVER_READY ${port}\n`),
  (err) => {
    console.error(`s3rver failed to start: ${err.message}`);
    process.exit(1);
  },
);

const stop = () => server.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Stop when the parent goes away, so a killed test run leaves no server behind.
process.on('disconnect', stop);
