#!/bin/sh
# Make sure the Debian packages kp needs are installed: Pango for WeasyPrint, the Noto fonts
# for Devanagari and Bengali, poppler-utils for the PDF tests. Installs what is missing when
# run as root with apt-get; otherwise stops with the exact command to run.
set -eu

PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core poppler-utils"
[ "${KP_EXTRA_PACKAGES:-}" ] && PACKAGES="$PACKAGES $KP_EXTRA_PACKAGES"

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "kp setup: not a Debian-based system; install Pango, the Noto Sans Devanagari and Bengali fonts and poppler-utils yourself." >&2
    exit 0
fi

missing=""
for package in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $package" ;;
    esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "kp setup: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
    exit 0
fi

echo "kp setup: these system packages are missing:$missing" >&2
echo "Install them with:" >&2
echo "    sudo apt-get install --no-install-recommends$missing" >&2
exit 1
