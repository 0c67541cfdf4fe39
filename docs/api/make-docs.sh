#!/usr/bin/env bash
# Generates the API reference from the public headers with Doxygen:
#   docs/api/make-docs.sh <output dir>      (./run.sh docs: build-docs)
# Classes of Qt's link to doc.qt.io when Qt's tag files are installed (<QT_INSTALL_DOCS>/<module>/
# <module>.tags, from Qt's documentation packages or the Qt installer; Debian 12 packages none),
# and are plain names otherwise.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
output=$(mkdir -p "${1:?usage: make-docs.sh <output dir>}" && cd "$1" && pwd)

docs=$(qtpaths6 --query QT_INSTALL_DOCS 2>/dev/null || qmake6 -query QT_INSTALL_DOCS 2>/dev/null \
       || echo /usr/share/qt6/doc)
tagfiles=()
for module in qtcore qtgui qtqml qtquick qtwebchannel qtwebenginecore qtwebenginewidgets \
              qtwebenginequick; do
    tags="$docs/$module/$module.tags"
    [ -f "$tags" ] && tagfiles+=("$tags=https://doc.qt.io/qt-6/")
done
if [ ${#tagfiles[@]} -eq 0 ]; then
    echo "make-docs.sh: no Qt tag files in $docs: Qt's classes are not linked" >&2
fi

version=$(sed -n 's/^ *VERSION \([0-9.]*\)$/\1/p' "$root/CMakeLists.txt" | head -n 1)
export WEBIPC_SOURCE_DIR=$root WEBIPC_DOCS_OUTPUT=$output WEBIPC_VERSION=$version
export WEBIPC_QT_TAGFILES="${tagfiles[*]:-}"
doxygen "$here/Doxyfile"
warnings=$(grep -c 'warning:' "$output/warnings.log" || true)
echo "API reference: $output/html/index.html ($warnings warnings, in $output/warnings.log)"
