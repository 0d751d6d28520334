# One image for the three apps (and the one-shot migration); docker-compose.yml picks the command.
#   docker build -t nest-decoupled-auth-kit .
#   docker run --rm -e DATABASE_URL=... nest-decoupled-auth-kit node dist/apps/api/src/main.js

# ── build: every dependency, the Prisma client, the compiled apps ─────────────────────────────────
FROM node:24-slim AS build
WORKDIR /app
ENV CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run prisma:generate \
 && npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# ── runtime: production dependencies and the build output only, as the unprivileged `node` user ──
FROM node:24-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 DATA_DIR=/app/.data
# the apps' node flags and environment, as `npm start` passes them (scripts/lib/app-runtime.js)
ENV NODE_OPTIONS=--max-semi-space-size=4 MALLOC_ARENA_MAX=2
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# db:migrate (node scripts/db-migrate.js) and the migrations it applies
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/prisma ./prisma
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000 3001 3002
# Health checks live in docker-compose.yml: each app answers GET /health/ready on its own port.
CMD ["node", "dist/apps/api/src/main.js"]
