# One image for every role: ROLES=api, ROLES=worker, or both (the embedded default).
# deps: every package (sqlite3 compiles from source here). build: compile the API (api/dist) and
# build the web app (web/dist). runtime-deps: the API's production dependencies only (the web app
# is bundled into web/dist; no tsx, no compiler), without type declarations, source maps and
# TypeScript sources. The runtime is Debian slim with the same Node binary: no npm, no headers.
FROM node:20.20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY api/package.json api/package.json
COPY web/package.json web/package.json
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build

# Install scripts are skipped: the one native addon the API needs, sqlite3, was compiled in deps
# for this very Node and platform, and its binary is carried over.
FROM deps AS runtime-deps
RUN cp node_modules/sqlite3/build/Release/node_sqlite3.node /tmp/ \
 && npm ci --omit=dev --workspace=@pixeltales/api --ignore-scripts --no-audit --no-fund \
 && mkdir -p node_modules/sqlite3/build/Release && mv /tmp/node_sqlite3.node node_modules/sqlite3/build/Release/ \
 && find node_modules api/node_modules -type f \( -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.map' \
      -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -iname '*.md' \) -delete

FROM debian:bookworm-slim
COPY --from=deps /usr/local/bin/node /usr/local/bin/node
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
COPY --from=runtime-deps /app/node_modules node_modules
COPY --from=runtime-deps /app/api/node_modules api/node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/api/package.json api/package.json
COPY --from=build /app/api/dist api/dist
COPY --from=build /app/web/dist web/dist
# The web app's persisted documents: the trusted set TRUSTED_DOCUMENTS_ONLY allows (TRUSTED_DOCUMENTS_PATH).
COPY --from=build /app/web/src/lib/graphql/generated/persisted-documents.json web/src/lib/graphql/generated/persisted-documents.json
COPY --from=build /app/web/src/lib/graphql/generated/stats/persisted-documents.json web/src/lib/graphql/generated/stats/persisted-documents.json
COPY --from=build /app/scripts/start.mjs /app/scripts/api.mjs scripts/
# The embedded SQLite default writes under data/ (mount a volume there); the app runs as node (uid 1000).
RUN mkdir -p data && chown node:node data
USER node
EXPOSE 4000
CMD ["node", "api/dist/main.js"]
