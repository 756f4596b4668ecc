"""Load the read beacon served by gunicorn, and compare it with three other views.

Run from the repository root, with gunicorn and django-hitcount installed besides the
package (``pip install gunicorn django-hitcount``)::

    python bench/beacon.py [--duration 10] [--rounds 5] [--warmup 2] [--readers ua]

It needs PostgreSQL on 127.0.0.1:5432 (user ``postgres``, allowed to create databases) and
Redis on 127.0.0.1:6379. It creates the database ``wa_bench_beacon``, migrates it, loads
the example site's demo content, and starts the example project (settings
``bench/beacon_site``) under gunicorn twice, on two free ports of 127.0.0.1: one server
with the database read counter, one with the Redis read counter (Redis database 14,
flushed before and after). On each server it loads an empty Django view, a view doing
one ``F()`` update, the read beacon and django-hitcount's hit view, with ``wrk`` (a Python
load generator when wrk cannot be had). Every request is a POST of a small body, and about
three in four come from a new reader, one in four from a reader seen before.

It prints requests per second, the ratios against the targets, the CPU each request cost,
and whether every request the servers handled was counted exactly once. Then it stops the
servers, drops the database and flushes Redis database 14. It is a measurement, not a
test: it exits 0 whether the targets are met or not.
"""

import argparse
import contextlib
import json
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from importlib import metadata
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO_ROOT / "bench"
EXAMPLE_DIR = REPO_ROOT / "example_project"
MANAGE = EXAMPLE_DIR / "manage.py"

HOST = "127.0.0.1"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DB_NAME = "wa_bench_beacon"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
REDIS_URL = "redis://127.0.0.1:6379/14"
SETTINGS = "beacon_site.settings"
PIP_LINE = "pip install gunicorn django-hitcount"

BACKENDS = ("database", "redis")
# One round loads every target once, in this order (reversed every other round): the two
# targets of each ratio are neighbours, so they see the same state of the machine.
ORDER = (
    ("database", "update"),
    ("database", "beacon"),
    ("database", "hitcount"),
    ("database", "empty"),
    ("redis", "empty"),
    ("redis", "beacon"),
    ("redis", "hitcount"),
    ("redis", "update"),
)
# (label, numerator, denominator, server, minimum ratio)
RATIOS = (
    ("redis beacon / empty view", "beacon", "empty", "redis", 0.5),
    ("database beacon / F() view", "beacon", "update", "database", 0.8),
    ("database beacon / hitcount", "beacon", "hitcount", "database", 5.0),
    ("redis beacon / hitcount", "beacon", "hitcount", "redis", 5.0),
)
LABELS = {
    "empty": "empty view",
    "update": "F() view",
    "beacon": "read beacon",
    "hitcount": "django-hitcount",
}

# Browsers' user agents. With --readers ua, the first one with a reader number appended;
# with --readers address, one of them by reader.
BROWSERS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0",
)

