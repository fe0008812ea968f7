#!/usr/bin/env bash
# Wall time of `hostvirt pull` of a ~100 MB image (4 gzip layers of incompressible data) from a
# docker-registry on 127.0.0.1 against `skopeo copy` of the same image to an OCI directory, and the
# ratio (goal: hostvirt at most 1.0x skopeo). Both include their process start-up. hostvirt runs as
# users run it: the linux/hostvirt launcher (with the class-data-sharing archive built for its JVM)
# pulling into an engine state directory. Also timed: the same pull again with every blob already
# stored, which is almost only start-up (JVM, picocli, the manifest request).
#
# N=5 bench/pull.sh runs each command N times, interleaved so load from other work hits all alike,
# and prints medians. HOSTVIRT_JAR=DIR/hostvirt.jar measures another build (its archives beside it).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in docker-registry skopeo java python3 sha256sum gzip tar; do
  command -v "$tool" >/dev/null || { echo "bench/pull.sh: $tool is missing (see linux/packages.txt)" >&2; exit 2; }
done
if [ -z "${HOSTVIRT_JAR:-}" ] && [ ! -f target/hostvirt.jar ]; then
  mvn -q -o package -DskipTests
fi

WORK=$(mktemp -d)
REGISTRY_PID=
cleanup() {
  if [ -n "$REGISTRY_PID" ]; then kill "$REGISTRY_PID" 2>/dev/null || true; wait "$REGISTRY_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$WORK/storage"
cat > "$WORK/config.yml" <<YAML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $WORK/storage
http:
  addr: 127.0.0.1:$PORT
YAML
docker-registry serve "$WORK/config.yml" >"$WORK/registry.log" 2>&1 &
REGISTRY_PID=$!
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  sleep 0.1
done

# An OCI layout: 4 layers of 25 MiB random data each (gzip -1, so ~100 MiB of blobs).
L="$WORK/layout"
mkdir -p "$L/blobs/sha256"
LAYERS= DIFFS=
for i in 1 2 3 4; do
  mkdir -p "$WORK/root$i/data"
  head -c 26214400 /dev/urandom >"$WORK/root$i/data/part$i.bin"
  tar --owner=0 --group=0 --numeric-owner -C "$WORK/root$i" -cf "$WORK/layer$i.tar" .
  diff=$(sha256sum "$WORK/layer$i.tar" | cut -d' ' -f1)
  gzip -1 -c "$WORK/layer$i.tar" >"$WORK/layer$i.tgz"
  dig=$(sha256sum "$WORK/layer$i.tgz" | cut -d' ' -f1)
  size=$(stat -c %s "$WORK/layer$i.tgz")
  mv "$WORK/layer$i.tgz" "$L/blobs/sha256/$dig"
  rm -rf "$WORK/layer$i.tar" "$WORK/root$i"
  LAYERS="$LAYERS${LAYERS:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$dig\",\"size\":$size}"
  DIFFS="$DIFFS${DIFFS:+,}\"sha256:$diff\""
done
printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[%s]}}' "$DIFFS" >"$WORK/config.json"
cdig=$(sha256sum "$WORK/config.json" | cut -d' ' -f1); csize=$(stat -c %s "$WORK/config.json")
mv "$WORK/config.json" "$L/blobs/sha256/$cdig"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
  "$cdig" "$csize" "$LAYERS" >"$WORK/manifest.json"
mdig=$(sha256sum "$WORK/manifest.json" | cut -d' ' -f1); msize=$(stat -c %s "$WORK/manifest.json")
mv "$WORK/manifest.json" "$L/blobs/sha256/$mdig"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"bench"}}]}' \
  "$mdig" "$msize" >"$L/index.json"
printf '{"imageLayoutVersion":"1.0.0"}' >"$L/oci-layout"
TOTAL=$(du -sb "$L/blobs" | cut -f1)

REF="127.0.0.1:$PORT/bench/big:1"
skopeo copy -q --dest-tls-verify=false "oci:$L:bench" "docker://$REF" >/dev/null
# Warm the registry's files in the page cache so neither side pays the first read.
cat "$WORK"/storage/docker/registry/v2/blobs/sha256/*/*/data >/dev/null

now() { date +%s%N; }
N=${N:-3}
HV=(env HOSTVIRT_JAR="${HOSTVIRT_JAR:-target/hostvirt.jar}" sh linux/hostvirt)
sk=() hv=() skp=() hvp=()
for i in $(seq "$N"); do
  sync; sleep 0.5
  t0=$(now)
  skopeo copy -q --src-tls-verify=false "docker://$REF" "oci:$WORK/skopeo-$i:bench" >/dev/null
  t1=$(now)
  "${HV[@]}" pull -q --tls-verify=false --platform linux/amd64 --state-dir "$WORK/state-$i" "$REF" >/dev/null
  t2=$(now)
  skopeo copy -q --src-tls-verify=false "docker://$REF" "oci:$WORK/skopeo-$i:bench" >/dev/null
  t3=$(now)
  "${HV[@]}" pull -q --tls-verify=false --platform linux/amd64 --state-dir "$WORK/state-$i" "$REF" >/dev/null
  t4=$(now)
  sk+=($(( (t1 - t0) / 1000000 ))); hv+=($(( (t2 - t1) / 1000000 )))
  skp+=($(( (t3 - t2) / 1000000 ))); hvp+=($(( (t4 - t3) / 1000000 )))
  rm -rf "$WORK/skopeo-$i" "$WORK/state-$i"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
sk_ms=$(median "${sk[@]}"); hv_ms=$(median "${hv[@]}"); skp_ms=$(median "${skp[@]}"); hvp_ms=$(median "${hvp[@]}")

echo "image: $((TOTAL / 1000000)) MB in 4 gzip layers, registry on 127.0.0.1:$PORT; medians of $N (load: $(cut -d' ' -f1-3 /proc/loadavg))"
echo "skopeo copy:   ${sk_ms} ms   (${sk[*]})"
echo "hostvirt pull: ${hv_ms} ms   (${hv[*]})"
awk -v h="$hv_ms" -v s="$sk_ms" 'BEGIN { printf "ratio hostvirt/skopeo: %.2fx (goal <= 1.00x)\n", h / s }'
echo "again, every blob stored: skopeo ${skp_ms} ms (${skp[*]}), hostvirt ${hvp_ms} ms (${hvp[*]})"
awk -v h="$hvp_ms" -v s="$skp_ms" 'BEGIN { printf "ratio hostvirt/skopeo, blobs stored: %.2fx\n", h / s }'
