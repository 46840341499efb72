import { startDevServices } from './services.js';

// `npm run services`: the embedded database and storage on their own, for running the API and the
// worker as separate processes that share them (give both the printed variables).
startDevServices({ dataDir: '.data/dev', corsOrigins: [process.env.PUBLIC_SITE_URL ?? 'http://localhost:3000'] }).then(
  (services) => {
    const { storage } = services;
    console.log(`MONGODB_URI=${services.mongoUri}archive
S3_ENDPOINT=${storage.endpoint}
S3_BUCKET=${storage.bucket}
S3_ACCESS_KEY_ID=${storage.accessKeyId}
S3_SECRET_ACCESS_KEY=${storage.secretAccessKey}
(Ctrl-C stops them)`);
    const stop = () => void services.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