# One script for every target. Arguments: path, content type, body, reader mode, tag,
# sequence number, then extra "Name: value" headers. Reader n of a thread is new for three
# requests in four; the fourth repeats an earlier reader of the same thread.
# - ua: the reader is in the User-Agent (every reader has a user agent of their own);
# - address: the reader is an address in X-Forwarded-For (a /48 of the documentation
#   prefix 3fff::/20, only ever a header value) and one of 16 browsers' user agents.
# It counts the requests written and the answers read: requests still in flight when
# wrk stops are handled by the server but never answered.
WRK_SCRIPT = r"""
local threads = {}
local next_id = 1
local browsers = {@BROWSERS@}

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  path, ctype, body, mode, tag, seq = args[1], args[2], args[3], args[4], args[5], tonumber(args[6])
  extra = {}
  for i = 7, #args do
    local k, v = args[i]:match("^([^:]+):%s*(.*)$")
    if k then extra[k] = v end
  end
  sent, answered, ok, n = 0, 0, 0, 0
  -- Before the run, wrk calls request() once on the first thread's state to look for
  -- pipelined requests; that request is never sent.
  if id == 1 then sent = -1 end
  math.randomseed(id * 7919 + seq)
end

function request()
  n = n + 1
  local reader = n
  if n % 4 == 0 then reader = math.random(1, n - 1) end
  local headers = {["Content-Type"] = ctype}
  if mode == "address" then
    local r = (seq * 64 + id) * 65536 + reader % 65536
    local p = math.floor(r / 16)
    headers["User-Agent"] = browsers[r % 16 + 1]
    headers["X-Forwarded-For"] = string.format(
      "3fff:%x:%x::1", math.floor(p / 65536) % 4096, p % 65536)
  else
    headers["User-Agent"] = string.format("%s r/%s.%d.%d", browsers[1], tag, id, reader)
  end
  for k, v in pairs(extra) do headers[k] = v end
  sent = sent + 1
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  answered = answered + 1
  if status >= 200 and status < 300 then ok = ok + 1 end
end

function done(summary, latency, requests)
  local s, a, o = 0, 0, 0
  for _, t in ipairs(threads) do
    s = s + t:get("sent")
    a = a + t:get("answered")
    o = o + t:get("ok")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH-RESULT {"duration_us": %d, "sent": %d, "answered": %d, "ok": %d, ' ..
    '"errors": %d, "p50_us": %d, "p99_us": %d}\n',
    summary.duration, s, a, o, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


def reader_headers(mode, tag, seq, thread, reader):
    """The headers that make a reader, as the wrk script builds them."""
    if mode == "address":
        r = (seq * 64 + thread) * 65536 + reader % 65536
        p = r // 16
        return {
            "User-Agent": BROWSERS[r % 16],
            "X-Forwarded-For": f"3fff:{(p // 65536) % 4096:x}:{p % 65536:x}::1",
        }
    return {"User-Agent": f"{BROWSERS[0]} r/{tag}.{thread}.{reader}"}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Load the read beacon under gunicorn and compare it with other views."
    )
    parser.add_argument(
        "--duration",
        type=int,
        default=10,
        help="measured seconds of load per target, split into rounds (default: 10)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="rounds; each loads every target once, in turn (default: 5)",
    )
    parser.add_argument(
        "--warmup", type=int, default=2, help="seconds of warm-up per target (default: 2)"
    )
    parser.add_argument(
        "--readers",
        choices=("ua", "address"),
        default="ua",
        help="what makes readers differ: their user agent (default), or their address "
        "(X-Forwarded-For, with TRUSTED_PROXIES set to 127.0.0.1) and one of 16 browsers",
    )
    parser.add_argument(
        "--workers", type=int, default=4, help="gunicorn worker processes (default: 4)"
    )
    parser.add_argument(
        "--worker-class",
        choices=("sync", "gthread"),
        default="sync",
        help="gunicorn worker class (default: sync)",
    )
    parser.add_argument(
        "--threads", type=int, default=4, help="threads per worker with gthread (default: 4)"
    )
    parser.add_argument(
        "--connections", type=int, default=32, help="open connections (default: 32)"
    )
    parser.add_argument("--load-threads", type=int, default=2, help="threads of wrk (default: 2)")
    parser.add_argument(
        "--load-generator",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="auto: wrk, installed with apt-get when missing, else Python (default: auto)",
    )
    args = parser.parse_args(argv)
    if min(args.duration, args.rounds, args.workers, args.threads, args.connections) <= 0:
        parser.error("durations, rounds, workers, threads and connections must be positive")
    if args.duration % args.rounds:
        parser.error("--duration must be a multiple of --rounds (wrk takes whole seconds)")
    if args.warmup < 0 or not 0 < args.load_threads <= min(args.connections, 64):
        parser.error("--warmup must be at least 0; --load-threads 1 to 64, <= --connections")
    return args


# --- results ----------------------------------------------------------------------------

CPU_KINDS = ("machine", "workers", "postgres", "redis", "loader")


@dataclass
class Load:
    """One load run against one URL, and the CPU seconds spent meanwhile."""

    seconds: float = 0.0
    sent: int = 0  # requests written to the server
    answered: int = 0  # answers read
    ok: int = 0  # 2xx answers
    errors: int = 0  # connect, read, write errors and timeouts
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    cpu: dict = field(default_factory=dict)

    @property
    def per_second(self):
        return self.answered / self.seconds if self.seconds else 0.0

    @property
    def unanswered(self):
        return self.sent - self.answered

    def cpu_ms_per_answer(self, kind):
        if kind not in self.cpu or not self.answered:
            return None
        return self.cpu[kind] * 1e3 / self.answered


@dataclass
class Target:
    name: str
    path: str
    content_type: str
    body: str
    headers: dict = field(default_factory=dict)
    probes_ok: int = 0  # 2xx answers to the script's own probe requests
    warmup: Load | None = None
    rounds: list = field(default_factory=list)

    @property
    def measured(self):
        """The rounds added up; p50 is the median round's, p99 the worst round's."""
        total = Load()
        for load in self.rounds:
            total.seconds += load.seconds
            total.sent += load.sent
            total.answered += load.answered
            total.ok += load.ok
            total.errors += load.errors
            for kind, seconds in load.cpu.items():
                total.cpu[kind] = total.cpu.get(kind, 0.0) + seconds
        if self.rounds:
            total.p50_ms = statistics.median(load.p50_ms for load in self.rounds)
            total.p99_ms = max(load.p99_ms for load in self.rounds)
        return total

    @property
    def handled(self):
        """Requests the server handled: answered 2xx, or in flight when a load stopped."""
        loads = [self.warmup, *self.rounds] if self.warmup else self.rounds
        return self.probes_ok + sum(load.ok + load.unanswered for load in loads)


# --- processes --------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def base_env(args, media_root):
    env = dict(os.environ)
    env.pop("READ_COUNTER_BACKEND", None)
    paths = [str(BENCH_DIR), str(EXAMPLE_DIR)]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env.update(
        PYTHONPATH=os.pathsep.join(paths),
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DJANGO_DEBUG="0",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        BEACON_BENCH_MEDIA_ROOT=str(media_root),
        BEACON_BENCH_TRUSTED_PROXIES=HOST if args.readers == "address" else "",
    )
    return env


def manage(env, *command):
    result = subprocess.run(
        [sys.executable, str(MANAGE), *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise RuntimeError(f"manage.py {' '.join(command)} failed ({result.returncode})")
    return result.stdout.strip()


class Server:
    """gunicorn serving the example project (beacon_site settings) on a free port."""

    def __init__(self, args, env, backend, log_path):
        self.args = args
        self.env = {**env, "READ_COUNTER_BACKEND": backend}
        self.backend = backend
        self.log_path = log_path
        self.port = free_port()
        self.process = None

    @property
    def command(self):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(self.args.workers),
            "--worker-class",
            self.args.worker_class,
            "--log-level",
            "warning",
            "--error-logfile",
            str(self.log_path),
        ]
        if self.args.worker_class == "gthread":
            command += ["--threads", str(self.args.threads)]
        return [*command, "newsroom.wsgi:application"]

    def describe(self):
        text = f"gunicorn, {self.args.workers} {self.args.worker_class} workers"
        if self.args.worker_class == "gthread":
            text += f" x {self.args.threads} threads"
        return text

    def start(self):
        # A session of its own: Ctrl-C reaches this script, which stops the server itself.
        self.process = subprocess.Popen(
            self.command,
            env=self.env,
            cwd=REPO_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}):\n{self.log()}")
            try:
                if post(self.port, "/bench/empty/", b"", {})[0] == 204:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within 90 s:\n{self.log()}")

    def worker_pids(self):
        if self.process is None:
            return []
        pids = []
        for children in Path(f"/proc/{self.process.pid}/task").glob("*/children"):
            with contextlib.suppress(OSError, ValueError):
                pids += [int(pid) for pid in children.read_text().split()]
        return pids

    def log(self):
        try:
            return self.log_path.read_text()[-4000:]
        except OSError:
            return ""

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # graceful: workers finish the request they are in
        try:
            self.process.wait(timeout=35)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def post(port, path, body, headers, timeout=10):
    request = urllib.request.Request(
        f"http://{HOST}:{port}{path}", data=body, headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


class CpuMeter:
    """CPU seconds (from /proc) of the machine, the servers' workers, the PostgreSQL
    backends of the benchmark database, redis-server and the load generator."""

    def __init__(self, servers, redis_pid):
        import psycopg

        self.servers = servers
        self.available = Path("/proc/stat").exists()
        # Only a redis-server of this machine (not one in a container, say) is measured.
        with contextlib.suppress(OSError):
            if "redis" not in Path(f"/proc/{redis_pid}/comm").read_text():
                redis_pid = None
        self.redis_pid = redis_pid
        self.tick = os.sysconf("SC_CLK_TCK") if self.available else 100
        self.admin = psycopg.connect(PG_ADMIN_URL, autocommit=True) if self.available else None

    def _process(self, pid):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rpartition(")")[2].split()
            return (int(fields[11]) + int(fields[12])) / self.tick  # utime + stime
        except (OSError, ValueError, IndexError):
            return 0.0

    def snapshot(self):
        if not self.available:
            return {}
        with open("/proc/stat") as stat:
            ticks = [int(value) for value in stat.readline().split()[1:9]]
        busy = sum(ticks) - ticks[3] - ticks[4]  # all but idle and iowait
        backends = self.admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [DB_NAME]
        ).fetchall()
        loader = resource.getrusage(resource.RUSAGE_CHILDREN)
        return {
            "machine": busy / self.tick,
            "workers": sum(
                self._process(pid) for server in self.servers for pid in server.worker_pids()
            ),
            "postgres": sum(self._process(pid) for (pid,) in backends),
            "redis": self._process(self.redis_pid) if self.redis_pid else 0.0,
            "loader": loader.ru_utime + loader.ru_stime,
        }

    def measure(self, run):
        """Run ``run()`` (which returns a Load) and attach the CPU seconds it took."""
        before = self.snapshot()
        load = run()
        after = self.snapshot()
        load.cpu = {kind: max(0.0, after[kind] - before[kind]) for kind in after}
        return load

    def close(self):
        if self.admin is not None:
            self.admin.close()


# --- load generators --------------------------------------------------------------------


def ensure_wrk():
    """The path of wrk; installed with apt-get only when it is not there."""
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        return None
    print("wrk not found: apt-get install -y wrk ...", flush=True)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "timeout": 600}
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    if subprocess.run(install, **quiet).returncode != 0:
        # The package lists may be missing or stale on a fresh machine.
        subprocess.run(["apt-get", "update", "-qq"], **quiet)
        subprocess.run(install, **quiet)
    return shutil.which("wrk")


def wrk_script():
    return WRK_SCRIPT.replace("@BROWSERS@", ", ".join(json.dumps(ua) for ua in BROWSERS))


def run_wrk(wrk, script, args, port, target, seconds, tag, seq):
    command = [
        wrk,
        f"-t{args.load_threads}",
        f"-c{args.connections}",
        f"-d{seconds}s",
        "-s",
        str(script),
        f"http://{HOST}:{port}",
        "--",
        target.path,
        target.content_type,
        target.body,
        args.readers,
        tag,
        str(seq),
        *(f"{name}: {value}" for name, value in target.headers.items()),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    match = re.search(r"^BENCH-RESULT (\{.*\})$", result.stdout, re.MULTILINE)
    if result.returncode != 0 or match is None:
        raise RuntimeError(f"wrk failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    data = json.loads(match.group(1))
    return Load(
        seconds=data["duration_us"] / 1e6,
        sent=data["sent"],
        answered=data["answered"],
        ok=data["ok"],
        errors=data["errors"],
        p50_ms=data["p50_us"] / 1e3,
        p99_ms=data["p99_us"] / 1e3,
    )


def _python_load_process(job):
    """One load process: `threads` closed-loop clients, keep-alive when the server offers it."""
    import http.client
    import random
    import threading

    port, target, seconds, threads, mode, tag, seq, first_thread = job
    deadline = time.monotonic() + seconds
    totals = {"sent": 0, "answered": 0, "ok": 0, "errors": 0}
    latencies = []
    lock = threading.Lock()

    def client(thread_id):
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        mine = dict.fromkeys(totals, 0)
        times = []
        rng = random.Random(thread_id * 7919 + seq)
        n = 0
        body = target.body.encode()
        while time.monotonic() < deadline:
            n += 1
            reader = rng.randint(1, n - 1) if n % 4 == 0 else n
            headers = {
                "Content-Type": target.content_type,
                **reader_headers(mode, tag, seq, thread_id, reader),
                **target.headers,
            }
            start = time.perf_counter()
            try:
                conn.request("POST", target.path, body, headers)
            except (OSError, http.client.HTTPException):
                mine["errors"] += 1  # not written: not counted as sent
                conn.close()
                continue
            mine["sent"] += 1
            try:
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                mine["errors"] += 1  # written, maybe handled: unanswered
                conn.close()
                continue
            times.append(time.perf_counter() - start)
            mine["answered"] += 1
            mine["ok"] += 200 <= response.status < 300
        conn.close()
        with lock:
            for key, value in mine.items():
                totals[key] += value
            latencies.extend(times)

    workers = [threading.Thread(target=client, args=(first_thread + i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return totals, latencies


def run_python_load(args, port, target, seconds, tag, seq):
    """Closed-loop load from two processes; every request written is waited for."""
    import multiprocessing

    processes = min(2, args.connections)
    per_process = [args.connections // processes] * processes
    per_process[0] += args.connections - sum(per_process)
    jobs = []
    first = 1
    for threads in per_process:
        jobs.append((port, target, seconds, threads, args.readers, tag, seq, first))
        first += threads
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        results = pool.map(_python_load_process, jobs)
    load = Load(seconds=time.perf_counter() - started)
    latencies = []
    for totals, times in results:
        load.sent += totals["sent"]
        load.answered += totals["answered"]
        load.ok += totals["ok"]
        load.errors += totals["errors"]
        latencies.extend(times)
    latencies.sort()
    if latencies:
        load.p50_ms = latencies[len(latencies) // 2] * 1e3
        load.p99_ms = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1e3
    return load


# --- setup and checks -------------------------------------------------------------------


def check_requirements():
    missing = []
    for module, package in (
        ("gunicorn", "gunicorn"),
        ("hitcount", "django-hitcount"),
        ("psycopg", "psycopg"),
        ("redis", "redis"),
    ):
        try:
            __import__(module)
        except ImportError:
            missing.append(package)
    return missing


def create_database():
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
        return conn.info.parameter_status("server_version")


def drop_database():
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def setup_django(env):
    """Django in this process, with the servers' settings and the database read counter."""
    for name in (
        "PYTHONPATH",
        "DATABASE_URL",
        "REDIS_URL",
        "BEACON_BENCH_MEDIA_ROOT",
        "BEACON_BENCH_TRUSTED_PROXIES",
    ):
        os.environ[name] = env[name]
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ.pop("READ_COUNTER_BACKEND", None)
    for path in (str(EXAMPLE_DIR), str(BENCH_DIR)):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()


