#!/usr/bin/env python3
"""The dashboard through Nazar's API: four GET /api/v1/orgs/1/metrics requests on one
keep-alive connection, timed one by one (wall clock from sending the request to the last byte
of the answer), warm-up rounds first. Also times an authenticated read of the organisation on
the same connection: the floor any API request pays (HTTP, API key, org lookup).

Usage: dashboard_api.py PORT KEY SURVEY FILTER REPS WARMUP  (FILTER like language=fa)
Prints JSON: raw milliseconds per query and the last answer of each query.
"""
import http.client
import json
import sys
import time
import urllib.parse

port, key, survey, filt, reps, warmup = sys.argv[1:7]
reps, warmup = int(reps), int(warmup)
fkey, fvalue = filt.split("=", 1)

base = {"metric": "nps", "question": "nps", "survey": survey, "min_n": "1", fkey: fvalue}
QUERIES = {
    "overall": {},
    "trend_month": {"trend": "month"},
    "by_touchpoint": {"group_by": "touchpoint"},
    "by_agent": {"group_by": "agent"},
}
paths = {name: "/api/v1/orgs/1/metrics?" + urllib.parse.urlencode({**base, **extra})
         for name, extra in QUERIES.items()}
headers = {"Authorization": f"Bearer {key}", "Connection": "keep-alive"}
conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=600)


def get(path):
    t0 = time.perf_counter()
    conn.request("GET", path, headers=headers)
    resp = conn.getresponse()
    body = resp.read()
    ms = (time.perf_counter() - t0) * 1000.0
    if resp.status != 200:
        sys.exit(f"dashboard_api: GET {path} answered {resp.status}: {body[:500]!r}")
    return ms, body


times = {name: [] for name in QUERIES}
floor = []
last = {}
for i in range(warmup + reps):
    for name, path in paths.items():
        ms, body = get(path)
        if i >= warmup:
            times[name].append(ms)
        last[name] = body
for i in range(warmup + reps):
    ms, _ = get("/api/v1/orgs/1")
    if i >= warmup:
        floor.append(ms)

answers = {name: json.loads(body) for name, body in last.items()}
print(json.dumps({"paths": paths, "times_ms": times, "floor_ms": floor, "answers": answers}))
