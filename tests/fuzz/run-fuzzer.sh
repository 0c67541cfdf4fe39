#!/usr/bin/env bash
# Builds the libFuzzer target over WebIpc's wire decoder with clang and runs it.
#   tests/fuzz/run-fuzzer.sh <build dir> [seconds]     (default 60 seconds)
# Exits 77 (a skip, with the reason) when clang++ or the libFuzzer runtime (Debian's
# libclang-rt-14-dev) is missing. Crashing inputs are left in <build dir>/artifacts.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:?usage: run-fuzzer.sh <build dir> [seconds]}
seconds=${2:-60}

clangxx=$(command -v clang++ || command -v clang++-14 || true)
if [ -z "$clangxx" ]; then
    echo "SKIP: clang++ is not installed (Debian: clang)"
    exit 77
fi
if ! echo 'extern "C" int LLVMFuzzerTestOneInput(const char *, unsigned long) { return 0; }' \
        | "$clangxx" -x c++ -fsanitize=fuzzer - -o /dev/null 2>/dev/null; then
    echo "SKIP: the libFuzzer runtime is not installed (Debian: libclang-rt-14-dev)"
    exit 77
fi

if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$here" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$clangxx" \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" --parallel 2 | grep -v "^\[" || true
test -x "$build/webipc_codec_fuzzer"

mkdir -p "$build/corpus" "$build/artifacts"
cp -n "$here"/corpus/* "$build/corpus/" 2>/dev/null || true
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# The regressions first: every input that once failed must pass.
regressions=("$here"/regressions/*.json)
if [ -e "${regressions[0]}" ]; then
    "$build/webipc_codec_fuzzer" "${regressions[@]}"
fi
exec "$build/webipc_codec_fuzzer" "$build/corpus" "$here/corpus" \
    -dict="$here/codec.dict" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$build/artifacts/" -print_final_stats=1
