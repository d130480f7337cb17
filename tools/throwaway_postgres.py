#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL server built from this machine's binaries.

    python tools/throwaway_postgres.py -- pytest

The server lives in a temporary directory, listens on 127.0.0.1 on a free port, runs with
durability switched off (it is thrown away) and is removed when the command ends. The command
gets DATABASE_URL pointing at it. When the server binaries are missing, root installs Debian's
package; anyone else gets a one-line instruction.
"""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time

PACKAGES = ["postgresql", "postgresql-contrib"]


def find_bindir():
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if candidates:
        return os.path.dirname(candidates[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


def install_server():
    print("PostgreSQL server not found; installing Debian packages:", " ".join(PACKAGES), flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *PACKAGES], check=True, env=env)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_as(user):
    """When root, drop to the 'postgres' account: the server refuses to run as root."""
    if user is None:
        return {}
    entry = pwd.getpwnam(user)

    def demote():
        os.setgid(entry.pw_gid)
        os.setuid(entry.pw_uid)

    return {"preexec_fn": demote}


def main(argv):
    if "--" not in argv or argv.index("--") == len(argv) - 1:
        print("usage: throwaway_postgres.py -- COMMAND [ARGS...]", file=sys.stderr)
        return 2
    command = argv[argv.index("--") + 1:]
    bindir = find_bindir()
    if bindir is None:
        if os.geteuid() == 0 and shutil.which("apt-get"):
            install_server()
            bindir = find_bindir()
        if bindir is None:
            print("PostgreSQL server binaries not found: run 'sudo apt-get install postgresql postgresql-contrib' and retry.", file=sys.stderr)
            return 3
    user = "postgres" if os.geteuid() == 0 else None
    if user:
        try:
            pwd.getpwnam(user)
        except KeyError:
            print("Running as root needs the 'postgres' account (Debian's postgresql package creates it); "
                  "run 'apt-get install postgresql' or run make test as another user.", file=sys.stderr)
            return 3
    workdir = tempfile.mkdtemp(prefix="kb-pg-")
    data, sockets = os.path.join(workdir, "data"), os.path.join(workdir, "sock")
    os.makedirs(sockets)
    if user:
        entry = pwd.getpwnam(user)
        for path in (workdir, sockets):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    port = free_port()
    server = None
    try:
        subprocess.run(
            [os.path.join(bindir, "initdb"), "-D", data, "-U", "kb", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
            check=True, stdout=subprocess.DEVNULL, **run_as(user),
        )
        server = subprocess.Popen(
            [os.path.join(bindir, "postgres"), "-D", data, "-p", str(port), "-k", sockets,
             "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
             "-c", "full_page_writes=off", "-c", "max_connections=50"],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(workdir, "server.log"), "w"), **run_as(user),
        )
        for _ in range(100):
            ready = subprocess.run(
                [os.path.join(bindir, "pg_isready"), "-h", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL
            )
            if ready.returncode == 0:
                break
            if server.poll() is not None:
                print(open(os.path.join(workdir, "server.log")).read(), file=sys.stderr)
                return 4
            time.sleep(0.1)
        subprocess.run([os.path.join(bindir, "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "kb", "kb"], check=True)
        url = f"postgres://kb@127.0.0.1:{port}/kb"
        print(f"Throwaway PostgreSQL ready at {url}", flush=True)
        return subprocess.run(command, env={**os.environ, "DATABASE_URL": url, "KB_REQUIRE_POSTGRES": "1"}).returncode
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
