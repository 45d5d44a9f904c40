#!/bin/sh
# Wayland kiosk session for the kiosk user (Debian: apt install cage). Run from ~/.bash_profile on tty1
# after getty autologin:  [ "$(tty)" = /dev/tty1 ] && exec /opt/Yichuang/resources/os/cage-session.sh kiosk
# cage shows one application full screen and has no way out of it; this loop restarts the terminal.
# Without -s, cage also refuses VT switching (Ctrl+Alt+F2).
TERMINAL="${1:-kiosk}"
while :; do
  cage -- /usr/bin/yichuang --config "$HOME/.config/yichuang/$TERMINAL.json" --supervised --ozone-platform=wayland
  status=$?
  # 2 = configuration error: wait longer so the log is not flooded while someone fixes the file.
  if [ "$status" -eq 2 ]; then sleep 30; else sleep 2; fi
done
