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
echo
set +e
hostvirt check
code=$?
echo
case $code in
    0) echo "hostvirt check: every target is ready or degraded (exit 0)." ;;
    1) echo "hostvirt check: some target is blocked (exit 1): the fixes are listed above." ;;
    3) echo "hostvirt check: some target could not be decided (exit 3): see the SKIP lines above." ;;
    *) echo "hostvirt check exited $code." ;;
esac
echo "Installed. Run 'hostvirt --help' to see every command."
