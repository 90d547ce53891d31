#!/usr/bin/env bash
# Screenshots of the wizard in a real xterm with xterm's default colours: black on white,
# and white on black (`xterm -rv`), 80x24. Writes docs/screenshots/{overview,confirm}-{light,dark}.png
# (the README shows them). Not part of CI: run it by hand after a change to how screens look.
#
#   screens/shoot.sh                 # builds the debug binary first
#   SMARTCONNECT_BINARY=path screens/shoot.sh
#
# Installs what it needs from Debian where missing (Xvfb, xterm, xwd, ImageMagick, fonts for
# the demo fleet's accented, CJK and emoji names), starts Xvfb on a free display, runs the
# demo in xterm through screens/shoot-drive.py (which types the keys) and takes each picture
# with xwd, converted to PNG by ImageMagick.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
command -v xterm >/dev/null 2>&1 || need+=(xterm)
command -v xwd >/dev/null 2>&1 || need+=(x11-apps)
command -v xdpyinfo >/dev/null 2>&1 || need+=(x11-utils)
[ -x /usr/bin/convert ] || need+=(imagemagick)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || need+=(fonts-wqy-microhei)
dpkg -s fonts-symbola >/dev/null 2>&1 || need+=(fonts-symbola)
if ((${#need[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${need[@]}"
fi

binary=${SMARTCONNECT_BINARY:-}
if [ -z "$binary" ]; then
  swift build --product smartconnect
  binary=$(swift build --show-bin-path)/smartconnect
fi
out=docs/screenshots
mkdir -p "$out"
work=$(mktemp -d)

display=99
while [ -e "/tmp/.X$display-lock" ] || [ -e "/tmp/.X11-unix/X$display" ]; do
  display=$((display - 1))
done
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
cleanup() {
  kill "$xvfb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export DISPLAY=":$display"
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done

for theme in light dark; do
  options=()
  [ "$theme" = dark ] && options=(-rv)
  dir="$work/$theme"
  mkdir -p "$dir"
  # xterm's own defaults apart from the font: no -fg/-bg, no X resources loaded.
  LANG=C.UTF-8 LC_ALL=C.UTF-8 xterm "${options[@]}" -geometry 80x24+0+0 \
    -fa "DejaVu Sans Mono" -fs 12 -title smartconnect \
    -e python3 screens/shoot-drive.py "$dir" "$binary" &
  term=$!
  while [ ! -e "$dir/done" ]; do
    if [ -e "$dir/ready" ]; then
      name=$(cat "$dir/ready")
      # -strip: no date or gamma chunks, so an unchanged screen gives the same file.
      xwd -silent -id "$(cat "$dir/window")" | convert xwd:- -strip "$out/$name-$theme.png"
      echo "$out/$name-$theme.png"
      rm "$dir/ready"
    fi
    if ! kill -0 "$term" 2>/dev/null; then
      echo "xterm ($theme) ended before the last screenshot" >&2
      exit 1
    fi
    sleep 0.1
  done
  wait "$term" || true
done
