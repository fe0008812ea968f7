#!/bin/sh
# Builds the hostvirt WSL2 distro: a rootfs tarball that `hostvirt engine install` imports with
# `wsl --import hostvirt <state dir> <tarball> --version 2` (how Rancher Desktop ships its distro:
# backend/wsl.ts ensureDistroRegistered). Runs on Linux as root (debootstrap needs chroot and mknod).
#
#   windows/build-distro.sh [--jar target/hostvirt.jar] [--out target/wsl/hostvirt-wsl.tar.gz]
#                           [--cache target/wsl/cache] [--mirror URL]
#
# Contents: Debian bookworm (debootstrap --variant=minbase) + runc + crun from Debian's packages,
# a jlink'd Java runtime with only the modules hostvirt needs (found by jdeps), hostvirt at
# /opt/hostvirt (bin/hostvirt, lib/hostvirt.jar, VERSION) and /etc/wsl.conf. gzip, because every
# wsl.exe that has --import reads .tar and .tar.gz; zstd only arrived with newer Store WSL builds.
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
repo=$(dirname "$here")
jar=$repo/target/hostvirt.jar
out=$repo/target/wsl/hostvirt-wsl.tar.gz
cache=$repo/target/wsl/cache
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
while [ $# -gt 0 ]; do
    case $1 in
        --jar) jar=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --cache) cache=$2; shift 2 ;;
        --mirror) mirror=$2; shift 2 ;;
        *) echo "build-distro: unknown argument $1" >&2; exit 2 ;;
    esac
done

