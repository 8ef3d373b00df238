#!/usr/bin/env bash
# Set up argmine on a fresh machine with Python 3.11: a virtualenv in .venv
# with the package and the extras named in $1 (default "plot"), plus the
# system packages the chosen extras need (Chromium for the browser tests).
# Safe to re-run: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRAS="${1:-plot}"
PY="${PYTHON:-python3}"

too_old() {  # $1: a python; true when it is not Python >= 3.11 (argmine's requires-python)
    ! "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}
if [ -x .venv/bin/python ] && too_old .venv/bin/python; then
    echo "argmine setup: .venv has $(.venv/bin/python -V 2>&1), argmine needs Python >= 3.11; making .venv again with $PY" >&2
    rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
    if too_old "$PY"; then
        echo "argmine setup: $PY is not Python >= 3.11 ($("$PY" -V 2>/dev/null || echo 'not found')); run with PYTHON=python3.11 (or newer)" >&2
        exit 1
    fi
    "$PY" -m venv .venv
fi
stamp=".venv/.argmine-$(echo "$EXTRAS" | tr ',' '-')-$(sha1sum pyproject.toml | cut -c1-12)"
if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    case ",$EXTRAS," in
        *,all,*|*,transformers,*)
            # the local CPU build; a bare "torch" would pull several GB of CUDA wheels
            .venv/bin/python -m pip install --quiet "torch==2.13.0" ;;
    esac
    .venv/bin/python -m pip install --quiet -e ".[$EXTRAS]"
    touch "$stamp"
fi

apt_install() {
    # $@: Debian packages; installed only when missing and when we can (root + apt).
    local missing=()
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
        echo "argmine setup: please install ${missing[*]} (needs root and apt-get)" >&2
        return 0
    fi
    echo "argmine setup: apt-get install ${missing[*]}" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/dev/null
}

# Charts get their CJK font from the mplfonts wheel (the "plot" extra);
# browser tests need Debian's Chromium (no browser download is possible).
case ",$EXTRAS," in
    *,test,*) apt_install chromium chromium-driver ;;
esac
