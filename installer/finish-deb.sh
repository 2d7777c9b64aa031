#!/usr/bin/env bash
# Turns jpackage's .deb into one that installs and removes cleanly on any Debian, with or without a desktop:
# - jpackage's postinst/prerm call xdg-desktop-menu, which fails where no menu folder exists (a server, a minimal
#   system), leaving dpkg half-configured; instead the desktop entry and icon become ordinary package files under
#   /usr/share (dpkg tracks and removes them; desktops pick them up through their own triggers);
# - /usr/bin/flowsmith puts the command on the PATH, sets what ./flowsmith sets (MALLOC_ARENA_MAX) and drops the
#   JVM's incubator-module warning;
# - Recommends: ocl-icd-libopencl1, the OpenCL loader that GPU drivers plug into.
# Usage: installer/finish-deb.sh path/to/flowsmith_VERSION_amd64.deb   (rewrites it in place)
set -euo pipefail
DEB="$1"
W="$(mktemp -d)"
trap 'rm -rf "$W"' EXIT
dpkg-deb -R "$DEB" "$W/pkg"
P="$W/pkg"
DESKTOP="$(ls "$P"/opt/flowsmith/lib/*.desktop | head -1)"
install -d "$P/usr/bin" "$P/usr/share/applications" "$P/usr/share/icons/hicolor/256x256/apps"
sed -e 's#^Exec=.*#Exec=/usr/bin/flowsmith studio %F#' -e 's#^Icon=.*#Icon=flowsmith#' "$DESKTOP" \
  > "$P/usr/share/applications/flowsmith.desktop"
grep -q '^MimeType=' "$P/usr/share/applications/flowsmith.desktop" \
  || echo 'MimeType=video/mp4;video/x-matroska;video/quicktime;video/webm;video/x-msvideo;' >> "$P/usr/share/applications/flowsmith.desktop"
cp "$P/opt/flowsmith/lib/Flowsmith.png" "$P/usr/share/icons/hicolor/256x256/apps/flowsmith.png"
cat > "$P/usr/bin/flowsmith" <<'SH'
#!/bin/bash
# Flowsmith: `flowsmith --help` for the command line, `flowsmith studio` (or no arguments) for the studio.
# two malloc arenas: FFmpeg, x264 and OpenCV threads otherwise grow glibc arenas over a long job
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# The JVM starts every run with "WARNING: Using incubator modules: jdk.incubator.vector" (the Vector API is used on
# purpose): stderr goes through a filter that drops that first line and passes the rest through unchanged. Java runs
# as a job of its own (set -m, so its Ctrl-C/SIGTERM handlers are installed); INT, TERM and HUP are passed on to it,
# and the script waits for the filter too, so no line of stderr arrives after the script has ended.
drop_incubator_warning() {
  trap '' INT TERM HUP
  local line
  if IFS= read -r line; then
    [[ "$line" == "WARNING: Using incubator modules"* ]] || printf '%s\n' "$line"
  else
    printf '%s' "$line"; exit 0
  fi
  exec cat
}
run_filtered() {
  local err filter pid rc i
  exec {err}> >(drop_incubator_warning >&2)
  filter=$!
  set -m
  "$@" 2>&"$err" &
  pid=$!
  exec {err}>&-
  trap 'kill -INT '"$pid"' 2>/dev/null' INT
  trap 'kill -TERM '"$pid"' 2>/dev/null' TERM HUP
  while :; do
    wait "$pid"; rc=$?
    kill -0 "$pid" 2>/dev/null || break
  done
  # bash cannot wait for a process substitution: give the filter up to 2 s to pass on the last lines
  for ((i = 0; i < 100; i++)); do kill -0 "$filter" 2>/dev/null || break; sleep 0.02; done
  return "$rc"
}
set +e
run_filtered /opt/flowsmith/bin/Flowsmith "$@"
exit $?
SH
chmod 755 "$P/usr/bin/flowsmith"
# no maintainer scripts are needed any more: everything is a file dpkg knows
rm -f "$P/DEBIAN/postinst" "$P/DEBIAN/prerm" "$P/DEBIAN/postrm" "$P/DEBIAN/preinst"
C="$P/DEBIAN/control"
if grep -q '^Recommends:' "$C"; then
  sed -i 's/^Recommends: \(.*\)/Recommends: \1, ocl-icd-libopencl1/' "$C"
else
  sed -i '/^Depends:/a Recommends: ocl-icd-libopencl1' "$C"
fi
SIZE="$(du -sk --exclude=DEBIAN "$P" | cut -f1)"
sed -i "s/^Installed-Size:.*/Installed-Size: $SIZE/" "$C"
# md5sums must list the new files too
( cd "$P" && find . -path ./DEBIAN -prune -o -type f -print | sed 's#^\./##' | sort | xargs -d '\n' md5sum ) > "$P/DEBIAN/md5sums"
dpkg-deb --root-owner-group -b "$P" "$DEB.new" >/dev/null
mv "$DEB.new" "$DEB"
echo "finished $(basename "$DEB"): /usr/bin/flowsmith, desktop entry and icon under /usr/share, no maintainer scripts"
