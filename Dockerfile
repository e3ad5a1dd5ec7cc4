# Treaty image: the compiled server on Node 26 LTS, production dependencies only, run as the unprivileged `node` user.
# 26, not 24: on Node 24 V8 spent ~450 MB compiling one of PGlite's wasm functions for a few seconds after start (peak
# RSS 716 MB); Node 26 peaks at 285 MB on the same load (README, Memory). CI runs the unit and HTTP tiers on both.

# Build stage: every dependency (TypeScript), then `npm run build` compiles to dist/.
FROM node:26-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# The whole context (see .dockerignore), so the build finds whatever tsconfig and sources it needs.
COPY . .
RUN npm run build

# Runtime stage: no compiler, no dev dependencies, no sources; files owned by root, only /data writable.
FROM node:26-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY migrations ./migrations
RUN mkdir -p /data && chown node:node /data
USER node
ENV HOST=0.0.0.0 PORT=9292 TREATY_DATA_DIR=/data
VOLUME /data
EXPOSE 9292
# No shell needed. A 401 also means the server answers (access control on, TREATY_PUBLIC_HEARTBEAT unset).
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 9292) + '/diagnostic/status/heartbeat').then((r) => process.exit(r.ok || r.status === 401 ? 0 : 1), () => process.exit(1))"]
# Exec form: node is the main process (via the base image's exec-ing entrypoint) and receives SIGTERM to drain.
# The node flags are npm start's (package.json; a unit test keeps them equal): one V8 worker thread (fewer malloc
# arenas), 8 MB semi-spaces and old space grown by 50% of what a full GC kept: RSS under load (README, Performance).
CMD ["node", "--v8-pool-size=1", "--max-semi-space-size=8", "--heap-growing-percent=50", "dist/server.js"]
