# Multi-stage build: one image for both the API (default) and the worker (`node apps/api/dist/worker.js`).
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN npm install -g pnpm@10.34.9
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY packages/contracts/package.json packages/contracts/
COPY packages/engine/package.json packages/engine/
COPY packages/testkit/package.json packages/testkit/
COPY migrations/package.json migrations/
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm exec turbo run build \
 && pnpm deploy --filter @agenthub/api --prod --no-optional --legacy /out/api \
 && cp -r apps/web/dist /out/web

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000 WEB_DIST_DIR=/app/web
WORKDIR /app
COPY --from=build /out/api /app/api
COPY --from=build /out/web /app/web
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "api/dist/main.js"]
