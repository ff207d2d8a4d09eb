# syntax=docker/dockerfile:1
# Escalatiewijzer as a container: `docker build -t escalatiewijzer .` (docs/deploy.md).
# Both stages start from the same image, so the native module built in the first (better-sqlite3)
# matches the Node.js of the second. The installation itself is scripts/prod-install.sh, which
# tests/scripts/prod-install.test.ts runs too: what the image holds is what the test started.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
# The compilers for better-sqlite3's native build; they stay in this stage.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Compiles into /app and runs `npm ci --omit=dev` there: no devDependency reaches the image.
RUN scripts/prod-install.sh /src /app

FROM ${NODE_IMAGE}
# Debian's Chromium prints the HR rapportage as PDF (bot/hr/report/); without it only the DOCX works.
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-liberation \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    CHROME_PATH=/usr/bin/chromium \
    PORT=3978 \
    DATA_DIR=/var/lib/escalatiewijzer
WORKDIR /app
# Owned by root and not writable by the user the bot runs as; only DATA_DIR is.
COPY --from=build /app /app
RUN mkdir -p /var/lib/escalatiewijzer && chown 1000:1000 /var/lib/escalatiewijzer
# uid 1000 is the image's `node` user; numeric, so a platform can verify it is not root.
USER 1000:1000
EXPOSE 3978
# Slim images have no curl: Node itself asks the bot's liveness endpoint.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--disable-warning=DEP0111", "dist/bot/main.js"]
