# One image for the archive's API, worker and site (see minio.compose.yml).
# The scripts run TypeScript through tsx, a devDependency, so the whole lockfile is installed.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The site's server (`npm run web` starts web/build): SvelteKit's generated types, then the build.
RUN npm run web:sync && npm run web:build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 4000 3000
CMD ["npm", "run", "start:api"]

# The worker also needs ffmpeg/ffprobe for probing and access copies.
FROM runtime AS worker
USER root
RUN apt-get update \
  && apt-get install -y --no-install-recommends ffmpeg \
  && rm -rf /var/lib/apt/lists/*
USER node
CMD ["npm", "run", "start:worker"]
