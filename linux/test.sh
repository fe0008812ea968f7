#!/bin/sh
# Runs the whole test suite the way CI does: installs the system packages the tests need (real
# containers, a local registry, ...), then Maven's verify. Run as root: sudo sh linux/test.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
sh "$here/install-packages.sh" "$here/packages.txt" "$here/test-packages.txt"
cd "$(dirname "$here")"
exec mvn -B -ntp verify
