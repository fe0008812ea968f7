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

median() {
    # median wall time in seconds of running "$@" $runs times (output discarded, exit code ignored)
    i=0
    : > "$work/times"
    while [ $i -lt "$runs" ]; do
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1 || true
        end=$(date +%s%N)
        echo $(( (end - start) / 1000 )) >> "$work/times"
        i=$((i + 1))
    done
    sort -n "$work/times" | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.3f", m / 1000000}'
}

hostvirt=$(median "$root/linux/hostvirt" check)
hostvirt_json=$(median "$root/linux/hostvirt" check --json)
floor=$(median java -jar "$work/floor.jar")
vhv=""
kvmok=""
command -v virt-host-validate >/dev/null && vhv=$(median virt-host-validate)
command -v kvm-ok >/dev/null && kvmok=$(median kvm-ok)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }
echo "median of $runs runs, $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -n 1)"
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