def make_targets():
    """The four targets and the articles they use: one for beacons and hitcount, one for F()."""
    from django.utils import timezone
    from hitcount.models import HitCount

    from wagtail_analytics.models import AnalyticsArticle, ReadTotal
    from wagtail_analytics.read_counter import make_read_token

    article, other = AnalyticsArticle.objects.live().order_by("pk")[:2]
    # The F() view updates an existing row. The demo content may have invented counts:
    # the checks compare with what the rows hold now.
    ReadTotal.objects.get_or_create(
        article=other, defaults={"reads": 0, "views": 0, "updated_at": timezone.now()}
    )
    baseline = {pk: read_counts(pk) for pk in (article.pk, other.pk)}
    hit_count = HitCount.objects.get_for_object(article)
    beacon_body = json.dumps({"token": make_read_token(article.pk)})
    csrf = secrets.token_hex(16)  # a 32-character secret: Django accepts it unmasked
    targets = {
        "empty": Target("empty", "/bench/empty/", "text/plain", beacon_body),
        "update": Target("update", f"/bench/update/{other.pk}/", "text/plain", beacon_body),
        "beacon": Target("beacon", "/api/analytics/reads/", "text/plain", beacon_body),
        # As its docs and hitcount-jquery.js do it: a form POST of hitcountPK, sent as
        # XMLHttpRequest with the CSRF cookie and the X-CSRFToken header.
        "hitcount": Target(
            "hitcount",
            "/hitcount/hit/ajax/",
            "application/x-www-form-urlencoded",
            f"hitcountPK={hit_count.pk}",
            {
                "X-Requested-With": "XMLHttpRequest",
                "X-CSRFToken": csrf,
                "Cookie": f"csrftoken={csrf}",
            },
        ),
    }
    return article, other, hit_count, targets, baseline


