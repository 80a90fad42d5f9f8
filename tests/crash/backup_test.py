#!/usr/bin/env python3
"""`nazar backup` and `nazar restore` round trip on SQLite.

- a demo organisation (its responses, contacts, interactions, cases…) plus a survey that
  clients keep answering through a public link while `nazar backup` copies the database:
  the copy passes integrity_check, holds every response acknowledged before the backup
  began and nothing that was not sent;
- the quiet database backed up and restored into a new file: every table, row for row,
  equals the original's; the restored database serves the same figures;
- refusals: restore over a database that is not empty (without --force), a backup over an
  existing file, a PostgreSQL URL (pg_dump's job), a file that is not a database.

With --store postgresql: the path docs/operations.md gives instead (pg_dump --format=custom,
pg_restore --no-owner into a new database), every table compared, the restored database
migrated and served.

Usage: backup_test.py --nazar PATH [--store sqlite|postgresql] [--responses N] [--keep];
prints one JSON line of figures.
"""
import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ beside the sources
from harness import Postgres, Server


def tables(path):
    """{table: sorted rows} of every table of the SQLite database at path."""
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        conn.close()


def scalar(path, sql):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def postgres_round_trip(args, work, check):
    """docs/operations.md's pg_dump / pg_restore path; returns its figures."""
    pg = Postgres(work)
    try:
        server = Server(args.nazar, pg.url, work)
        server.cli("migrate")
        server.cli("demo", "--responses", str(args.responses), "--days", "90")
        dump = os.path.join(work, "nazar.dump")
        began = time.time()
        subprocess.run([f"{pg.bin}/pg_dump", "--format=custom", f"--file={dump}", pg.url], check=True)
        figures = {"pg_dump_ms": round((time.time() - began) * 1000), "dump_bytes": os.path.getsize(dump)}
        pg.psql("postgres", "CREATE DATABASE nazar_restored TEMPLATE template0")
        restored_url = pg.url.rsplit("/", 1)[0] + "/nazar_restored"
        began = time.time()
        out = subprocess.run([f"{pg.bin}/pg_restore", "--no-owner", f"--dbname={restored_url}", dump],
                             capture_output=True, text=True)
        figures["pg_restore_ms"] = round((time.time() - began) * 1000)
        check(out.returncode == 0, f"pg_restore exits 0: {out.stderr}")
        names = [r[0] for r in pg.psql("crash", "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        digest = ("SELECT count(*), md5(COALESCE(string_agg(t::text, ',' ORDER BY t::text), '')) "
                  'FROM "{}" t')
        differ = [n for n in names if pg.psql("crash", digest.format(n)) != pg.psql("nazar_restored", digest.format(n))]
        check(not differ, f"tables differ after pg_dump / pg_restore: {differ}")
        figures["tables"] = len(names)
        figures["rows"] = sum(int(pg.psql("crash", f'SELECT count(*) FROM "{n}"')[0][0]) for n in names)
        restored = Server(args.nazar, restored_url, work)
        restored.cli("migrate")
        restored.key = restored.cli("apikey", "create", "--org", "1", "--name", "restored", "--role", "admin")
        restored.start()
        orgs = restored.api("GET", "")
        check(orgs.get("id") == 1, f"the restored database serves its organisation: {orgs}")
        check(restored.stop() == 0, "the server on the restored database stops")
        return figures
    finally:
        pg.stop()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--nazar", required=True)
    p.add_argument("--store", choices=["sqlite", "postgresql"], default="sqlite")
    p.add_argument("--responses", type=int, default=20000, help="the demo's responses")
    p.add_argument("--keep", action="store_true")
    args = p.parse_args()
    work = tempfile.mkdtemp(prefix="nazar-backup-")
    failures = []

    def check(ok, what):
        if not ok:
            failures.append(what)
            print("FAILED: " + what, file=sys.stderr)

    def run(*argv):
        return subprocess.run([args.nazar, *argv], capture_output=True, text=True)

    if args.store == "postgresql":
        try:
            figures = postgres_round_trip(args, work, check)
            figures["failures"] = len(failures)
            print(json.dumps(figures))
        finally:
            if args.keep or failures:
                print("work folder kept: " + work, file=sys.stderr)
            else:
                shutil.rmtree(work, ignore_errors=True)
        return 1 if failures else 0

    db = os.path.join(work, "nazar.db")
    server = Server(args.nazar, "sqlite:" + db, work)
    figures = {}
    try:
        server.cli("migrate")
        server.cli("demo", "--responses", str(args.responses), "--days", "90")
        server.key = server.cli("apikey", "create", "--org", "1", "--name", "backup", "--role", "admin")
        server.start()
        survey, path = server.nps_link("backup")

        # Clients answer while the backup runs.
        acked, stop, lock = [], threading.Event(), threading.Lock()

        def client(n):
            i = 0
            while not stop.is_set():
                i += 1
                rid = f"b{n}-{i}"
                if server.submit(path, rid, i % 11)[0] == 201:
                    with lock:
                        acked.append(rid)

        clients = [threading.Thread(target=client, args=(n,)) for n in range(3)]
        for t in clients:
            t.start()
        time.sleep(1)
        with lock:
            before = set(acked)
        live = os.path.join(work, "live.db")
        began = time.time()
        out = run("backup", "--db", "sqlite:" + db, "--out", live)
        figures["live_backup_ms"] = round((time.time() - began) * 1000)
        time.sleep(0.5)
        stop.set()
        for t in clients:
            t.join()
        check(out.returncode == 0, f"backup while serving exits 0: {out.stderr}")
        check("secret.key" in out.stderr, "backup says the secret key is not in it")
        check(scalar(live, "PRAGMA integrity_check") == "ok", "the live backup passes integrity_check")
        check(not os.path.exists(live + "-wal"), "the backup is one file")
        conn = sqlite3.connect(live)
        # A link's responses are keyed "l<link id>:<response id>".
        copied = {r[0].split(":", 1)[1] for r in conn.execute(
            "SELECT response_key FROM responses WHERE survey_id = ?", (survey,))}
        conn.close()
        check(before <= copied, f"the live backup holds every response acknowledged before it began "
                                f"({len(before - copied)} missing)")
        check(copied <= set(acked), "the live backup holds nothing that was not sent")
        figures.update(acknowledged_while_backing_up=len(acked) - len(before),
                       live_backup_responses=len(copied))
        status, report = server.request("GET", f"/api/v1/orgs/1/metrics?metric=nps&survey={survey}", key=server.key)
        check(server.stop() == 0, "the server stops")

        # The quiet database: backup, restore into a new file, compare every table.
        quiet = os.path.join(work, "quiet.db")
        began = time.time()
        out = run("backup", "--db", "sqlite:" + db, "--out", quiet)
        figures["backup_ms"] = round((time.time() - began) * 1000)
        check(out.returncode == 0, f"backup exits 0: {out.stderr}")
        figures["backup_bytes"] = os.path.getsize(quiet)
        figures["responses"] = scalar(db, "SELECT count(*) FROM responses")
        restored = os.path.join(work, "restored", "nazar.db")
        began = time.time()
        out = run("restore", "--from", quiet, "--db", "sqlite:" + restored)
        figures["restore_ms"] = round((time.time() - began) * 1000)
        check(out.returncode == 0, f"restore exits 0: {out.stderr}")
        original, back = tables(db), tables(restored)
        figures["tables"] = len(original)
        figures["rows"] = sum(len(rows) for rows in original.values())
        check(original.keys() == back.keys(), "the restored database has the same tables")
        differ = [n for n in original if original[n] != back.get(n)]
        check(not differ, f"tables differ after the round trip: {differ}")

        # The restored database serves the same figures (its own secret key: a new one).
        server2 = Server(args.nazar, "sqlite:" + restored, os.path.dirname(restored))
        server2.key = server.key
        server2.start()
        status2, report2 = server2.request("GET", f"/api/v1/orgs/1/metrics?metric=nps&survey={survey}", key=server.key)
        check(status == status2 == 200 and report["overall"] == report2["overall"],
              "the restored database serves the same NPS figures")
        server2.stop()

        # Refusals.
        out = run("restore", "--from", quiet, "--db", "sqlite:" + db)
        check(out.returncode == 1 and "not empty" in out.stderr and "field: db" in out.stderr,
              f"restore over a database that is not empty is refused naming db: {out.stderr}")
        out = run("restore", "--from", live, "--db", "sqlite:" + db, "--force")
        check(out.returncode == 0, f"restore --force replaces it: {out.stderr}")
        check(scalar(db, "SELECT count(*) FROM responses") == scalar(live, "SELECT count(*) FROM responses"),
              "and the database is the backup's")
        out = run("backup", "--db", "sqlite:" + db, "--out", quiet)
        check(out.returncode == 2 and "field: out" in out.stderr, f"a backup never overwrites a file: {out.stderr}")
        out = run("backup", "--db", "postgresql://nazar@127.0.0.1:1/x", "--out", os.path.join(work, "pg.db"))
        check(out.returncode == 2 and "pg_dump" in out.stderr, f"PostgreSQL is pointed at pg_dump: {out.stderr}")
        junk = os.path.join(work, "junk.db")
        with open(junk, "w") as f:
            f.write("not a database\n" * 100)
        out = run("restore", "--from", junk, "--db", "sqlite:" + os.path.join(work, "new.db"))
        check(out.returncode == 2 and "field: from" in out.stderr, f"a file that is not a database is refused: {out.stderr}")
        figures["failures"] = len(failures)
        print(json.dumps(figures))
    finally:
        server.kill_if_running()
        if args.keep or failures:
            print("work folder kept: " + work, file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
