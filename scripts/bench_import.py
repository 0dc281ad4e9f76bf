#!/usr/bin/env python3
"""Benchmark: the 5,000-row invitation CSV import, end to end over HTTP,
on PostgreSQL and SQLite, against the real `orkesta` binary.

Run through scripts/bench-import.sh, which builds the binary and starts a
throwaway PostgreSQL cluster. Reports the median of several runs per
backend; each run imports into a fresh workspace.
"""

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

ROWS = 5_000
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gql(url, query, variables=None, token=None):
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    req = urllib.request.Request(url, data=body, headers={"content-type": "application/json"})
    if token:
        req.add_header("authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=120) as r:
        answer = json.load(r)
    if answer.get("errors"):
        raise RuntimeError(answer["errors"])
    return answer["data"]


def start(binary, database_url, workdir):
    port = free_port()
    env = {"PATH": os.environ["PATH"], "DATABASE_URL": database_url, "ORKESTA_LISTEN": f"127.0.0.1:{port}", "ORKESTA_LOG": "warn", "ORKESTA_REQUEST_TIMEOUT": "120"}
    proc = subprocess.Popen([binary], cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{base}/readyz", timeout=1)
            return proc, f"{base}/graphql"
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("orkesta did not start")


def bench(binary, name, database_url):
    with tempfile.TemporaryDirectory() as workdir:
        proc, url = start(binary, database_url, workdir)
        try:
            token = gql(url, 'mutation { signUp(input: { email: "bench@example.com", password: "benchmark password", name: "Bench" }) { token } }')["signUp"]["token"]
            csv = "email,role\n" + "".join(f"user{i}@example.com,viewer\n" for i in range(ROWS))
            timings = []
            for run in range(RUNS):
                slug = f"bench-{run}"
                gql(url, "mutation($s: String!) { createWorkspace(input: { slug: $s, name: $s }) { workspace { id } } }", {"s": slug}, token)
                started = time.perf_counter()
                report = gql(url, "mutation($s: String!, $csv: String!) { importInvitations(input: { workspaceSlug: $s, csvText: $csv }) { invited errors { code } } }", {"s": slug, "csv": csv}, token)
                timings.append(time.perf_counter() - started)
                assert report["importInvitations"]["invited"] == ROWS, report
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"{name:10} {ROWS} rows: median {statistics.median(timings):.3f} s, min {min(timings):.3f} s, max {max(timings):.3f} s ({RUNS} runs)")


def main():
    binary = os.environ["ORKESTA_BIN"]
    admin = os.environ["ORKESTA_TEST_POSTGRES_URL"]
    database = f"bench_{uuid.uuid4().hex}"
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {database}"], check=True)
    bench(binary, "postgres", admin.rsplit("/", 1)[0] + "/" + database)
    with tempfile.TemporaryDirectory() as d:
        bench(binary, "sqlite", os.path.join(d, "bench.db"))


if __name__ == "__main__":
    sys.exit(main())
