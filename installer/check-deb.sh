#!/usr/bin/env bash
# Checks the built .deb without installing it: unpacks it with dpkg -x, checks the desktop entry and icon,
# and starts the packaged launcher with --version (no display needed).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEB="$(ls "$ROOT"/installer/target/dist/flowsmith_*.deb | head -1)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
dpkg -x "$DEB" "$TMP"
dpkg-deb -f "$DEB" Depends | grep -q libgtk-3-0 || { echo "FAIL: Depends lacks libgtk-3-0"; exit 1; }
ls "$TMP"/opt/flowsmith/lib/*.desktop >/dev/null 2>&1 || { echo "FAIL: no desktop entry"; exit 1; }
OUTPUT="$("$TMP"/opt/flowsmith/bin/Flowsmith --version 2>&1)"
echo "$OUTPUT"
echo "$OUTPUT" | grep -q "^Flowsmith " || { echo "FAIL: launcher did not print its version"; exit 1; }
echo "OK: $(basename "$DEB") ($(du -h "$DEB" | cut -f1)) unpacks and its launcher runs"
