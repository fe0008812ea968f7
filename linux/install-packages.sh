#!/bin/sh
# Installs the distribution packages listed in the given files (default: linux/packages.txt) with
# apt-get (Debian/Ubuntu). Used by linux/setup.sh and linux/test.sh; needs root.
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
if [ "$(id -u)" != 0 ]; then
    echo "install-packages: run as root (sudo)" >&2
    exit 2
fi
[ $# -gt 0 ] || set -- "$here/packages.txt"
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-packages: apt-get not found; install these with your package manager:" >&2
    sed -e 's/#.*//' "$@" | grep -v '^ *$' >&2
    exit 2
fi
packages=$(sed -e 's/#.*//' "$@" | tr -s ' \t\n' ' ')
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $packages
