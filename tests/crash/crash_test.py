#!/usr/bin/env python3
"""Crash safety, proven: `nazar serve` killed with SIGKILL at random moments under load.

Concurrent clients submit responses through a public link (the response id is the
idempotency key) and batches of interactions (the reference is the key); an alert rule opens
a case for every detractor (NPS <= 6) and e-mails its owner through the outbox to a real SMTP
sink; a case worker resolves every second case (read its version, PATCH it resolved). The server is killed (kill -9) at a random moment of every cycle and started again;
writes that were not acknowledged are sent again. Afterwards:
  - every acknowledged write is stored exactly once, with what was sent, and retries of
    writes whose answer was lost count once (they come back "replayed");
  - every case acknowledged resolved is resolved, with its resolution, with one status and
    one resolution event (a resolve whose answer was lost finds the case resolved), and no
    other case is;
  - every detractor has exactly one alert and one case; the outbox sent each of their
    notifications at least once, and never twice within one server's lifetime (only a crash
    between the send and its settlement may repeat it);
  - SQLite: PRAGMA integrity_check is "ok" after every kill;
  - the metrics view after the last restart equals the figures counted from the database,
    and the live view (updated incrementally) equals a fresh rebuild (a graceful restart).

Usage: crash_test.py --nazar PATH --smtp-sink PATH [--store sqlite|postgresql] [--cycles N]
       [--seed N] [--keep]
Exit 0 when every check holds; prints one JSON line of figures.
"""
import argparse
import http.client
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ beside the sources
from harness import Failures, Postgres, Server, free_port, now_ms

RESPONSE_CLIENTS = 4
INTERACTION_CLIENTS = 2
INTERACTION_BATCH = 5
LEASE_MS = 3000


