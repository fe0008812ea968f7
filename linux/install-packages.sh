#!/bin/sh
# Installs the distribution packages listed in linux/packages.txt (Debian/Ubuntu, apt-get).
# Used by linux/setup.sh and linux/test.sh; needs root.
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
if [ "$(id -u)" != 0 ]; then
    echo "install-packages: run as root (sudo)" >&2
    exit 2
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-packages: apt-get not found; install these with your package manager:" >&2
    grep -v '^#' "$here/packages.txt" | grep -v '^$' >&2
    exit 2
fi
packages=$(sed -e 's/#.*//' "$here/packages.txt" | tr -s ' \t\n' ' ')
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $packages
