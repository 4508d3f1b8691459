# Stand-in for node:20.20-bookworm-slim where no registry is reachable (scripts/docker/standins.sh
# stages this machine's node, npm and headers beside this file). As the official image: Node in
# /usr/local, a node user (uid/gid 1000). The npmrc points npm at the CA bundle (outgoing HTTPS
# passes a proxy this machine trusts) and node-gyp at the local headers (no header download).
FROM debian:bookworm-slim
ARG NODE_VERSION
ENV NODE_VERSION=$NODE_VERSION
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY include /usr/local/include/node
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && printf 'cafile=/etc/ssl/certs/ca-certificates.crt\nnodedir=/usr/local\nupdate-notifier=false\n' > /usr/local/etc/npmrc \
 && groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
 && node --version && npm --version
LABEL pixeltales.standin="debian:bookworm-slim + this machine's Node"
CMD ["node"]
