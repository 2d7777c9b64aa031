#!/usr/bin/env bash
# Tries Flowsmith the way a new user's machine would: a minimal Debian 12 (debootstrap minbase) with only a JDK 17.
#
#   1. CI:       clones the committed repository into a fresh chroot and runs .ci/run there with CI=true
#                (so every package the tests need must be installed by .ci/run itself);
#   2. headless: in a clean copy of the base (no packages from step 1), builds with ./flowsmith and runs
#                `flowsmith restore` on a real clip: a server or farm worker has no desktop libraries;
#   3. package:  builds the .deb (in step 1's chroot), installs it with `apt-get install ./flowsmith_*.deb` in another
#                clean copy, runs `flowsmith --version`, `flowsmith restore` and the studio under Xvfb from the installed
#                package, then removes it again with `apt-get remove`.
#
# Usage (root, needs debootstrap): installer/fresh-machine-check.sh [--steps ci,headless,package] [--keep]
# The base system is cached (FLOWSMITH_FRESH_CACHE, default /var/cache/flowsmith-fresh); each step runs in an
# overlayfs copy of it, so a rerun takes minutes. The Debian mirror is the one in this machine's own apt sources.
# Exit status 0 only when every step passed; a summary table is printed at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${FLOWSMITH_FRESH_CACHE:-/var/cache/flowsmith-fresh}"
STEPS="ci,headless,package"
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --steps) STEPS="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fresh-machine-check: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "fresh-machine-check: run as root (it builds a chroot)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "fresh-machine-check: install debootstrap first (apt-get install debootstrap)" >&2; exit 2; }
SHARED="$ROOT/../shared"
[ -d "$SHARED/data" ] || { echo "fresh-machine-check: $SHARED/data is missing (the tests read real media there)" >&2; exit 2; }

