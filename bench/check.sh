#!/bin/sh
# Start-up and check time of `hostvirt check` against the JVM floor and the native checkers, from one
# run on one machine, as ratios (absolute numbers vary with the machine and its load).
#   hostvirt   linux/hostvirt check (all Linux targets), as users start it
#   floor      a bare picocli app that only reads /proc/cpuinfo, started the plain way (java -jar,
#              default JDK): the cost of starting a JVM with picocli at all
#   virt-host-validate (libvirt-clients), kvm-ok (cpu-checker): what users run today
# Usage: bench/check.sh [RUNS]   (default 15; the median is reported)
set -eu
runs=${1:-15}
root=$(cd "$(dirname "$0")/.." && pwd -P)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -f "$root/target/hostvirt.jar" ] || (cd "$root" && mvn -q -B package -DskipTests)
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    command -v virt-host-validate >/dev/null || apt-get install -y -q libvirt-clients >/dev/null 2>&1 || true
    command -v kvm-ok >/dev/null || apt-get install -y -q cpu-checker >/dev/null 2>&1 || true
fi

# The floor app: picocli on the class path, one @Command that reads /proc/cpuinfo.
picocli=$(find "$HOME/.m2/repository/info/picocli/picocli" -name 'picocli-*.jar' | sort | tail -n 1)
mkdir -p "$work/floor/src"
cat > "$work/floor/src/Floor.java" <<'JAVA'
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "floor")
public class Floor implements Callable<Integer> {
    public Integer call() throws Exception {
        String cpu = Files.readString(Path.of("/proc/cpuinfo"));
        System.out.println(cpu.contains(" vmx ") || cpu.contains(" svm ") ? "virtualization" : "none");
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Floor()).execute(args));
    }
}
JAVA
javac -d "$work/floor/classes" -cp "$picocli" "$work/floor/src/Floor.java"
(cd "$work/floor/classes" && unzip -q -o "$picocli" -x 'META-INF/*')
printf 'Main-Class: Floor\n' > "$work/floor/manifest"
jar cfm "$work/floor.jar" "$work/floor/manifest" -C "$work/floor/classes" .

# The tools run in turn within each round (not one tool's runs in a row), so that load changing
# during the benchmark falls on all of them alike and the ratios stay fair.
time_one() {
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    echo $(( (end - start) / 1000 ))
}
median_of() {
    sort -n "$1" | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.3f", m / 1000000}'
}
has_vhv=false; command -v virt-host-validate >/dev/null && has_vhv=true
has_kvmok=false; command -v kvm-ok >/dev/null && has_kvmok=true
mkdir -p "$work/t"; : > "$work/t/hostvirt"; : > "$work/t/json"; : > "$work/t/floor"; : > "$work/t/vhv"; : > "$work/t/kvmok"
"$root/linux/hostvirt" check >/dev/null 2>&1 || true   # warm the page cache for every tool alike
java -jar "$work/floor.jar" >/dev/null 2>&1 || true
i=0
while [ $i -lt "$runs" ]; do
    time_one "$root/linux/hostvirt" check >> "$work/t/hostvirt"
    time_one java -jar "$work/floor.jar" >> "$work/t/floor"
    time_one "$root/linux/hostvirt" check --json >> "$work/t/json"
    $has_vhv && time_one virt-host-validate >> "$work/t/vhv"
    $has_kvmok && time_one kvm-ok >> "$work/t/kvmok"
    i=$((i + 1))
done
hostvirt=$(median_of "$work/t/hostvirt")
hostvirt_json=$(median_of "$work/t/json")
floor=$(median_of "$work/t/floor")
vhv=""
kvmok=""
$has_vhv && vhv=$(median_of "$work/t/vhv")
$has_kvmok && kvmok=$(median_of "$work/t/kvmok")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }
echo "median of $runs interleaved runs, $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -n 1)"
printf '%-44s %8s s\n' "hostvirt check (all Linux targets)" "$hostvirt"
printf '%-44s %8s s\n' "hostvirt check --json" "$hostvirt_json"
printf '%-44s %8s s\n' "floor: picocli app reading /proc/cpuinfo" "$floor"
[ -n "$vhv" ] && printf '%-44s %8s s\n' "virt-host-validate" "$vhv"
[ -n "$kvmok" ] && printf '%-44s %8s s\n' "kvm-ok" "$kvmok"
echo
echo "hostvirt check / floor:              $(ratio "$hostvirt" "$floor")   (goal: at most 1.00x)"
[ -n "$vhv" ] && echo "hostvirt check / virt-host-validate: $(ratio "$hostvirt" "$vhv")"
[ -n "$kvmok" ] && echo "hostvirt check / kvm-ok:             $(ratio "$hostvirt" "$kvmok")"
exit 0
