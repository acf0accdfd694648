#!/usr/bin/env bash
# Builds FerretDB v1.24.2 (MongoDB wire protocol on SQLite) into the govdesk cache, once.
# Prints the binary's path on the last line of stdout.
#
# Why not `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`: that command first
# asks the module proxy for the module's version list (to check deprecation), which the proxy
# reachable here refuses (403), and the module zip lacks build/version/version.txt, so the
# binary it would build panics at start. We download that exact version, add the version
# file and build from the module's own go.mod/go.sum, which is the same code.
#
# One line is changed (build "idx1"): v1.24.2's SQLite backend filters every `_id` lookup on
# `_ferretdb_sjson->'$._id'` (internal/backends/sqlite/metadata/metadata.go, IDColumn) while it
# builds the collection's unique `_id` index on `_ferretdb_sjson->"_id"` (metadata/registry.go).
# SQLite uses an expression index only for the same expression, so every find, update and delete
# by `_id` scanned its whole collection (58 ms per findOne at 20,000 documents, 2.6 ms with the
# change; same results, same duplicate-key errors). The change makes IDColumn the index's
# expression; nothing on the wire changes, and data folders of the unchanged build are read as
# they are.
set -euo pipefail

version="v1.24.2"
build_tag="idx1"
cache_dir="${GOVDESK_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/govdesk}"
bin_dir="$cache_dir/ferretdb-$version-$build_tag"
bin="$bin_dir/ferretdb"

if [ -x "$bin" ] && "$bin" --version >/dev/null 2>&1; then
  echo "$bin"
  exit 0
fi

command -v go >/dev/null 2>&1 || { echo "install-ferretdb: Go is needed to build FerretDB (apt-get install golang, or https://go.dev/dl)" >&2; exit 1; }

mkdir -p "$bin_dir"
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

echo "install-ferretdb: downloading FerretDB $version with the Go module proxy" >&2
src=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$version" \
  | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
[ -n "$src" ] && [ -d "$src" ] || { echo "install-ferretdb: go mod download gave no source folder" >&2; exit 1; }

cp -R "$src" "$work/src"
chmod -R u+w "$work/src"
echo "$version" > "$work/src/build/version/version.txt"

# The _id lookups use the _id index (see the top of this file).
metadata="$work/src/internal/backends/sqlite/metadata/metadata.go"
sed -i "s|IDColumn = DefaultColumn + \"->'\\\$._id'\"|IDColumn = DefaultColumn + \"->\\\\\"_id\\\\\"\"|" "$metadata"
grep -q 'IDColumn = DefaultColumn + "->\\"_id\\""' "$metadata" \
  || { echo "install-ferretdb: could not point _id lookups at the _id index in $metadata" >&2; exit 1; }

build() { (cd "$work/src" && go build -trimpath -o "$bin.tmp" ./cmd/ferretdb); }
echo "install-ferretdb: building (about a minute on 2 cores)" >&2
if ! build >&2; then
  echo "install-ferretdb: retrying with the Go release FerretDB was made with (go1.24.3)" >&2
  GOTOOLCHAIN=go1.24.3 build >&2
fi
mv "$bin.tmp" "$bin"
"$bin" --version >&2
echo "$bin"