def read_counts(article_id):
    """``(views, reads)`` of an article in ReadTotal."""
    from wagtail_analytics.models import ReadTotal

    total = ReadTotal.objects.filter(article_id=article_id).first()
    return (total.views, total.reads) if total else (0, 0)


def probe(port, target, mode, tag, seq):
    """One request before the load: the target must answer 2xx (hitcount: a counted hit)."""
    headers = {
        "Content-Type": target.content_type,
        **reader_headers(mode, tag, seq, 0, 0),
        **target.headers,
    }
    status, body = post(port, target.path, target.body.encode(), headers)
    if not 200 <= status < 300:
        raise RuntimeError(f"{target.path} answered {status}: {body[:300]!r}")
    if target.name == "hitcount" and not json.loads(body).get("hit_counted"):
        raise RuntimeError(f"django-hitcount did not count the probe: {body!r}")
    target.probes_ok += 1


def versions(pg_version, redis_client, wrk):
    import django
    import wagtail

    redis_version = redis_client.info("server").get("redis_version", "?")
    if wrk:
        found = re.search(
            r"wrk (\S+)", subprocess.run([wrk, "-v"], capture_output=True, text=True).stdout
        )
        loader = f"wrk {found.group(1) if found else '?'}"
    else:
        loader = "Python load generator (http.client, 2 processes)"
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"Wagtail {wagtail.__version__}, gunicorn {metadata.version('gunicorn')}, "
        f"django-hitcount {metadata.version('django-hitcount')}, PostgreSQL {pg_version}, "
        f"Redis {redis_version}; {loader}; {os.cpu_count()} CPUs"
    )


