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
[ -f "$TMP"/usr/share/applications/flowsmith.desktop ] || { echo "FAIL: no desktop entry in /usr/share/applications"; exit 1; }
[ -x "$TMP"/usr/bin/flowsmith ] || { echo "FAIL: no /usr/bin/flowsmith"; exit 1; }
dpkg-deb -f "$DEB" Recommends | grep -q ocl-icd-libopencl1 || { echo "FAIL: Recommends lacks ocl-icd-libopencl1"; exit 1; }
dpkg-deb --ctrl-tarfile "$DEB" | tar -t | grep -qE 'postinst|prerm' && { echo "FAIL: maintainer scripts left (xdg-desktop-menu fails without a desktop)"; exit 1; }
# the class path must give our org.jocl.LibInitializer (libOpenCL.so.1) before JOCL's
CP="$(grep '^app.classpath=' "$TMP"/opt/flowsmith/lib/app/Flowsmith.cfg | cut -d= -f2- | tr ':' '\n' | grep 'gpu-kernels\|jocl' | head -1)"
echo "$CP" | grep -q gpu-kernels || { echo "FAIL: jocl comes before flowsmith-gpu-kernels on the packaged class path"; exit 1; }
OUTPUT="$("$TMP"/opt/flowsmith/bin/Flowsmith --version 2>&1)"
echo "$OUTPUT"
echo "$OUTPUT" | grep -q "^Flowsmith " || { echo "FAIL: launcher did not print its version"; exit 1; }
echo "OK: $(basename "$DEB") ($(du -h "$DEB" | cut -f1)) unpacks and its launcher runs"
