#!/usr/bin/env bash
# Checks the Debian packages OneStop needs and installs the missing ones when run as root;
# otherwise prints the exact command to run. Usage: tools/system-deps.sh run|test
set -euo pipefail
RUN_PKGS=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
  libxcb-xinerama0 libxcb-randr0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3
  fonts-wqy-microhei libpulse0 libspeechd2
  speech-dispatcher speech-dispatcher-espeak-ng espeak-ng  # the hall display's Mandarin voice (espeak-ng cmn)
  libusb-1.0-0)  # ESC/POS ticket printers on USB
TEST_PKGS=(fonts-noto-cjk poppler-utils postgresql xvfb xauth xdotool x11-xserver-utils openbox imagemagick zbar-tools
  sox)  # the voice test measures the rendered call
case "${1:-run}" in
  run) want=("${RUN_PKGS[@]}") ;;
  test) want=("${RUN_PKGS[@]}" "${TEST_PKGS[@]}") ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac
command -v dpkg-query >/dev/null || { echo "system-deps: not a Debian-family system; install the equivalents of: ${want[*]}" >&2; exit 0; }
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -eq 0 ]]; then
  echo "system-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "OneStop needs these Debian packages. Please run:" >&2
  echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