class Run:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)  # the writes (drawn in whatever order threads run)
        self.kill_rng = random.Random(args.seed)  # the kill moments
        self.work = tempfile.mkdtemp(prefix="nazar-crash-")
        self.fail = Failures()
        self.pg = None
        if args.store == "postgresql":
            self.pg = Postgres(self.work)
            self.db = self.pg.url
        else:
            self.db_path = os.path.join(self.work, "nazar.db")
            self.db = "sqlite:" + self.db_path
        self.server = Server(args.nazar, self.db, self.work, ["--outbox-lease-ms", str(LEASE_MS)])
        self.lifetimes = []  # wall ms at which each server was started
        self.kills = 0
        self.lock = threading.Lock()
        self.pending = []  # writes sent without an answer: sent again
        self.acked = {}  # ("r"|"i", key) -> what was sent
        self.replayed_retries = 0  # retries of unanswered writes that the server already had
        self.retries = 0
        self.seq = 0
        self.case_next = 2  # the case client resolves cases 2, 4, 6…, each once
        self.resolved = set()
        self.cases_found_resolved = 0  # retries of a resolve whose answer was lost

    # --- the server ---------------------------------------------------------------
    def start(self):
        self.lifetimes.append(now_ms())
        self.server.start()

    def kill(self):
        self.server.kill()
        self.kills += 1

    # --- the database -------------------------------------------------------------
    def query(self, sql):
        if self.pg:
            return self.pg.psql("crash", sql)
        conn = sqlite3.connect(self.db_path)
        try:
            return [[str(v) if v is not None else "" for v in row] for row in conn.execute(sql)]
        finally:
            conn.close()

    def integrity(self):
        if self.pg:
            return True
        conn = sqlite3.connect(self.db_path)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
        return self.fail.check(result == [("ok",)], f"integrity_check after kill {self.kills}: {result}")

    # --- set up -------------------------------------------------------------------
    def set_up(self, sink_port):
        self.server.cli("migrate")
        self.server.cli("user", "create", "--email", "owner@crash.example", "--name", "Owner", "--org",
                   "Crash Org", "--password", "crash-test-password")
        self.key = self.server.key = self.server.cli("apikey", "create", "--org", "1", "--name", "crash",
                                                     "--role", "admin")
        self.start()
        api = self.server.api
        self.survey, self.submit_path = self.server.nps_link("crash")
        api("POST", "/touchpoints", {"key": "support", "channel": "phone", "name": {"en": "Support"}})
        api("PUT", "/channel-settings", {"smtp": {"host": "127.0.0.1", "port": sink_port, "tls": "none",
                                                       "from_address": "cx@crash.example",
                                                       "from_name": "Crash"}})
        api("PUT", "/act/settings", {"assignment": {"default": [1]}})
        api("POST", "/alert-rules", {"name": "detractors", "survey_id": self.survey, "priority": "high",
                                          "conditions": [{"field": "answer.nps", "op": "<=", "value": 6}],
                                          "notify": {"roles": ["owner"], "channels": ["email"]}})

    # --- the clients --------------------------------------------------------------
    def next_write(self, kind):
        with self.lock:
            for i, w in enumerate(self.pending):
                if w["kind"] == kind:
                    self.retries += 1
                    return self.pending.pop(i), True
            self.seq += 1
            n = self.seq
        if kind == "r":
            # One in ten a detractor (0-6): each opens a case and sends an e-mail.
            nps = self.rng.randrange(7) if self.rng.random() < 0.1 else self.rng.randrange(7, 11)
            return {"kind": "r", "key": f"r{n}", "nps": nps}, False
        refs = [f"i{n}-{k}" for k in range(INTERACTION_BATCH)]
        return {"kind": "i", "key": f"i{n}", "refs": refs, "contacts": [f"c{self.rng.randrange(50)}" for _ in refs],
                "waits": [self.rng.randrange(600) for _ in refs]}, False

    def send(self, w, timeout=10):
        """(acknowledged, replayed) or raises OSError when the server is gone."""
        if w["kind"] == "r":
            status, out = self.server.submit(self.submit_path, w["key"], w["nps"], timeout=timeout)
            if status == 201 or status == 200:
                return True, bool(out.get("replayed"))
        else:
            items = [{"contact": c, "email": f"{c}@crash.example", "touchpoint": "support", "reference": r,
                      "facts": {"wait_s": s}} for r, c, s in zip(w["refs"], w["contacts"], w["waits"])]
            status, out = self.server.request("POST", "/api/v1/orgs/1/interactions", {"interactions": items},
                                       key=self.key, timeout=timeout)
            if status in (200, 201):
                return True, all(i["replayed"] for i in out["items"])
        if status in (500, 502, 503, 504):
            return False, False
        raise RuntimeError(f"{w['kind']} {w['key']}: {status} {out}")

    def client(self, kind, stop):
        while not stop.is_set():
            w, retry = self.next_write(kind)
            try:
                ok, replayed = self.send(w)
            except (OSError, http.client.HTTPException):
                ok = False
            except Exception as e:  # a 4xx: a bug, not a crash
                self.fail.check(False, str(e))
                return
            with self.lock:
                if ok:
                    self.acked[(w["kind"], w["key"])] = w
                    self.replayed_retries += retry and replayed
                else:
                    self.pending.append(w)
            if not ok:
                return  # the server is gone (or failing): wait for the next start

    def resolve_case(self, case_id):
        """True when the case is resolved (now, or already by an attempt whose answer was lost);
        False while the alert rule has not opened it yet. Raises OSError when the server is gone."""
        status, case = self.server.request("GET", f"/api/v1/orgs/1/cases/{case_id}", key=self.key)
        if status == 404:
            return False
        if status != 200:
            raise OSError(f"GET case {case_id}: {status}")
        case = case.get("case", case)
        if case["status"] == "resolved":
            self.cases_found_resolved += 1
            return True
        status, out = self.server.request("PATCH", f"/api/v1/orgs/1/cases/{case_id}",
                                          {"version": case["version"], "status": "resolved",
                                           "resolution": f"fixed {case_id}"}, key=self.key)
        if status == 200:
            return True
        if status >= 500:
            raise OSError(f"PATCH case {case_id}: {status}")
        raise RuntimeError(f"PATCH case {case_id}: {status} {out}")

    def case_client(self, stop):
        while not stop.is_set():
            try:
                done = self.resolve_case(self.case_next)
            except (OSError, http.client.HTTPException):
                return  # the same case again after the next start
            except Exception as e:
                self.fail.check(False, str(e))
                return
            if done:
                self.resolved.add(self.case_next)
                self.case_next += 2
            else:
                time.sleep(0.05)

    def cycle(self):
        stop = threading.Event()
        threads = [threading.Thread(target=self.client, args=(k, stop))
                   for k in ["r"] * RESPONSE_CLIENTS + ["i"] * INTERACTION_CLIENTS]
        threads.append(threading.Thread(target=self.case_client, args=(stop,)))
        for t in threads:
            t.start()
        time.sleep(self.kill_rng.uniform(0.3, 1.5))
        self.kill()
        stop.set()
        for t in threads:
            t.join()

    # --- afterwards ---------------------------------------------------------------
    def settle(self):
        """Sends every unanswered write until it is answered; then sends a sample of the
        answered ones again: each must come back replayed."""
        while self.pending:
            w = self.pending.pop()
            ok, replayed = self.send(w)
            self.fail.check(ok, f"retry of {w['key']} answered")
            self.retries += 1
            self.replayed_retries += replayed
            self.acked[(w["kind"], w["key"])] = w
        if self.resolve_case(self.case_next):  # the case in hand at the last kill (if opened)
            self.resolved.add(self.case_next)
        again = self.rng.sample(sorted(self.acked), min(300, len(self.acked)))
        not_replayed = [k for k in again if not self.send(self.acked[k])[1]]
        self.fail.check(not not_replayed, f"{len(not_replayed)} repeated writes were taken as new: {not_replayed[:5]}")
        return len(again)

    def check_writes(self):
        responses = {}
        for key, status, answers in self.query("SELECT response_key, status, answers FROM responses"):
            key = key.split(":", 1)[1]  # a link's responses are keyed "l<link id>:<response id>"
            self.fail.check(key not in responses, f"response {key} stored twice")
            responses[key] = (status, json.loads(answers))
        sent = {k: w for (kind, k), w in self.acked.items() if kind == "r"}
        self.fail.check(set(responses) == set(sent),
                        f"responses stored {len(responses)} != acknowledged {len(sent)}: "
                        f"missing {sorted(set(sent) - set(responses))[:5]}, extra {sorted(set(responses) - set(sent))[:5]}")
        wrong = [k for k, w in sent.items() if k in responses and
                 (responses[k][0] != "complete" or w["nps"] not in responses[k][1].values())]
        self.fail.check(not wrong, f"responses stored with other answers: {wrong[:5]}")

        refs = [r[0] for r in self.query("SELECT reference FROM interactions")]
        self.fail.check(len(refs) == len(set(refs)), "an interaction stored twice")
        want = {r for (kind, _), w in self.acked.items() if kind == "i" for r in w["refs"]}
        self.fail.check(set(refs) == want, f"interactions stored {len(set(refs))} != acknowledged {len(want)}")

        detractors = sum(1 for w in sent.values() if w["nps"] <= 6)
        alerts = self.query("SELECT response_id, count(*) FROM alerts GROUP BY response_id")
        cases = self.query("SELECT response_id, count(*) FROM cases GROUP BY response_id")
        self.fail.check(len(alerts) == detractors and all(c == "1" for _, c in alerts),
                        f"alerts: {len(alerts)} responses with one, {detractors} detractors")
        self.fail.check(len(cases) == detractors and all(c == "1" for _, c in cases),
                        f"cases: {len(cases)} responses with one, {detractors} detractors")
        rows = self.query("SELECT id, status, resolution FROM cases")
        wrong = [r for r in rows if (int(r[0]) in self.resolved) != (r[1] == "resolved") or
                 (int(r[0]) in self.resolved and r[2] != f"fixed {r[0]}")]
        self.fail.check(not wrong, f"cases resolved other than acknowledged: {wrong[:5]}")
        events = self.query("SELECT case_id, count(*) FROM case_events WHERE kind IN ('status', 'resolution') "
                            "GROUP BY case_id")
        self.fail.check(sorted(int(c) for c, n in events if n == "2") == sorted(self.resolved) and
                        all(n == "2" for _, n in events),
                        "each resolved case has one status and one resolution event")
        return len(sent), len(want), detractors

    def check_outbox(self, sink_log):
        deadline = time.time() + 60
        while time.time() < deadline:
            left = self.query("SELECT count(*) FROM outbox WHERE topic = 'act.notify' AND state = 'pending'")[0][0]
            if left == "0":
                break
            time.sleep(0.5)
        rows = self.query("SELECT id, state FROM outbox WHERE topic = 'act.notify'")
        self.fail.check(all(s == "sent" for _, s in rows),
                        f"notify messages not sent: {[r for r in rows if r[1] != 'sent'][:5]}")
        received = {}
        for line in open(sink_log):
            at, message_id = line.rstrip("\n").split("\t")
            received.setdefault(message_id.strip("<>"), []).append(int(at))
        missing, twice_in_a_life, across_crash = [], [], 0
        for msg_id, _ in rows:
            times = sorted(received.get(f"notify-1-{msg_id}@nazar", []))
            if not times:
                missing.append(msg_id)
            lives = [sum(1 for start in self.lifetimes if start <= t) for t in times]
            if len(set(lives)) != len(lives):
                twice_in_a_life.append(msg_id)
            across_crash += max(0, len(times) - 1)
        self.fail.check(not missing, f"notify messages never received: {missing[:5]}")
        self.fail.check(not twice_in_a_life, f"sent twice without a crash between: {twice_in_a_life[:5]}")
        return len(rows), across_crash

    def metrics(self):
        report = self.server.api("GET", f"/metrics?metric=nps&survey={self.survey}")
        return report["overall"]

    def check_metrics(self):
        live = self.metrics()
        self.fail.check(self.server.stop() == 0, "SIGTERM stops the server")
        self.start()
        rebuilt = self.metrics()
        self.fail.check(live == rebuilt, f"the live metrics view {live} != a rebuild {rebuilt}")
        scores = [w["nps"] for (kind, _), w in self.acked.items() if kind == "r"]
        n = len(scores)
        histogram = [scores.count(k) for k in range(11)]
        self.fail.check(rebuilt["n"] == n, f"the view counts {rebuilt['n']} responses, the database {n}")
        self.fail.check(rebuilt["distribution"] == histogram,
                        f"the view's distribution {rebuilt['distribution']} != the database's {histogram}")
        return n


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--nazar", required=True)
    p.add_argument("--smtp-sink", required=True)
    p.add_argument("--store", choices=["sqlite", "postgresql"], default="sqlite")
    p.add_argument("--cycles", type=int, default=20)
    p.add_argument("--seed", type=int, default=int(time.time()))
    p.add_argument("--keep", action="store_true", help="keep the work folder")
    args = p.parse_args()
    began = time.time()
    run = Run(args)
    sink_log = os.path.join(run.work, "received.tsv")
    sink_port = free_port()
    sink = subprocess.Popen([args.smtp_sink, "--port", str(sink_port), "--log", sink_log],
                            stdout=subprocess.DEVNULL)
    try:
        run.set_up(sink_port)
        for _ in range(args.cycles):
            run.cycle()
            run.integrity()
            run.start()
        lost_answers = len(run.pending)
        repeated = run.settle()
        responses, interactions, detractors = run.check_writes()
        messages, repeats = run.check_outbox(sink_log)
        run.check_metrics()
        run.server.stop()
        run.integrity()
        print(json.dumps({"store": args.store, "seed": args.seed, "kills": run.kills,
                          "acknowledged_responses": responses, "acknowledged_interactions": interactions,
                          "retries": run.retries, "retries_already_stored": run.replayed_retries,
                          "unanswered_after_last_kill": lost_answers, "repeats_sent_again": repeated,
                          "detractor_cases": detractors, "cases_resolved": len(run.resolved),
                          "resolves_found_done_on_retry": run.cases_found_resolved, "notify_messages": messages,
                          "messages_sent_again_after_a_crash": repeats,
                          "seconds": round(time.time() - began, 1), "failures": len(run.fail.items)}))
    finally:
        run.server.kill_if_running()
        sink.send_signal(signal.SIGTERM)
        sink.wait()
        if run.pg:
            run.pg.stop()
        if args.keep or run.fail.items:
            print("work folder kept: " + run.work, file=sys.stderr)
        else:
            shutil.rmtree(run.work, ignore_errors=True)
    return 1 if run.fail.items else 0


if __name__ == "__main__":
    sys.exit(main())
