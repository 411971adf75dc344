# The standalone Nearcast server for a LAN box: `docker build -t nearcast-server .`, then
# `docker run -d --name nearcast -p 4780:4780 -v nearcast-data:/data nearcast-server`
# (README, "Run a server for your LAN"). Options are set through environment variables
# (`-e NEARCAST_ACCESS_CODE=…`; `--help` lists them) or as arguments after the image name.

# Build stage: the full toolchain, then the two bundles the server runs from.
FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# No install scripts: the server's build needs none, and Electron's would fetch its runtime.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build:web && npm run build:server

# Runtime stage: Node and the two bundles, nothing else (no npm packages: they are inlined).
FROM node:20-alpine
ENV NODE_ENV=production \
    NEARCAST_HOST=0.0.0.0 \
    NEARCAST_PORT=4780 \
    NEARCAST_DATA_DIR=/data
WORKDIR /app
COPY --from=build /src/out/server ./server
COPY --from=build /src/out/renderer ./renderer
COPY deploy/healthcheck.mjs ./healthcheck.mjs
# The self-signed certificate (NEARCAST_TLS=true) is kept here, across restarts.
RUN mkdir /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 4780
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["node", "healthcheck.mjs"]
ENTRYPOINT ["node", "server/cli.js"]
