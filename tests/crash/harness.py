"""A real `nazar serve` for the crash and backup tests: free ports, starting it on a
database, SIGKILL / SIGTERM, and JSON requests to it; a throwaway PostgreSQL server
(standard library only)."""
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time


class Failures:
    """The checks that failed, each printed as it fails."""

    def __init__(self):
        self.items = []

    def check(self, ok, what):
        if not ok:
            self.items.append(what)
            print("FAILED: " + what, file=sys.stderr)
        return ok


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def now_ms():
    return int(time.time() * 1000)


class Server:
    """`nazar serve` on `db` in `work` (its log: work/server.log), a new process per start."""

    def __init__(self, nazar, db, work, extra=()):
        self.nazar, self.db, self.work, self.extra = os.path.abspath(nazar), db, work, list(extra)
        self.proc = None
        self.key = None  # an API key of organisation 1, for api()

    def cli(self, *argv, stdin=None):
        """Runs `nazar ARGV --db DB`; returns its standard output."""
        return subprocess.run([self.nazar, *argv, "--db", self.db], input=stdin, capture_output=True,
                              text=True, check=True).stdout.strip()

    def start(self, same_port=False):
        """Starts the server (on its last port with same_port, as a node behind a balancer)."""
        if not same_port or self.proc is None:
            self.port = free_port()
        log = open(os.path.join(self.work, "server.log"), "a")
        self.proc = subprocess.Popen(
            [self.nazar, "serve", "--db", self.db, "--listen", f"127.0.0.1:{self.port}", "--no-access-log",
             *self.extra], cwd=self.work, stdout=log, stderr=log)
        for _ in range(600):
            try:
                if self.request("GET", "/readyz", timeout=1)[0] == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError("the server did not start; see " + os.path.join(self.work, "server.log"))

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        """SIGTERM; returns the exit code."""
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=60)

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def request(self, method, path, body=None, key=None, timeout=10):
        """(status, parsed JSON or raw bytes); raises OSError when the server is gone."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            headers = {"Content-Type": "application/json"}
            if key:
                headers["Authorization"] = "Bearer " + key
            conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            return resp.status, (json.loads(data) if data and data[:1] in b"{[" else data)
        finally:
            conn.close()

    def api(self, method, path, body=None):
        """organisation 1's API with the key; raises on a status >= 300."""
        status, out = self.request(method, "/api/v1/orgs/1" + path, body, key=self.key)
        if status >= 300:
            raise RuntimeError(f"{method} {path}: {status} {out}")
        return out

    def nps_link(self, name):
        """A published NPS survey with an unlimited public link: (survey id, submit path)."""
        survey = self.api("POST", "/surveys", {"name": name, "template": "relationship_nps",
                                               "languages": ["en"]})["id"]
        self.api("POST", f"/surveys/{survey}/publish")
        token = self.api("POST", f"/surveys/{survey}/links",
                         {"name": name, "rate_limit_per_hour": 1000000})["token"]
        return survey, f"/api/v1/links/{token}/responses"

    def submit(self, path, response_id, nps, timeout=10):
        return self.request("POST", path, {"response_id": response_id, "complete": True,
                                           "answers": {"nps": nps}}, timeout=timeout)

    def kill_if_running(self):
        if self.running():
            self.kill()


class Postgres:
    """A throwaway PostgreSQL server on loopback, as tests/store's fixture starts one
    (as the postgres user when run as root)."""

    def __init__(self, work):
        bins = sorted(d for d in os.listdir("/usr/lib/postgresql")
                      if os.path.exists(f"/usr/lib/postgresql/{d}/bin/initdb"))
        if not bins:
            raise RuntimeError("PostgreSQL server binaries not found (scripts/bootstrap)")
        self.bin = f"/usr/lib/postgresql/{bins[-1]}/bin"
        self.dir = os.path.join(work, "pg")
        os.mkdir(self.dir)
        self.as_user = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
            os.chmod(work, 0o755)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        subprocess.run(self.as_user + [f"{self.bin}/initdb", "-D", f"{self.dir}/data", "-U", "nazar",
                                       "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.port = free_port()
        self.log = open(os.path.join(work, "postgres.log"), "w")
        self.proc = subprocess.Popen(
            self.as_user + [f"{self.bin}/postgres", "-D", f"{self.dir}/data", "-p", str(self.port),
                            "-k", self.dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=on",
                            "-c", "synchronous_commit=on", "-c", "max_connections=200"],
            stdout=self.log, stderr=self.log)
        for _ in range(300):
            if subprocess.run([f"{self.bin}/pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.port)]).returncode == 0:
                break
            time.sleep(0.1)
        self.psql("postgres", "CREATE DATABASE crash")
        self.url = f"postgresql://nazar@127.0.0.1:{self.port}/crash"

    def psql(self, db, sql):
        out = subprocess.run([f"{self.bin}/psql", "-X", "-q", "-At", "-F", "\t", "-h", "127.0.0.1",
                              "-p", str(self.port), "-U", "nazar", "-d", db, "-c", sql],
                             check=True, capture_output=True, text=True).stdout
        return [line.split("\t") for line in out.splitlines() if line]

    def stop(self):
        pid_file = f"{self.dir}/data/postmaster.pid"
        if os.path.exists(pid_file):  # runuser does not pass signals on: stop the postmaster
            os.kill(int(open(pid_file).readline()), signal.SIGINT)
        self.proc.wait(timeout=30)
