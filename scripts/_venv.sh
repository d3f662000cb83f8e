# Shared by scripts/run, scripts/test and scripts/bench: make .venv in the repository root and
# (re)install the project into it whenever pyproject.toml changes. Sourced, not executed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
ensure_venv() {
    local extras="$1"   # "" or "dev"
    local python="${PYTHON:-python3}"
    if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "callcoach needs Python 3.11 or newer; set PYTHON=/path/to/python3.11 and try again." >&2
        exit 1
    fi
    [ -x "$VENV/bin/python" ] || "$python" -m venv "$VENV"
    local spec="$ROOT" stamp="$VENV/.installed"
    [ -n "$extras" ] && spec="$ROOT[$extras]"
    local want
    want="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1) $extras"
    if [ ! -f "$stamp" ] || ! grep -qxF "$want" "$stamp"; then
        # A dev install also satisfies a plain run; a plain install does not satisfy the tests.
        if [ -z "$extras" ] && [ -f "$stamp" ] && grep -qxF "$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1) dev" "$stamp"; then
            return 0
        fi
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$spec"
        echo "$want" > "$stamp"
    fi
}
