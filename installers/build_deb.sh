#!/usr/bin/env bash
# Package the PyInstaller one-folder bundle (dist/onestop) as a .deb for Debian, UOS and Kylin.
# The app goes to /opt/onestop, a launcher to /usr/bin/onestop, three desktop entries with icons.
# User data lives in each user's home (~/.local/share/OneStop) and is never touched by the package.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$root/desktop/__init__.py")
arch=$(dpkg --print-architecture)
bundle="$root/dist/onestop"
[[ -x $bundle/onestop ]] || { echo "build_deb: $bundle/onestop missing: run pyinstaller first" >&2; exit 1; }
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
pkg="$stage/onestop_${version}_${arch}"
mkdir -p "$pkg/DEBIAN" "$pkg/opt" "$pkg/usr/bin" "$pkg/usr/share/applications" \
         "$pkg/usr/share/icons/hicolor/scalable/apps" "$pkg/usr/share/doc/onestop"
cp -a "$bundle" "$pkg/opt/onestop"
cat > "$pkg/usr/bin/onestop" <<'SH'
#!/bin/sh
exec /opt/onestop/onestop "$@"
SH
chmod 755 "$pkg/usr/bin/onestop"
for icon in onestop kiosk display; do
  cp "$root/resources/icons/$icon.svg" "$pkg/usr/share/icons/hicolor/scalable/apps/onestop-$icon.svg"
done
entry() {  # file, name, zh name, comment, exec, icon
  cat > "$pkg/usr/share/applications/$1.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=$2
Name[zh_CN]=$3
Comment=$4
Exec=$5
Icon=$6
Terminal=false
Categories=Office;
DESKTOP
}
entry onestop "OneStop" "一站式综合服务中心工作台" "One-stop service center workbench" "onestop" onestop-onestop
entry onestop-kiosk "OneStop ticket kiosk" "取号机" "Ticket kiosk of the service hall" "onestop kiosk" onestop-kiosk
entry onestop-display "OneStop hall display" "叫号屏" "Call display of the service hall" "onestop display" onestop-display
cp "$root/README.md" "$pkg/usr/share/doc/onestop/README.md"
[[ -f $root/resources/fonts/LICENSE-wqy-microhei.txt ]] && cp "$root/resources/fonts/LICENSE-"*.txt "$pkg/usr/share/doc/onestop/" || true
# ESC/POS ticket printers on USB: the user signed in at the kiosk may open them (printer-class interfaces)
mkdir -p "$pkg/lib/udev/rules.d"
cat > "$pkg/lib/udev/rules.d/70-onestop-escpos.rules" <<'UDEV'
# OneStop: the signed-in user may open USB printers (class 07) for ESC/POS ticket printing
SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ENV{ID_USB_INTERFACES}=="*:0701*", TAG+="uaccess"
UDEV
size=$(du -sk "$pkg" | cut -f1)
cat > "$pkg/DEBIAN/control" <<CONTROL
Package: onestop
Version: $version
Architecture: $arch
Maintainer: OneStop maintainers <onestop@localhost>
Installed-Size: $size
Section: misc
Priority: optional
Depends: libc6 (>= 2.31), libglib2.0-0, libfontconfig1, libfreetype6, libdbus-1-3, libegl1, libgl1,
 libxkbcommon0, libxkbcommon-x11-0, libxcb1, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1,
 libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xinerama0, libxcb-xkb1, libx11-xcb1,
 fonts-wqy-microhei, libspeechd2, speech-dispatcher, speech-dispatcher-espeak-ng, espeak-ng-data, libusb-1.0-0
Recommends: libpulse0, espeak-ng, fonts-noto-cjk, cups-client
Description: OneStop - workbench of a town's one-stop service center
 Visitor queue with ticket kiosk and hall display, petition casework with
 statutory deadlines, mediation and room scheduling, documents and reports
 for a town's one-stop comprehensive service center (一站式综合服务中心).
CONTROL
# Never remove user data: there is deliberately no postrm that touches home directories.
mkdir -p "$root/dist"
dpkg-deb --root-owner-group -Zzstd --build "$pkg" "$root/dist/onestop_${version}_${arch}.deb" >/dev/null
echo "$root/dist/onestop_${version}_${arch}.deb"