# --- the run ----------------------------------------------------------------------------


def measure(args, servers, targets, load, meter):
    """Warm each target up, then load every target once per round.

    Both servers stay up all along, and the order of the targets is reversed every other
    round, so slow drifts of the machine spread over all targets alike.
    """
    seq = 0
    for backend, name in ORDER:
        target = targets[backend, name]
        port = servers[backend].port
        seq += 1
        probe(port, target, args.readers, f"{backend}-{name}-p", seq)
        if args.warmup:
            seq += 1
            target.warmup = load(port, target, args.warmup, f"{backend}-{name}-w", seq)
    seconds = args.duration // args.rounds
    for n in range(args.rounds):
        for backend, name in ORDER if n % 2 == 0 else reversed(ORDER):
            target = targets[backend, name]
            port = servers[backend].port
            seq += 1
            tag = f"{backend}-{name}-{n}"
            target.rounds.append(meter.measure(partial(load, port, target, seconds, tag, seq)))
        figures = ", ".join(
            f"{backend}/{name} {targets[backend, name].rounds[-1].per_second:.0f}"
            for backend, name in ORDER
        )
        print(f"round {n + 1}/{args.rounds}, req/s: {figures}", flush=True)
    time.sleep(1)  # requests in flight when the last load stopped are handled now


