# Shared by scripts/start and scripts/test: make .venv with Python 3.11+ and install the pinned
# dependencies of a lock file (requirements.lock or requirements-dev.lock, made by scripts/lock;
# every file checked against its hash). Re-installs only when a requirements or lock file
# changed (a stamp file holds their checksum).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

find_python() {
  for candidate in "${PYTHON:-}" python3.11 python3.12 python3.13 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
      echo "$candidate"
      return 0
    fi
  done
  echo "Python 3.11 or newer is needed; none was found on PATH." >&2
  return 1
}

ensure_venv() {
  local requirements="$1"
  if [ ! -x .venv/bin/python ]; then
    echo "Creating the virtual environment in .venv ..."
    "$(find_python)" -m venv .venv
  fi
  local stamp=.venv/.requirements-$(basename "$requirements").sha
  local sum
  sum=$(cat requirements*.txt requirements*.lock | sha256sum | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    echo "Installing dependencies from $requirements ..."
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet --require-hashes -r "$requirements"
    echo "$sum" > "$stamp"
  fi
}
