#!/usr/bin/env bash
# Create .venv and install the pinned requirements. On a bare Debian, python3 lacks the venv
# module until python3-venv is installed: root gets it installed, others get the command to run.
set -euo pipefail
python=${PYTHON:-python3}
if ! "$python" -c "import ensurepip, venv" 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
  else
    echo "Python's venv module is missing: run 'sudo apt-get install python3-venv' and retry." >&2
    exit 1
  fi
fi
"$python" -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -r requirements-dev.txt
