#!/usr/bin/env python3
"""Two `nazar serve` nodes on one PostgreSQL behind a real load balancer (haproxy).

Concurrent clients submit responses through the balancer, so each node takes about half.
Checked:
  - visibility: a response taken by one node is in the other node's metrics within one
    second (measured per response on a quiet and on a loaded cluster);
  - after the load, every node's metrics view equals the figures counted from the database
    (n and the distribution), and equals a fresh rebuild of that node (a graceful restart);
  - a node restarted while the other takes writes catches up: nothing missed, nothing twice;
  - a node killed (SIGKILL) mid-load and started again agrees with the database too;
  - a write by any other process (here psql, changing answers behind both nodes' backs)
    reaches both nodes' views: the database's own triggers feed the change.

Usage: nodes_test.py --nazar PATH [--responses N] [--keep]
Prints one JSON line of figures; exit 0 when every check holds.
"""
import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crash"))
from harness import Failures, Postgres, Server, free_port, now_ms  # noqa: E402

CLIENTS = 4


class Balancer:
    """haproxy in front of the nodes, round robin, on loopback."""

    def __init__(self, work, ports):
        self.port = free_port()
        conf = os.path.join(work, "haproxy.cfg")
        with open(conf, "w") as f:
            f.write("global\n  maxconn 2000\ndefaults\n  mode http\n  timeout connect 2s\n"
                    "  timeout client 30s\n  timeout server 30s\n  retries 3\n  option redispatch\n"
                    f"frontend cx\n  bind 127.0.0.1:{self.port}\n  default_backend nodes\n"
                    "backend nodes\n  balance roundrobin\n  option httpchk GET /readyz\n")
            for i, p in enumerate(ports):
                f.write(f"  server node{i + 1} 127.0.0.1:{p} check inter 200ms fall 1 rise 2\n")
        self.proc = subprocess.Popen(["haproxy", "-f", conf, "-db"], stdout=subprocess.DEVNULL,
                                     stderr=open(os.path.join(work, "haproxy.log"), "w"))
        self.server = Server.__new__(Server)  # a client of the balancer: Server's request()
        self.server.port = self.port
        for _ in range(100):
            try:
                if self.server.request("GET", "/readyz", timeout=1)[0] == 200:
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("haproxy did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


class Cluster:
    def __init__(self, args):
        self.args = args
        self.work = tempfile.mkdtemp(prefix="nazar-nodes-")
        self.fail = Failures()
        self.pg = Postgres(self.work)
        self.nodes = []
        for i in range(2):
            d = os.path.join(self.work, f"node{i + 1}")
            os.mkdir(d)
            self.nodes.append(Server(args.nazar, self.pg.url, d))
        self.sent = {}  # response id -> nps
        self.lock = threading.Lock()
        self.rng = random.Random(7)

    def set_up(self):
        a = self.nodes[0]
        a.cli("migrate")
        a.cli("user", "create", "--email", "owner@nodes.example", "--name", "Owner", "--org", "Nodes Org",
              "--password", "nodes-test-password")
        key = a.cli("apikey", "create", "--org", "1", "--name", "nodes", "--role", "admin")
        for n in self.nodes:
            n.key = key
            n.start()
        self.survey, self.path = a.nps_link("nodes")
        self.balancer = Balancer(self.work, [n.port for n in self.nodes])
        self.balancer.server.key = key

    def db_figures(self):
        rows = self.pg.psql("crash", "SELECT (answers::json->>'nps')::int, COUNT(*) FROM responses "
                                     f"WHERE survey_id = {self.survey} AND status = 'complete' GROUP BY 1")
        histogram = [0] * 11
        for nps, count in rows:
            histogram[int(nps)] = int(count)
        return sum(histogram), histogram

    def view(self, node):
        out = node.api("GET", f"/metrics?metric=nps&survey={self.survey}")["overall"]
        return out["n"], out["distribution"]

    def submit(self, server, nps=None):
        rid = "r-%016x" % self.rng.getrandbits(64)
        nps = self.rng.randrange(11) if nps is None else nps
        status, out = server.submit(self.path, rid, nps)
        if status in (200, 201):
            with self.lock:
                self.sent[rid] = nps
        return status

    def load(self, count, target=None):
        """`count` responses from CLIENTS threads through the balancer (or one node)."""
        server = target or self.balancer.server
        per = count // CLIENTS
        statuses = []

        def client():
            for _ in range(per):
                statuses.append(self.submit(server))

        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        bad = [s for s in statuses if s not in (200, 201)]
        self.fail.check(not bad, f"{len(bad)} submissions refused: {bad[:5]}")
        return per * CLIENTS / elapsed

    def visibility_ms(self, writer, reader, samples):
        """Per response: from the writer's acknowledgement to the reader's view counting it."""
        out = []
        for _ in range(samples):
            n0 = self.view(reader)[0]
            self.submit(writer)
            t0 = time.monotonic()
            while self.view(reader)[0] < n0 + 1:
                if time.monotonic() - t0 > 5:
                    break
                time.sleep(0.005)
            out.append((time.monotonic() - t0) * 1000)
        return out

    def agree(self, what, within_s=1.0):
        """Every node's view equals the database within `within_s`."""
        deadline = time.monotonic() + within_s
        want = self.db_figures()
        while True:
            views = [self.view(n) for n in self.nodes]
            if all(tuple(v) == (want[0], want[1]) for v in views) or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        for i, v in enumerate(views):
            self.fail.check(tuple(v) == (want[0], want[1]),
                            f"{what}: node {i + 1} counts {v[0]} {v[1]}, the database {want[0]} {want[1]}")
        return want[0]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--nazar", required=True)
    p.add_argument("--responses", type=int, default=4000)
    p.add_argument("--keep", action="store_true")
    args = p.parse_args()
    if not shutil.which("haproxy"):
        print("haproxy is missing (scripts/bootstrap installs it)", file=sys.stderr)
        return 1
    c = Cluster(args)
    figures = {}
    try:
        c.set_up()
        a, b = c.nodes
        quiet = c.visibility_ms(a, b, 20) + c.visibility_ms(b, a, 20)
        figures["visible_quiet_ms"] = {"p50": round(statistics.median(quiet), 1), "max": round(max(quiet), 1)}
        c.fail.check(max(quiet) < 1000, f"a response reached the other node in {max(quiet):.0f} ms (> 1 s)")

        # Load through the balancer, with visibility measured meanwhile.
        loaded = []
        probe = threading.Thread(target=lambda: loaded.extend(c.visibility_ms(a, b, 20)))
        probe.start()
        figures["through_balancer_per_s"] = round(c.load(args.responses))
        probe.join()
        figures["visible_loaded_ms"] = {"p50": round(statistics.median(loaded), 1), "max": round(max(loaded), 1)}
        c.fail.check(max(loaded) < 1000, f"under load a response took {max(loaded):.0f} ms to reach node 2")
        figures["responses_after_load"] = c.agree("after the load through the balancer")

        # Node 2 stopped; node 1 takes writes meanwhile; node 2 started again catches up.
        c.fail.check(b.stop() == 0, "SIGTERM stops node 2")
        c.load(args.responses // 4, target=a)
        b.start(same_port=True)
        c.agree("node 2 restarted after node 1 took writes")

        # Node 1 killed in the middle of load on both; started again.
        killer = threading.Timer(0.5, a.kill)
        killer.start()
        c.load(args.responses // 4, target=b)
        killer.join()
        a.start(same_port=True)
        time.sleep(0.5)  # the balancer's health check sees it back
        c.load(200)
        figures["responses"] = c.agree("node 1 killed and started again")

        # Another writer entirely: answers changed with psql.
        c.pg.psql("crash", f"UPDATE responses SET answers = '{{\"nps\": 0}}' WHERE id IN "
                           f"(SELECT id FROM responses WHERE survey_id = {c.survey} ORDER BY id LIMIT 50)")
        c.agree("50 answers changed by psql")

        # The live views equal a rebuild: each node restarted gracefully, figures unchanged.
        live = [c.view(n) for n in c.nodes]
        for i, n in enumerate(c.nodes):
            c.fail.check(n.stop() == 0, f"SIGTERM stops node {i + 1}")
            n.start(same_port=True)
            c.fail.check(c.view(n) == live[i], f"node {i + 1}'s live view {live[i]} != its rebuild {c.view(n)}")
        c.fail.check(len(c.sent) == c.db_figures()[0],
                     f"{len(c.sent)} responses acknowledged, {c.db_figures()[0]} stored")
    except Exception as e:  # noqa: BLE001 - reported as a failure with the logs kept
        c.fail.check(False, f"{type(e).__name__}: {e}")
    finally:
        for n in c.nodes:
            n.kill_if_running()
        if hasattr(c, "balancer"):
            c.balancer.stop()
        c.pg.stop()
        if c.fail.items or args.keep:
            print("kept " + c.work, file=sys.stderr)
        else:
            shutil.rmtree(c.work, ignore_errors=True)
    print(json.dumps(figures))
    return 1 if c.fail.items else 0


if __name__ == "__main__":
    sys.exit(main())