fail() { echo "build-distro: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "must run as root (debootstrap needs chroot and mknod)"
command -v debootstrap >/dev/null || fail "debootstrap is missing: apt-get install -y debootstrap"
command -v jlink >/dev/null && command -v jdeps >/dev/null || fail "jlink/jdeps missing: apt-get install -y openjdk-17-jdk-headless"
[ -f "$jar" ] || fail "no $jar: build it first with mvn -q package -DskipTests"

mkdir -p "$cache" "$(dirname "$out")"
work=$(mktemp -d "${TMPDIR:-/tmp}/hostvirt-distro.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"

# 1. The Debian base. It only changes with the package list, so it is cached as a tarball: the
#    debootstrap run (minutes, network) happens once per machine or CI cache.
packages=runc,crun
base=$cache/base-$suite-minbase-$(echo "$packages" | tr ',' '-')-$(dpkg --print-architecture).tar
if [ ! -f "$base" ]; then
    echo "build-distro: debootstrap --variant=minbase $suite ($packages) from $mirror" >&2
    debootstrap --variant=minbase --include="$packages" "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
        || { tail -20 "$work/debootstrap.log" >&2; fail "debootstrap failed (log above)"; }
    # Files a container host never reads; copyright files stay (Debian's licences require them).
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/man \
        "$root"/usr/share/info "$root"/usr/share/locale/* "$root"/var/log/*.log "$root"/var/cache/debconf/*-old
    find "$root/usr/share/doc" -type f ! -name copyright -delete 2>/dev/null || true
    tar --numeric-owner --xattrs -C "$root" -cf "$base.tmp" .
    mv "$base.tmp" "$base"
    rm -rf "$root"
    mkdir -p "$root"
fi
tar --numeric-owner --xattrs -C "$root" -xf "$base"

# 2. The Java runtime: only the modules jdeps finds in the jar, plus those loaded by name or
#    service (never seen by jdeps): jdk.unsupported (sun.misc.Signal for Ctrl-C while forwarding;
#    JNA), jdk.crypto.ec (TLS to registries), jdk.localedata (Spanish), jdk.zipfs.
mods=$(jdeps --ignore-missing-deps --multi-release 17 --print-module-deps "$jar" 2>/dev/null || true)
[ -n "$mods" ] || mods=java.base
mods=$mods,jdk.unsupported,jdk.crypto.ec,jdk.localedata,jdk.zipfs
jlink --add-modules "$mods" --strip-debug --no-man-pages --no-header-files --compress=2 --generate-cds-archive \
    --include-locales=en,es --output "$root/opt/hostvirt/runtime"
echo "build-distro: Java modules: $mods" >&2

# 3. hostvirt itself. The Linux launcher is reused as is; bin/hostvirt pins it to our runtime.
mkdir -p "$root/opt/hostvirt/bin" "$root/opt/hostvirt/lib" "$root/opt/hostvirt/libexec" "$root/var/lib/hostvirt"
cp "$jar" "$root/opt/hostvirt/lib/hostvirt.jar"
cp "$repo/linux/hostvirt" "$root/opt/hostvirt/libexec/hostvirt-launcher"
cat >"$root/opt/hostvirt/bin/hostvirt" <<'LAUNCH'
#!/bin/sh
# hostvirt inside its WSL distro: the bundled runtime, the launcher that passes argv and exit code through.
# wsl --exec starts programs with almost no environment: without LANG the JVM would write ASCII only
# (file.encoding ANSI_X3.4-1968 on Java 17) and turn José into Jos?. C.UTF-8 ships with libc-bin.
: "${LANG:=C.UTF-8}"
export LANG
JAVA_HOME=/opt/hostvirt/runtime exec /opt/hostvirt/libexec/hostvirt-launcher "$@"
LAUNCH
cat >"$root/opt/hostvirt/libexec/wsl-boot" <<'BOOT'
#!/bin/sh
# Run by WSL at distro start ([boot] command in /etc/wsl.conf), as root. WSL's init mounts /sys/fs/cgroup
# itself; only when it did not (custom kernels) is cgroup2 mounted here, which the engine's runtimes need.
[ -e /sys/fs/cgroup/cgroup.controllers ] || [ -d /sys/fs/cgroup/memory ] || mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
mkdir -p /run/hostvirt /var/lib/hostvirt
BOOT
chmod 0755 "$root/opt/hostvirt/bin/hostvirt" "$root/opt/hostvirt/libexec/hostvirt-launcher" "$root/opt/hostvirt/libexec/wsl-boot"
ln -sf /opt/hostvirt/bin/hostvirt "$root/usr/local/bin/hostvirt"
version=$("$root/opt/hostvirt/runtime/bin/java" -jar "$jar" --version 2>/dev/null | head -1 | sed 's/^hostvirt //')
[ -n "$version" ] || fail "could not read the version of $jar"
echo "$version" >"$root/opt/hostvirt/VERSION"

# 3b. A class-data-sharing archive for the distro's own JVM, made inside the rootfs (the archive
#     records the JVM and jar paths as the distro sees them), with the class path and options the
#     launcher starts it with (an archive only fits those), the same training run as the Linux
#     package's linux/build-cds.sh; the launcher picks it up by the .java file beside it. Starting the
#     JVM is most of a short command's time (bench/wsl-distro.sh). jlink's --generate-cds-archive
#     above made the base archive this one extends.
jsa=/opt/hostvirt/lib/hostvirt-$("$root/opt/hostvirt/runtime/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java.specification.version = //p' | head -n 1).jsa
if unshare --mount --pid --fork --propagation private sh -c 'mount -t proc proc "$1/proc" && exec chroot "$1" \
        /opt/hostvirt/runtime/bin/java -XX:ArchiveClassesAtExit="$2" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
        -Xlog:disable -Djna.platform.library.path= --enable-native-access=ALL-UNNAMED \
        -cp /opt/hostvirt/lib/hostvirt.jar dev.hostvirt.cli.Main check' sh "$root" "$jsa" >/dev/null 2>&1 || [ -s "$root$jsa" ]; then
    if [ -s "$root$jsa" ]; then
        echo /opt/hostvirt/runtime/bin/java >"$root$jsa.java"
    fi
fi
[ -s "$root$jsa" ] || echo "build-distro: no class-data-sharing archive (slower start, still works)" >&2

# 4. /etc/wsl.conf (keys: https://learn.microsoft.com/windows/wsl/wsl-config). root is the default
#    user because the engine needs it (mounts, runc); Windows PATH is not appended so that nothing of
#    Windows shadows runc or the shell; drives stay mounted under /mnt for -v C:\...:/data (metadata
#    keeps chmod/chown working there); systemd off: the engine needs no init, and start is faster.
cat >"$root/etc/wsl.conf" <<'CONF'
[user]
default=root

[boot]
systemd=false
command=/opt/hostvirt/libexec/wsl-boot

[interop]
enabled=true
appendWindowsPath=false

[automount]
enabled=true
root=/mnt/
options="metadata,uid=0,gid=0"
mountFsTab=false

[network]
hostname=hostvirt
generateHosts=true
generateResolvConf=true
CONF
echo hostvirt >"$root/etc/hostname"

# 5. The tarball, with numeric owners (WSL's import keeps them) and a stable order.
tar --numeric-owner --xattrs --sort=name -C "$root" -cf - . | gzip -6 >"$out.tmp"
mv "$out.tmp" "$out"
size=$(stat -c %s "$out")
unpacked=$(du -sb "$root" | cut -f1)
echo "build-distro: $out: $size bytes compressed ($((size / 1048576)) MiB), $((unpacked / 1048576)) MiB unpacked, hostvirt $version"
