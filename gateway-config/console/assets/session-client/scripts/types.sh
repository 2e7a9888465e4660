#!/bin/sh
# Type-checks the JSDoc of src/*.js and generates types/*.d.ts from it with the TypeScript compiler (tsconfig.json),
# so that TypeScript apps get the API without the package needing a build. The declarations are committed; run this
# after changing the JSDoc of src/, and commit what it writes. With --check it only fails when types/ is not up to
# date.
#
#   sh scripts/types.sh [--check]
#
# TypeScript comes from TSC (a tsc command), else ./node_modules/.bin/tsc, else `npx --yes -p typescript@5 tsc`.
set -eu
cd "$(dirname "$0")/.."

if [ -n "${TSC:-}" ]; then
  tsc="$TSC"
elif [ -x node_modules/.bin/tsc ]; then
  tsc=node_modules/.bin/tsc
else
  tsc="npx --yes -p typescript@5 tsc"
fi

out=types
if [ "${1:-}" = "--check" ]; then
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' EXIT
fi

rm -rf "${out:?}"/*.d.ts
$tsc -p tsconfig.json --outDir "$out"

if [ "$out" != types ]; then
  if ! diff -r types "$out" >/dev/null; then
    diff -r types "$out" || true
    echo "types/ is out of date: run sh scripts/types.sh and commit it" >&2
    exit 1
  fi
  echo "types/ is up to date"
fi
