#!/usr/bin/env bash
# Builds the Flowsmith installer for the OS it runs on with jlink + jpackage (called by `./mvnw -Pinstaller package`,
# or directly after `./mvnw -DskipTests install`). JavaFX goes on the module path (its platform jars are modules),
# everything else on the class path. Linux: app-image + .deb; Windows: .msi (needs WiX); macOS: .dmg.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSION="${1:-0.1.0}"
VERSION="${VERSION%%-*}"                      # jpackage wants digits only: 0.1.0-SNAPSHOT -> 0.1.0
APP="$ROOT/app/target"
OUT="$ROOT/installer/target"
[ -f "$APP/flowsmith-app.jar" ] || { echo "build the app first: ./mvnw -DskipTests install" >&2; exit 1; }
rm -rf "$OUT/input" "$OUT/fxmods" "$OUT/dist"
mkdir -p "$OUT/input" "$OUT/fxmods" "$OUT/dist"
cp "$APP/flowsmith-app.jar" "$OUT/input/"
for j in "$APP"/lib/*.jar; do
  case "$(basename "$j")" in
    javafx-*-linux*.jar|javafx-*-win*.jar|javafx-*-mac*.jar) cp "$j" "$OUT/fxmods/" ;;
    javafx-*) ;;                                # the empty classifier-less javafx jars are not modules
    *) cp "$j" "$OUT/input/" ;;
  esac
done
MODULES="java.base,java.desktop,java.logging,java.management,java.naming,java.prefs,java.sql,java.xml,java.scripting"
MODULES="$MODULES,jdk.unsupported,jdk.incubator.vector,jdk.crypto.ec,javafx.base,javafx.graphics,javafx.controls"
ICON="$ROOT/assets/src/main/resources/dev/flowsmith/assets/flowsmith-256.png"
COMMON=(--name Flowsmith --app-version "$VERSION" --vendor "Flowsmith" --description "Restore and edit long videos"
        --copyright "GPL-3.0-or-later")
jpackage --type app-image --dest "$OUT/dist" "${COMMON[@]}" \
  --input "$OUT/input" --main-jar flowsmith-app.jar --main-class dev.flowsmith.app.Flowsmith \
  --module-path "$OUT/fxmods" --add-modules "$MODULES" \
  --java-options "--add-modules jdk.incubator.vector -Xmx4g" --arguments studio \
  --icon "$ICON" --jlink-options "--strip-debug --no-man-pages --no-header-files --compress=2"
case "$(uname -s)" in
  Linux)
    jpackage --type deb --dest "$OUT/dist" "${COMMON[@]}" --app-image "$OUT/dist/Flowsmith" \
      --linux-package-name flowsmith --linux-shortcut --linux-menu-group "AudioVideo;Video" \
      --linux-app-category video --linux-package-deps "libgtk-3-0, libgl1, libasound2" \
      --license-file "$ROOT/LICENSE" --icon "$ICON"
    "$ROOT/installer/finish-deb.sh" "$(ls "$OUT"/dist/flowsmith_*.deb | head -1)"
    ;;
  Darwin)
    jpackage --type dmg --dest "$OUT/dist" "${COMMON[@]}" --app-image "$OUT/dist/Flowsmith.app" ;;
  MINGW*|MSYS*|CYGWIN*)
    jpackage --type msi --dest "$OUT/dist" "${COMMON[@]}" --app-image "$OUT/dist/Flowsmith" --win-menu --win-shortcut ;;
esac
ls -la "$OUT/dist"
