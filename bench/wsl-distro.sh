#!/bin/sh
# bench/wsl-distro.sh: the WSL distro's size, and `run --rm IMAGE true` inside it (unpacked, entered
# as its own root the way WSL's init sets it up) against the same command on the host. Run as root
# after `mvn package` (and windows/build-distro.sh, which this calls when the tarball is missing).
# Prints medians of N runs (default 15), interleaved so that load from other work hits both alike.
set -eu
cd "$(dirname "$0")/.."
n=${1:-15}
tarball=target/wsl/hostvirt-wsl.tar.gz
[ "$(id -u)" = 0 ] || { echo "bench/wsl-distro.sh: needs root" >&2; exit 2; }
[ -f "$tarball" ] || windows/build-distro.sh >&2
[ -x /bin/busybox ] || { echo "bench/wsl-distro.sh: needs busybox-static" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf --one-file-system "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"
tar --numeric-owner -xzpf "$tarball" -C "$root"

# The busybox test image, as an OCI layout: one layer with the static binary and its applet links.
img=$work/img
mkdir -p "$img/rootfs/bin" "$img/layout/blobs/sha256"
cp /bin/busybox "$img/rootfs/bin/busybox"
for a in sh true echo; do ln -s busybox "$img/rootfs/bin/$a"; done
tar --numeric-owner --owner=0 --group=0 -C "$img/rootfs" -cf "$img/layer.tar" .
blob() { d=$(sha256sum "$1" | cut -d' ' -f1); cp "$1" "$img/layout/blobs/sha256/$d"; echo "$d"; }
layer=$(blob "$img/layer.tar"); lsize=$(stat -c %s "$img/layer.tar")
printf '{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/bin"],"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$layer" >"$img/config.json"
config=$(blob "$img/config.json"); csize=$(stat -c %s "$img/config.json")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
    "$config" "$csize" "$layer" "$lsize" >"$img/manifest.json"
manifest=$(blob "$img/manifest.json"); msize=$(stat -c %s "$img/manifest.json")
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"localhost/bench:1"}}]}' \
    "$manifest" "$msize" >"$img/layout/index.json"
echo '{"imageLayoutVersion":"1.0.0"}' >"$img/layout/oci-layout"
cp -r "$img/layout" "$root/tmp/bench-oci"

inside() {
    unshare --mount --pid --fork --propagation private sh -c 'R=$1; shift; mount --bind "$R" "$R"; mount -t proc proc "$R/proc"; mount --rbind /sys "$R/sys"; mount --rbind /dev "$R/dev"; mount -t tmpfs tmpfs "$R/run"; exec chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"' sh "$root" "$@"
}
hoststate=$work/host-state
host() { HOSTVIRT_STATE_DIR=$hoststate linux/hostvirt "$@"; }

inside /opt/hostvirt/bin/hostvirt image import /tmp/bench-oci >/dev/null
host image import "$img/layout" >/dev/null

ms() { s=$(date +%s%N); "$@" >/dev/null 2>&1 || echo "bench: failed: $*" >&2; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
: >"$work/in"; : >"$work/host"
i=0
while [ $i -lt "$n" ]; do
    ms inside /opt/hostvirt/bin/hostvirt run --rm localhost/bench:1 true >>"$work/in"
    ms host run --rm localhost/bench:1 true >>"$work/host"
    i=$((i + 1))
done
in_med=$(median <"$work/in"); host_med=$(median <"$work/host")
size=$(stat -c %s "$tarball")
echo "tarball: $tarball $size bytes ($((size / 1048576)) MiB, goal < 120 MiB), $(du -sm "$root" | cut -f1) MiB unpacked"
echo "run --rm IMAGE true, median of $n: in-distro ${in_med} ms, host ${host_med} ms, ratio $(awk "BEGIN {printf \"%.2f\", $in_med / $host_med}")"