def verify(targets, article, other, hit_count, baseline, redis_client, env):
    """Every request the servers handled counted exactly once."""
    from hitcount.models import Hit

    from wagtail_analytics.read_counter.backends.redis import RedisReadCounter

    lines = []

    def line(what, found, expected):
        verdict = "exact" if found == expected else f"MISMATCH ({found - expected:+d})"
        lines.append(f"  {what:50} {found:>8}, expected {expected:>8}: {verdict}")

    def counts(article_id):
        views, reads = read_counts(article_id)
        return views - baseline[article_id][0], reads - baseline[article_id][1]

    db_views, db_reads = counts(article.pk)
    line("database beacon: ReadTotal.views added", db_views, targets["database", "beacon"].handled)
    buffer_key = RedisReadCounter(URL=REDIS_URL).buffer_key
    buffered = int(redis_client.hget(buffer_key, f"t:{article.pk}:v") or 0)
    line("redis beacon: views buffered in Redis", buffered, targets["redis", "beacon"].handled)
    flushed = manage({**env, "READ_COUNTER_BACKEND": "redis"}, "flush_reads")
    all_views, all_reads = counts(article.pk)
    line(
        "redis beacon: ReadTotal.views added by flush_reads",
        all_views - db_views,
        targets["redis", "beacon"].handled,
    )
    updates = sum(t.handled for (_, name), t in targets.items() if name == "update")
    line("F() view: ReadTotal.views added to its article", counts(other.pk)[0], updates)
    hits = sum(t.handled for (_, name), t in targets.items() if name == "hitcount")
    hit_count.refresh_from_db()
    line("django-hitcount: HitCount.hits", hit_count.hits, hits)
    line("django-hitcount: Hit rows", Hit.objects.filter(hitcount=hit_count).count(), hits)
    lines.append(f"  (flush_reads: {flushed})")
    lines.append(
        f"  reads (new readers) counted: database {db_reads} of {db_views} views, "
        f"redis {all_reads - db_reads} of {all_views - db_views}"
    )
    return lines


