"""Serving the product on loopback for the browser tests and the benchmarks: a free port, a new
database on a PostgreSQL server, and waiting for gunicorn's health check."""

import socket
import time
import urllib.request
import uuid
from urllib.parse import urlsplit, urlunsplit


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_database(base_url, prefix):
    """A new, empty database on the PostgreSQL server of ``base_url``; returns its URL and a dropper."""
    import psycopg2

    parts = urlsplit(base_url)
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(base_url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    return urlunsplit(parts._replace(path="/" + name)), drop


def wait_until_up(base_url, process, deadline_s=60):
    """Until ``/healthz/`` answers 200; RuntimeError if the server exits or stays silent."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the site server exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(base_url + "/healthz/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the site server did not answer within {deadline_s} s")
