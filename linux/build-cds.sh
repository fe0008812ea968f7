#!/bin/sh
# Builds the class-data-sharing archives the launchers use (run by `mvn package`):
#   hostvirt-<N>.jsa  AppCDS archive for the JDK that builds (JDK 13+ dynamic archive);
#   hostvirt-<N>.aot  AOT cache for a JDK 25 found on this machine (JEP 514: one-step -XX:AOTCacheOutput).
# Each archive gets a .java file naming the exact JVM it fits; the launcher uses it only with that JVM.
# Run again wherever the jar is installed: an archive is only valid for the jar path it was made with.
# The training run (dev.hostvirt.cli.StartupTraining) runs the common read-only commands and a real
# pull from a registry it serves on 127.0.0.1 into a temporary state directory; its output is
# discarded. Failure here never fails the build:
# without an archive hostvirt only starts slower.
set -u
target=${1:-target}
[ -f "$target/hostvirt.jar" ] || { echo "build-cds: $target/hostvirt.jar not found" >&2; exit 0; }
# Archives record the class path they were made with; the launcher passes the same canonical path.
target=$(cd "$target" && pwd -P)
jar="$target/hostvirt.jar"
rm -f "$target"/hostvirt-*.jsa "$target"/hostvirt-*.aot "$target"/hostvirt-*.java
here=$(cd "$(dirname "$0")" && pwd -P)

# CDS refuses Java 5 class files (picocli ships them): rewrite them as Java 8 class files with stack
# maps so they can be archived (see BumpClassVersion.java). Idempotent.
if command -v java >/dev/null 2>&1; then
    java --add-exports java.base/jdk.internal.org.objectweb.asm=ALL-UNNAMED "$here/BumpClassVersion.java" "$jar" \
        || echo "build-cds: class files left as they were" >&2
fi

# JNA's native library, unpacked once next to the jar: otherwise JNA writes it to a temporary file and
# loads it from there on every start that needs JNA (the KVM ioctl of every Linux check).
case $(uname -m) in
    x86_64|amd64) jna_arch=linux-x86-64 ;;
    aarch64|arm64) jna_arch=linux-aarch64 ;;
    *) jna_arch="" ;;
esac
rm -rf "$target/jna"
if [ -n "$jna_arch" ] && command -v jar >/dev/null 2>&1; then
    mkdir -p "$target/jna/x" \
        && (cd "$target/jna/x" && jar xf "$jar" "com/sun/jna/$jna_arch/libjnidispatch.so") \
        && mv "$target/jna/x/com/sun/jna/$jna_arch/libjnidispatch.so" "$target/jna/" \
        && rm -rf "$target/jna/x" \
        || rm -rf "$target/jna"
fi

feature() {
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}

# train JAVA [check|check-json|pull|image|run]: without a family, the general archive, trained on the common
# commands; with one, an archive trained on that command alone (check text, check --json, pull, run),
# which the launcher uses for it: a smaller archive maps faster, and these are the commands with speed
# goals. The run archive is trained on a whole `run --rm` (with a stand-in runtime that starts nothing),
# which needs root: without root it is not made and run keeps the general archive.
train() {
    java=$1
    family=${2:-}
    real=$(readlink -f "$java")
    n=$(feature "$real")
    [ -n "$n" ] || return 0
    suffix=""
    set -- -cp "$jar" dev.hostvirt.cli.StartupTraining
    if [ -n "$family" ]; then
        suffix="-$family"
        set -- -cp "$jar" dev.hostvirt.cli.StartupTraining "$family"
    fi
    # C1 only, even for the command the launcher gives C2 (pull): a cache trained with C2 holds
    # method profiles that set C2 compiling early, on the cores the command needs (a pull with nothing
    # to download took 115 ms instead of 97 here).
    jit=-XX:TieredStopAtLevel=1
    replay_off=""
    jna_path="-Djna.platform.library.path="
    [ -d "$target/jna" ] && jna_path="$jna_path -Djna.boot.library.path=$target/jna"
    if [ "$n" -ge 25 ]; then
        out="$target/hostvirt-$n$suffix.aot"
        # No training data (method profiles) in the caches of the C1-only commands: the JVM replays
        # it by queueing the methods the training compiled, ~200 C1 compiles a run does not need, on
        # the core the run needs (interleaved, N=31-41: run --rm 205 -> 190 ms, check 135 -> 121 ms).
        # pull, on C2, keeps it (bench/pull.sh without it: 301 -> 322 ms, 99 -> 121 ms with every
        # blob stored). Only a cache whose JVM knows the option gets it.
        no_replay=""
        if [ "$family" != pull ] && "$real" -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining -version >/dev/null 2>&1; then
            no_replay="-XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining"
            # Such a cache has nothing to replay, yet a JVM using it starts its training-replay thread,
            # which took ~14 ms of CPU of every run here (getrusage, 12 runs each), on the two cores
            # the command needs. The launcher turns it off for a cache marked so (line 2 of .java).
            if "$real" -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining -version >/dev/null 2>&1; then
                replay_off=1
            fi
        fi
        "$real" -XX:AOTCacheOutput="$out" $no_replay $jit -XX:+UseSerialGC -Xlog:disable $jna_path \
            --enable-native-access=ALL-UNNAMED \
            "$@" >/dev/null 2>&1
    else
        out="$target/hostvirt-$n$suffix.jsa"
        "$real" -XX:ArchiveClassesAtExit="$out" $jit -XX:+UseSerialGC -Xlog:disable $jna_path \
            --enable-native-access=ALL-UNNAMED \
            "$@" >/dev/null 2>&1
    fi
    rc=$?
    # The JVM writes the archive at exit even when the training failed (a run without the rights to
    # mount): such an archive holds less than the general one, which the launcher then uses instead.
    if [ "$rc" -ne 0 ]; then
        rm -f "$out"
    fi
    if [ -s "$out" ]; then
        printf '%s\n' "$real" > "$out.java"
        [ -z "$replay_off" ] || echo no-training-replay >> "$out.java"
        echo "build-cds: $out for $real"
    else
        rm -f "$out"
    fi
}

# Six archives per JVM: the general one, two for the main job, one each for pull and image, and (as
# root) one for run (linux/hostvirt picks by command).
train_all() {
    train "$1"
    train "$1" check
    train "$1" check-json
    train "$1" pull
    train "$1" image
    if [ "$(id -u)" = 0 ]; then
        train "$1" run
    fi
}

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    train_all "$JAVA_HOME/bin/java"
elif command -v java >/dev/null 2>&1; then
    train_all "$(command -v java)"
fi
for jdk in /usr/lib/jvm/*; do
    [ -x "$jdk/bin/java" ] || continue
    n=$(feature "$jdk/bin/java")
    if [ -n "$n" ] && [ "$n" -ge 25 ] && [ ! -f "$target/hostvirt-$n.aot" ]; then
        train_all "$jdk/bin/java"
    fi
done
exit 0
