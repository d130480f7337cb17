# syntax=docker/dockerfile:1
# Production image: gunicorn serving the WSGI app, whitenoise serving collected static files.
# Build:  docker build -t kb .
# Run:    see docs/deploy.md (needs DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS).

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /build
COPY requirements.txt .
RUN python -m venv /opt/venv && /opt/venv/bin/pip install -r requirements.txt

FROM python:3.11-slim-bookworm AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=kb.settings.production \
    STATIC_ROOT=/app/static \
    KB_VAR_DIR=/app/var \
    PORT=8000
RUN groupadd --system kb && useradd --system --gid kb --home-dir /app --shell /usr/sbin/nologin kb
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --chown=kb:kb . /app
# collectstatic needs settings to import; these build-only values never reach the running container.
RUN python tools/compile_messages.py --force \
    && SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput -v0 \
    && mkdir -p /app/var && chown -R kb:kb /app/var /app/static
USER kb
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"8000\")}/healthz/', timeout=4)"
CMD ["sh", "-c", "exec gunicorn kb.wsgi:application --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3} --access-logfile - --forwarded-allow-ips='*'"]
