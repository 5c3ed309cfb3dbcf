#!/usr/bin/env bash
# Set up a Raspberry Pi (Raspberry Pi OS / Debian 12) as a kiosk. Run as root from a clone in /opt/motcua.
set -euo pipefail
cd /opt/motcua
apt-get update
apt-get install -y --no-install-recommends python3-venv chromium cage curl fonts-dejavu-core libusb-1.0-0
id motcua >/dev/null 2>&1 || useradd --system --create-home --groups lp,gpio,dialout,video,input,render motcua
python3 -m venv .venv && .venv/bin/pip install --quiet .
install -d -o motcua /etc/motcua /var/lib/motcua/printed
[ -f /etc/motcua/kiosk.toml ] || install -m 0640 -g motcua deploy/kiosk/kiosk.toml /etc/motcua/kiosk.toml
install -m 0644 deploy/kiosk/99-escpos.rules /etc/udev/rules.d/ && udevadm control --reload-rules && udevadm trigger
install -m 0644 deploy/kiosk/motcua-kiosk.service deploy/kiosk/motcua-kiosk-browser.service /etc/systemd/system/
systemctl daemon-reload
systemctl set-default graphical.target   # the browser unit is wanted by graphical.target
systemctl enable --now motcua-kiosk.service motcua-kiosk-browser.service
echo "Edit /etc/motcua/kiosk.toml (server, token, printer), then: systemctl restart motcua-kiosk"
