#!/bin/sh
# One-command set-up on Debian 12 / Ubuntu 22.04+: installs what is missing from the distribution's
# packages (JDK 17, Maven, runc, ...), builds hostvirt, installs it under /opt/hostvirt with
# /usr/local/bin/hostvirt on PATH, and runs `hostvirt check`. Run from the checkout: sudo sh linux/setup.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(dirname "$here")
prefix=${HOSTVIRT_PREFIX:-/opt/hostvirt}

sh "$here/install-packages.sh"
(cd "$root" && mvn -q -B package -DskipTests)

install -d "$prefix/bin" "$prefix/lib"
# -p keeps the jar's time stamp: the class-data-sharing archives are only valid for that exact jar.
install -p -m 0644 "$root/target/hostvirt.jar" "$prefix/lib/hostvirt.jar"
# The start-up archives are bound to the jar's path: build them again where it now lives.
sh "$here/build-cds.sh" "$prefix/lib"
install -m 0755 "$here/hostvirt" "$prefix/bin/hostvirt"
ln -sf "$prefix/bin/hostvirt" /usr/local/bin/hostvirt

echo "hostvirt installed in $prefix; running: hostvirt check"
set +e
hostvirt check
exit $?
