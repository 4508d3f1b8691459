# One image for every role: ROLES=api, ROLES=worker, or both (the embedded default).
FROM node:20.20-bookworm-slim
WORKDIR /app
# sqlite3 compiles from source during npm ci (see STACK notes).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY api/package.json api/package.json
COPY web/package.json web/package.json
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
EXPOSE 4000
CMD ["node", "node_modules/tsx/dist/cli.mjs", "api/src/main.ts"]