def server_cpu(load):
    """Server-side CPU ms per answered request, or None without /proc."""
    parts = [load.cpu_ms_per_answer(kind) for kind in ("workers", "postgres", "redis")]
    return None if None in parts else sum(parts)


def _ms(value):
    return "-" if value is None else f"{value:.2f}"


def report(args, targets, server, version_line, load_line, checks):
    print("\n" + "=" * 78)
    print(f"Read beacon load benchmark, {date.today().isoformat()}")
    print(version_line)
    print(
        "servers: two, the same but for the read counter (database, redis): "
        f"{server.describe()} each; PostgreSQL {DB_NAME}, Redis db 14"
    )
    readers = {
        "ua": "a user agent of their own",
        "address": "an X-Forwarded-For address (TRUSTED_PROXIES 127.0.0.1), 16 user agents",
    }[args.readers]
    print(
        f"load: {load_line}; per target {args.warmup} s warm-up, then "
        f"{args.rounds} x {args.duration // args.rounds} s measured; "
        f"readers: {readers}"
    )
    print()
    print(
        f"| {'server':8} | {'target':15} | {'req/s':>7} | {'rounds min-max':>14} | "
        f"{'p50 ms':>6} | {'p99 ms':>6} | {'CPU ms/req: workers':>19} | {'postgres':>8} | "
        f"{'answers':>7} | {'not 2xx':>7} |"
    )
    print(
        f"| {'-' * 8} | {'-' * 15} | {'-' * 6}: | {'-' * 13}: | {'-' * 5}: | {'-' * 5}: | "
        f"{'-' * 18}: | {'-' * 7}: | {'-' * 6}: | {'-' * 6}: |"
    )
    for backend, name in ((backend, name) for backend in BACKENDS for name in LABELS):
        target = targets[backend, name]
        m = target.measured
        spread = sorted(load.per_second for load in target.rounds)
        spread = f"{spread[0]:.0f}-{spread[-1]:.0f}"
        print(
            f"| {backend:8} | {LABELS[name]:15} | {m.per_second:7.1f} | {spread:>14} | "
            f"{m.p50_ms:6.2f} | {m.p99_ms:6.2f} | {_ms(m.cpu_ms_per_answer('workers')):>19} | "
            f"{_ms(m.cpu_ms_per_answer('postgres')):>8} | {m.answered:7} | "
            f"{m.answered - m.ok + m.errors:7} |"
        )
    print()
    print(
        "Ratios of req/s, both from the same server (per-round ratios: min-max; and the "
        "inverse ratio of the server-side CPU per request: workers, postgres, redis):"
    )
    for label, top, bottom, backend, minimum in RATIOS:
        a, b = targets[backend, top], targets[backend, bottom]
        ratio = a.measured.per_second / b.measured.per_second
        per_round = sorted(
            x.per_second / y.per_second for x, y in zip(a.rounds, b.rounds, strict=True)
        )
        verdict = "met" if ratio >= minimum else "not met"
        cpu_a, cpu_b = server_cpu(a.measured), server_cpu(b.measured)
        by_cpu = f"{cpu_b / cpu_a:.2f}x" if cpu_a and cpu_b else "-"
        print(
            f"  {label:28} {a.measured.per_second:7.1f} / {b.measured.per_second:7.1f} = "
            f"{ratio:5.2f}x ({per_round[0]:.2f}-{per_round[-1]:.2f}; CPU {by_cpu}), "
            f"target >= {minimum:g}x: {verdict}"
        )
    totals = {}
    for target in targets.values():
        for kind, seconds in target.measured.cpu.items():
            totals[kind] = totals.get(kind, 0.0) + seconds
    if totals:
        wall = sum(target.measured.seconds for target in targets.values())
        cores = os.cpu_count() or 1
        others = totals["machine"] - sum(totals[kind] for kind in CPU_KINDS[1:])
        print()
        print(
            f"CPU during the measured loads ({wall:.0f} s x {cores} cores): "
            + ", ".join(f"{kind} {totals[kind] / wall / cores:.0%}" for kind in CPU_KINDS[1:])
            + f", other processes {max(0.0, others) / wall / cores:.0%}, "
            f"idle {max(0.0, 1 - totals['machine'] / wall / cores):.0%}"
        )
    print()
    print(
        "Exactness (handled = 2xx answers + requests in flight when a load stopped, "
        "warm-ups and probes included):"
    )
    for text in checks:
        print(text)


