# syntax=docker/dockerfile:1
# One image for every service (api, requester, downloader, satws-sim) and the migration runner;
# docker-compose.yml picks the process with `command`. Build: docker build -t invoice-extractor .

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
ENV CI=true \
    TURBO_TELEMETRY_DISABLED=1 \
    PNPM_STORE=/pnpm/store
WORKDIR /app
# The pnpm pinned in package.json's packageManager (corepack cannot verify packages from every
# registry; npm installs it anywhere).
COPY package.json ./
RUN npm install --global "pnpm@$(node -p "require('./package.json').packageManager.replace(/^pnpm@/, '').split('+')[0]")"

FROM base AS build
# Only the lockfile first: the dependency download stays cached until the lockfile changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm fetch --store-dir "$PNPM_STORE"
COPY . .
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --offline --frozen-lockfile --store-dir "$PNPM_STORE" \
 && pnpm build
# Production dependencies only, then the files the processes run: package manifests, dist/,
# node_modules (pnpm's relative symlinks survive because the layout is kept) and sql/.
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    rm -rf node_modules packages/*/node_modules services/*/node_modules test/node_modules \
 && pnpm install --offline --frozen-lockfile --prod --store-dir "$PNPM_STORE" \
 && mkdir /out \
 && cp -a package.json node_modules sql /out/ \
 && for dir in packages/shared services/api services/requester services/downloader services/satws-sim; do \
      mkdir -p "/out/$dir" && cp -a "$dir/package.json" "$dir/dist" "/out/$dir/" \
      && if [ -d "$dir/node_modules" ]; then cp -a "$dir/node_modules" "/out/$dir/"; fi; \
    done

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /out/ ./
USER node
# Overridden per service in docker-compose.yml.
CMD ["node", "services/api/dist/main.js"]
