#!/bin/sh
# The production installation, in one place: the Dockerfile RUNs this script and
# tests/scripts/prod-install.test.ts runs it too, so the image and the test cannot drift apart.
#
#   scripts/prod-install.sh SOURCE TARGET
#
# SOURCE is a checkout whose own `npm ci` (with devDependencies) has run: its TypeScript compiler
# and esbuild build the bot into TARGET. TARGET then receives exactly what the bot reads at run
# time and its own `npm ci --omit=dev`, so nothing from SOURCE's node_modules can be used by it.
# NPM_CI_FLAGS adds flags to that npm ci (the test passes --prefer-offline to use the local cache).
set -eu

if [ "$#" -ne 2 ]; then
  echo "usage: $0 SOURCE TARGET" >&2
  exit 2
fi
SOURCE=$(cd "$1" && pwd)
mkdir -p "$2"
TARGET=$(cd "$2" && pwd)
if [ -n "$(ls -A "$TARGET")" ]; then
  echo "$TARGET is not empty: the installation starts from an empty folder" >&2
  exit 2
fi

# What the bot reads at run time besides its compiled code (projectRoot() finds package.json):
# the content files, the card templates, the tab's templates and styles. (The database migrations
# are TypeScript, bot/store/migrate.ts, so they are in the compiled code.)
cp "$SOURCE/package.json" "$SOURCE/package-lock.json" "$TARGET/"
mkdir -p "$TARGET/content" "$TARGET/cards" "$TARGET/tab"
cp "$SOURCE"/content/*.yaml "$TARGET/content/"
cp -R "$SOURCE/cards/templates" "$TARGET/cards/templates"
cp "$SOURCE"/tab/*.html "$SOURCE"/tab/*.css "$TARGET/tab/"

# Compiled with SOURCE's compiler and bundler straight into TARGET (the tab scripts in dist/tab).
"$SOURCE/node_modules/.bin/tsc" -p "$SOURCE/tsconfig.build.json" --outDir "$TARGET/dist"
(cd "$SOURCE" && TAB_OUT="$TARGET/dist/tab" node_modules/.bin/tsx -e 'require("./scripts/build-tab").buildTab(process.env.TAB_OUT)')

# Run-time dependencies only, exactly as the lockfile says; native modules (better-sqlite3) are
# built here, so this runs where python3, make and g++ are (the image's build stage).
cd "$TARGET"
# shellcheck disable=SC2086 # NPM_CI_FLAGS is a list of flags
npm ci --omit=dev --no-audit --no-fund ${NPM_CI_FLAGS:-}