def main(argv=None):
    args = parse_args(argv)
    missing = check_requirements()
    if missing:
        print(f"Missing: {', '.join(missing)}. Install with: {PIP_LINE}", file=sys.stderr)
        return 2

    def on_sigterm(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_sigterm)

    wrk = ensure_wrk() if args.load_generator in ("auto", "wrk") else None
    if args.load_generator == "wrk" and wrk is None:
        print("wrk is not available", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="wa-bench-beacon-"))
    if wrk:
        script = workdir / "post.lua"
        script.write_text(wrk_script())
        load_line = f"wrk -t{args.load_threads} -c{args.connections} -s post.lua"

        def load(port, target, seconds, tag, seq):
            return run_wrk(wrk, script, args, port, target, seconds, tag, seq)

    else:
        print("wrk is not available: using the Python load generator", flush=True)
        load_line = f"Python, {args.connections} connections in 2 processes"

        def load(port, target, seconds, tag, seq):
            return run_python_load(args, port, target, seconds, tag, seq)

    import redis

    redis_client = redis.Redis.from_url(REDIS_URL)
    env = base_env(args, workdir / "media")
    servers = {}
    meter = None
    database_created = False
    try:
        redis_client.flushdb()
        pg_version = create_database()
        database_created = True
        print(f"database {DB_NAME}: migrate ...", flush=True)
        manage(env, "migrate", "--noinput")
        print(manage(env, "load_demo_content"), flush=True)
        setup_django(env)
        article, other, hit_count, base_targets, baseline = make_targets()
        print(
            f"beacon and hitcount article: {article.pk}; F() view article: {other.pk}; "
            f"HitCount pk {hit_count.pk}"
        )
        from django.db import connections

        connections.close_all()
        targets = {
            (backend, name): Target(
                name, base.path, base.content_type, base.body, dict(base.headers)
            )
            for backend in BACKENDS
            for name, base in base_targets.items()
        }
        for backend in BACKENDS:
            servers[backend] = Server(args, env, backend, workdir / f"gunicorn-{backend}.log")
            print(
                f"[{backend}] {servers[backend].describe()} on {HOST}:{servers[backend].port}",
                flush=True,
            )
            servers[backend].start()
        meter = CpuMeter(list(servers.values()), redis_client.info("server").get("process_id"))
        measure(args, servers, targets, load, meter)
        for server in servers.values():
            server.stop()
        checks = verify(targets, article, other, hit_count, baseline, redis_client, env)
        version_line = versions(pg_version, redis_client, wrk)
        report(args, targets, servers["database"], version_line, load_line, checks)
    finally:
        for server in servers.values():
            server.stop()
        if meter is not None:
            meter.close()
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if database_created:
            drop_database()
        with contextlib.suppress(redis.RedisError):
            redis_client.flushdb()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        # main() has stopped the servers, dropped the database and flushed Redis db 14.
        print("\ninterrupted", file=sys.stderr)
        sys.exit(130)
