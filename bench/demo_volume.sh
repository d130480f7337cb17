#!/usr/bin/env bash
# Time `load_demo --entries N` (N entries x 4 languages) on a throwaway PostgreSQL.
#   bench/demo_volume.sh 1000
set -euo pipefail
cd "$(dirname "$0")/.."
entries=${1:-1000}
exec .venv/bin/python tools/throwaway_postgres.py -- bash -c "
  set -euo pipefail
  export DJANGO_SETTINGS_MODULE=kb.settings.dev
  .venv/bin/python manage.py migrate --noinput -v0
  start=\$(date +%s.%N)
  .venv/bin/python manage.py load_demo --entries $entries --no-fact-sheets > /tmp/kb-bench-load.log
  tail -8 /tmp/kb-bench-load.log
  end=\$(date +%s.%N)
  .venv/bin/python manage.py shell -c \"from faq.models import FaqPage; print('FAQ pages (all languages):', FaqPage.objects.count())\"
  python3 -c \"import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'load_demo --entries $entries: {s:.0f} s, {$entries/s:.1f} entries/s ({4*$entries/s:.1f} pages/s)')\" \$start \$end
"
