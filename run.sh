#!/usr/bin/env bash
# WebIpc's one entry point. On a fresh Debian 12 machine it installs what is missing (apt-get,
# through sudo when not root), configures, builds and runs.
#
#   ./run.sh demo [example]   build and run an example (default: ping-pong); headless without a display
#   ./run.sh test             build and run every test suite
#   ./run.sh test --sanitize  the same, built with AddressSanitizer and UndefinedBehaviorSanitizer
#   ./run.sh bench [--json F] Release build of the benchmarks, WebIpc against raw QWebChannel
#   ./run.sh fuzz [seconds]   libFuzzer over the C++ wire decoder (clang, sanitizers; default 60 s)
#   ./run.sh docs             the API reference (Doxygen) in build-docs/html/index.html
#   ./run.sh build            configure and build only
#   ./run.sh deps             install the Debian packages only
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$PWD

# What the project needs from Debian, and nothing it does not.
PACKAGES=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-base-dev-tools
    qt6-webengine-dev qt6-webchannel-dev
    qt6-declarative-dev qt6-declarative-dev-tools
    qml6-module-qtquick qml6-module-qtquick-window qml6-module-qtqml-workerscript
    qml6-module-qtwebengine qml6-module-qtwebchannel qml6-module-qttest
    libgl-dev
    clang libclang-rt-14-dev
    nodejs
)
# Only ./run.sh docs needs these: installed when it runs, so that building and testing do not.
DOC_PACKAGES=(doxygen)

log() { printf '\033[1m[run.sh]\033[0m %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

install_deps() { install_packages "${PACKAGES[@]}"; }

install_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' \
            || missing+=("$package")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return
    fi
    log "installing: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        "${missing[@]}" >/dev/null
}

# tsc for the TypeScript check (ctest "typescript"), from tests/auto/typescript/package-lock.json.
# Debian's nodejs comes without npm; NodeSource's has it built in.
install_typescript() {
    if ! command -v npm >/dev/null 2>&1; then
        log "installing: npm"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
    fi
    log "installing tsc (npm ci in tests/auto/typescript)"
    (cd tests/auto/typescript && npm ci --no-audit --no-fund --silent)
}

# Qt WebEngine without a display, and as root (Chromium refuses its sandbox as root).
headless_env() {
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
        export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
    fi
    if [ "$(id -u)" = 0 ]; then
        export QTWEBENGINE_DISABLE_SANDBOX=1
    fi
    export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d /tmp/webipc-runtime.XXXXXX)}"
    chmod 700 "$XDG_RUNTIME_DIR"
}

build() { # build <preset> <its build dir>: the configurations live in CMakePresets.json
    local preset=$1 dir=$2
    if [ ! -f "$dir/CMakeCache.txt" ]; then
        log "configuring $dir (preset $preset)"
        cmake --preset "$preset" >/dev/null
    fi
    log "building $dir"
    cmake --build --preset "$preset" --parallel "$(nproc)"
}

# The examples' npm front ends (examples/vite-app: npm ci and vite build; examples/typed-todo:
# npm ci and tsc), into the build folder.
# Optional: without node and npm, the Vite example's test is skipped and says why.
build_front_ends() { # build_front_ends <dir>
    if command -v node >/dev/null && command -v npm >/dev/null; then
        log "building the Vite example's front end in $1 (npm ci, vite build)"
        cmake --build "$1" --target vite-app-dist
        log "building the typed example's page in $1 (npm ci, tsc)"
        cmake --build "$1" --target typed-todo-page
    else
        log "node and npm not found: the Vite example (and its test) cannot run"
    fi
}

command=${1:-help}
shift || true

case "$command" in
deps)
    install_deps
    ;;
build)
    install_deps
    build default build
    build_front_ends build
    ;;
demo)
    example=${1:-ping-pong}
    install_deps
    build default build
    case "$example" in vite-app | typed-todo) build_front_ends build ;; esac
    headless_env
    binary="build/examples/$example/$example"
    [ -x "$binary" ] || { log "no example named '$example' (see examples/)"; exit 2; }
    log "running $example"
    exec "$binary" "${@:2}"
    ;;
test)
    install_deps
    if [ "${1:-}" = "--sanitize" ]; then
        build sanitize build-sanitize
        headless_env
        # The test preset sets the sanitizers' options. Leaks are not checked: Qt WebEngine's
        # Chromium keeps process-lifetime allocations. new_delete_type_mismatch: reported inside
        # libQt6WebEngineCore (Chromium's own sized deletes, not built with the sanitizer), never
        # in WebIpc's code. The packaging test (it rebuilds WebIpc from scratch: it checks
        # packaging, not memory) and the fuzzer (sanitized already) are left out.
        log "running the tests under AddressSanitizer and UndefinedBehaviorSanitizer"
        # An instrumented Debug build needs several times the stack of a release build: the
        # tests walk values nested to the codec's depth limit (500) recursively.
        ulimit -s 65536 2>/dev/null || ulimit -s unlimited 2>/dev/null || true
        ctest --preset sanitize
        exit
    fi
    build default build
    install_typescript # npm too, which the Vite example's front end needs
    build_front_ends build
    headless_env
    log "running the tests"
    ctest --preset default
    ;;
bench)
    install_deps
    build release build-release
    headless_env
    exec build-release/tests/benchmarks/webipc-bench "$@"
    ;;
fuzz)
    install_deps
    exec tests/fuzz/run-fuzzer.sh build-fuzz "${1:-60}"
    ;;
docs)
    install_packages "${DOC_PACKAGES[@]}"
    exec docs/api/make-docs.sh build-docs
    ;;
help | -h | --help)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    ;;
*)
    log "unknown command '$command'"
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
