# One image for every role: ROLES=api, ROLES=worker, or both (the embedded default).
# Build stage: install everything, compile the API (api/dist) and build the web app (web/dist),
# then drop the dev dependencies. The runtime stage runs plain JavaScript: no tsx, no compiler.
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
# sqlite3 compiles from source during npm ci (see STACK notes).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY api/package.json api/package.json
COPY web/package.json web/package.json
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20.20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/api/package.json api/package.json
COPY --from=build /app/api/dist api/dist
COPY --from=build /app/web/package.json web/package.json
COPY --from=build /app/web/dist web/dist
# The web app's persisted documents: the trusted set TRUSTED_DOCUMENTS_ONLY allows (TRUSTED_DOCUMENTS_PATH).
COPY --from=build /app/web/src/lib/graphql/generated/persisted-documents.json web/src/lib/graphql/generated/persisted-documents.json
COPY --from=build /app/web/src/lib/graphql/generated/stats/persisted-documents.json web/src/lib/graphql/generated/stats/persisted-documents.json
COPY --from=build /app/scripts scripts
# The embedded SQLite default writes under data/; the app runs as the unprivileged node user.
RUN mkdir -p data && chown node:node data
USER node
EXPOSE 4000
CMD ["node", "api/dist/main.js"]