# The mirror from this machine's apt sources (deb822 .sources files or the classic sources.list).
mirror() {
  local m=""
  if ls /etc/apt/sources.list.d/*.sources >/dev/null 2>&1; then
    m="$(awk '/^URIs:/{u=$2} /^Suites:/{ if ($0 ~ /bookworm( |$)/ && u !~ /security/) {print u; exit} }' /etc/apt/sources.list.d/*.sources)"
  fi
  if [ -z "$m" ] && [ -f /etc/apt/sources.list ]; then
    m="$(awk '$1=="deb" && $3=="bookworm" {print $2; exit}' /etc/apt/sources.list)"
  fi
  [ -n "$m" ] || { echo "fresh-machine-check: no bookworm mirror in /etc/apt/sources*" >&2; exit 2; }
  echo "$m"
}
MIRROR="$(mirror)"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD)"   # what is tested: the clones are of this commit
BASE="$CACHE/base"
LOGS="$CACHE/logs"
mkdir -p "$CACHE" "$LOGS"

if [ ! -f "$BASE/.flowsmith-base-ok" ]; then
  echo "== building the base: Debian bookworm minbase + openjdk-17-jdk-headless (once)"
  rm -rf "$BASE"
  debootstrap --variant=minbase bookworm "$BASE" "$MIRROR" > "$LOGS/debootstrap.log" 2>&1 \
    || { echo "debootstrap failed, see $LOGS/debootstrap.log" >&2; tail -20 "$LOGS/debootstrap.log" >&2; exit 1; }
  cp /etc/resolv.conf "$BASE/etc/resolv.conf"
  mount -t proc proc "$BASE/proc"                # the JDK's postinst runs java, which needs /proc
  chroot "$BASE" /bin/bash -c 'export DEBIAN_FRONTEND=noninteractive; apt-get update -qq &&
      apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless' > "$LOGS/base-jdk.log" 2>&1 \
    || { umount "$BASE/proc"; echo "JDK install failed, see $LOGS/base-jdk.log" >&2; exit 1; }
  umount "$BASE/proc"
  chroot "$BASE" apt-get clean
  touch "$BASE/.flowsmith-base-ok"
fi
# The machine's own local certificate authorities (an egress proxy's, a company's) belong to the machine like its
# apt mirror: without them no HTTPS download (Maven Central) verifies inside the chroot.
if [ ! -f "$BASE/.flowsmith-certs-ok" ] || [ -n "$(find /usr/local/share/ca-certificates -newer "$BASE/.flowsmith-certs-ok" -name '*.crt' 2>/dev/null)" ]; then
  mkdir -p "$BASE/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$BASE/usr/local/share/ca-certificates/" 2>/dev/null || true
  mount -t proc proc "$BASE/proc"
  chroot "$BASE" update-ca-certificates > "$LOGS/base-certs.log" 2>&1 || true
  umount "$BASE/proc"
  touch "$BASE/.flowsmith-certs-ok"
fi

MOUNTS=()
cleanup() {
  local i
  for ((i=${#MOUNTS[@]}-1; i>=0; i--)); do umount -l "${MOUNTS[$i]}" 2>/dev/null || true; done
  MOUNTS=()
}
trap cleanup EXIT

# new_root NAME: sets R to an overlay copy of the base at $CACHE/NAME/root with /proc, /sys, /dev and shared/ (read-only).
new_root() {
  local dir="$CACHE/$1"
  cleanup_root "$1"
  mkdir -p "$dir/upper" "$dir/work" "$dir/root"
  mount -t overlay overlay -o "lowerdir=$BASE,upperdir=$dir/upper,workdir=$dir/work" "$dir/root"; MOUNTS+=("$dir/root")
  local r="$dir/root"
  mount -t proc proc "$r/proc"; MOUNTS+=("$r/proc")
  mount --rbind /sys "$r/sys"; mount --make-rslave "$r/sys"; MOUNTS+=("$r/sys")
  mount --rbind /dev "$r/dev"; mount --make-rslave "$r/dev"; MOUNTS+=("$r/dev")
  cp /etc/resolv.conf "$r/etc/resolv.conf"
  mkdir -p "$r/work/shared"
  mount --bind "$SHARED" "$r/work/shared"; mount -o remount,bind,ro "$r/work/shared"; MOUNTS+=("$r/work/shared")
  R="$r"
}
cleanup_root() {
  local dir="$CACHE/$1"
  if [ -d "$dir" ]; then
    for m in $(awk -v d="$dir/" 'index($2, d)==1 {print $2}' /proc/mounts | sort -r); do umount -l "$m" 2>/dev/null || true; done
    rm -rf "$dir"
  fi
}
in_root() { local r="$1"; shift; chroot "$r" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 CI=true /bin/bash -c "$*"; }

# a clone of what is committed (HEAD), as CI would have it
clone_into() { git clone -q --no-hardlinks "$ROOT" "$1/work/main"; }

declare -A RESULT
CLIP="/work/shared/data/videos/mdn/live-examples/media/cc0-videos/flower.mp4"

step_ci() {
  new_root ci; local r="$R"
  clone_into "$r"
  echo "== step ci: .ci/run in a fresh chroot (log: $LOGS/ci.log)"
  local t0=$SECONDS
  if in_root "$r" "cd /work/main && bash .ci/run" > "$LOGS/ci.log" 2>&1; then RESULT[ci]="PASS ($((SECONDS-t0)) s)"; else RESULT[ci]="FAIL (see $LOGS/ci.log)"; fi
  grep -E "Tests run:.*Fail|BUILD|ERROR\]" "$LOGS/ci.log" | tail -15 || true
}

step_headless() {
  new_root headless; local r="$R"
  clone_into "$r"
  # the Maven downloads of step ci are a user's cache, not a system package: reuse them when present
  if [ -d "$CACHE/ci/upper/root/.m2" ]; then cp -a "$CACHE/ci/upper/root/.m2" "$r/root/"; fi
  echo "== step headless: ./flowsmith restore without any desktop library (log: $LOGS/headless.log)"
  if in_root "$r" "cd /work/main && ./flowsmith --version && ./flowsmith probe $CLIP &&
       ./flowsmith restore --task denoise $CLIP /tmp/restored.mkv -y 2>&1 | tail -5 && ./flowsmith probe /tmp/restored.mkv" \
       > "$LOGS/headless.log" 2>&1; then RESULT[headless]="PASS"; else RESULT[headless]="FAIL (see $LOGS/headless.log)"; fi
  tail -12 "$LOGS/headless.log"
}

step_package() {
  local b="$CACHE/ci/root"
  if [ ! -d "$b/work/main" ] || ! mountpoint -q "$b"; then new_root ci; b="$R"; clone_into "$b"; fi
  echo "== step package: building the .deb (log: $LOGS/package-build.log)"
  if ! in_root "$b" "export DEBIAN_FRONTEND=noninteractive; apt-get install -y -qq fakeroot binutils >/dev/null &&
        cd /work/main && ./mvnw -q -B -Pinstaller -DskipTests package" > "$LOGS/package-build.log" 2>&1; then
    RESULT[package]="FAIL: the .deb did not build (see $LOGS/package-build.log)"; tail -20 "$LOGS/package-build.log"; return
  fi
  local deb; deb="$(ls "$b"/work/main/installer/target/dist/flowsmith_*.deb | head -1)"
  new_root package; local r="$R"
  cp "$deb" "$r/tmp/"
  echo "== step package: apt-get install ./$(basename "$deb") on a clean minimal Debian (log: $LOGS/package.log)"
  if in_root "$r" "set -e; export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; cd /tmp
        apt-get install -y -qq ./$(basename "$deb") > /tmp/apt.log 2>&1 || { tail -20 /tmp/apt.log; exit 1; }
        echo '-- installed; dpkg says:'; dpkg -s flowsmith | grep -E '^(Status|Version|Depends|Recommends):'
        echo '-- flowsmith --version:'; flowsmith --version
        echo '-- flowsmith restore:'; flowsmith restore --task denoise $CLIP /tmp/restored.mkv -y 2>&1 | tail -3
        flowsmith probe /tmp/restored.mkv
        echo '-- studio under Xvfb:'; apt-get install -y -qq xvfb x11-apps >/dev/null 2>&1
        Xvfb :77 -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 & XPID=\$!; sleep 2
        DISPLAY=:77 flowsmith studio > /tmp/studio.log 2>&1 & SPID=\$!; sleep 25
        if ! kill -0 \$SPID 2>/dev/null; then echo 'studio exited:'; cat /tmp/studio.log; exit 1; fi
        DISPLAY=:77 xwd -root -silent > /tmp/studio.xwd; echo \"studio running after 25 s; screenshot \$(stat -c %s /tmp/studio.xwd) bytes\"
        kill \$SPID; wait \$SPID 2>/dev/null || true; kill \$XPID || true
        echo '-- apt-get remove:'; apt-get remove -y -qq flowsmith > /tmp/remove.log 2>&1 || { cat /tmp/remove.log; exit 1; }
        hash -r; [ ! -e /usr/bin/flowsmith ] && [ ! -e /opt/flowsmith ] && [ ! -e /usr/share/applications/flowsmith.desktop ] \\
          && echo 'removed: no /usr/bin/flowsmith, /opt/flowsmith or desktop entry left'" > "$LOGS/package.log" 2>&1
  then RESULT[package]="PASS"; else RESULT[package]="FAIL (see $LOGS/package.log)"; fi
  cat "$LOGS/package.log" | tail -30
  if [ -f "$r/tmp/studio.xwd" ] && command -v convert >/dev/null; then
    convert "xwd:$r/tmp/studio.xwd" "$LOGS/studio-from-deb.png" 2>/dev/null && echo "screenshot: $LOGS/studio-from-deb.png"
  fi
}

IFS=',' read -ra WANT <<< "$STEPS"
for s in "${WANT[@]}"; do
  case "$s" in
    ci) step_ci ;; headless) step_headless ;; package) step_package ;;
    *) echo "fresh-machine-check: unknown step $s (ci, headless, package)" >&2; exit 2 ;;
  esac
done
cleanup
if [ "$KEEP" = 0 ]; then for s in ci headless package; do cleanup_root "$s"; done; fi
echo
echo "== fresh-machine check ($COMMIT, Debian bookworm minbase + openjdk-17-jdk-headless)"
FAILED=0
for s in "${WANT[@]}"; do
  printf '  %-9s %s\n' "$s" "${RESULT[$s]:-not run}"
  case "${RESULT[$s]:-}" in PASS*) ;; *) FAILED=1 ;; esac
done
exit $FAILED
