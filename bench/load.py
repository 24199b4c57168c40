"""A live workshop at scale: phones join, autosave, submit and vote while the
facilitator's board polls, against bare Django on the same machine.

    .venv/bin/python bench/load.py --phones 1000 [--faults]

One command does it all and stops by itself (bounded in requests and in time):

1. creates fresh PostgreSQL databases (igloo_bench, igloo_bench_baseline),
   migrates, and makes a facilitator, an organisation and a workshop in the
   collecting phase through the project's services (bench/load_django.py);
2. serves bare Django (/work/shared/bench/baseline.py) with gunicorn and
   measures its /hello and /submit throughput at the same concurrency;
3. serves the real app with gunicorn, production settings, and drives it from
   this process with asyncio + httpx over 127.0.0.1: every phone joins by code,
   types a worksheet of 15 entries (each saved 2-3 times as it grows, some
   saves batched) and submits it; one facilitator board polls every second
   with If-None-Match; phones retry every failed save (connection error, 5xx)
   with the real phone's backoff until it is acknowledged;
4. with --faults, SIGKILLs one gunicorn worker and restarts PostgreSQL during
   the autosave burst;
5. measures unchanged-board polls (304s/s), opens voting (principles made via
   services) and lets every phone spend its dots;
6. compares every entry typed with what the database holds, renders the PDF
   ratio (bench/pdf.py) in this process, stops the servers and drops the
   databases, also on Ctrl-C or error.

Progress goes to stdout; the last line is one JSON object with the results.
Not part of the test suite: it takes minutes and the whole machine.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.cookiejar
import importlib.util
import json
import math
import os
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_BASELINE = ROOT.parent / "shared" / "bench" / "baseline.py"
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
ENTRIES_PER_PHONE = 15
BACKOFF_START, BACKOFF_MAX = 2.0, 15.0  # static/js/worksheet.js
STARTED = time.monotonic()

WORDS = [
    "medarbejdere",
    "borgere",
    "tid",
    "kvalitet",
    "fejl",
    "ansvar",
    "læring",
    "tillid",
    "data",
    "værktøj",
    "beslutning",
    "trivsel",
    "kolleger",
    "ledelse",
    "gennemsigtighed",
    "oplæring",
    "arbejdsglæde",
    "dokumentation",
    "overblik",
    "faglighed",
    "sårbarhed",
    "ændring",
    "hverdag",
    "møder",
    "patienter",
    "elever",
    "sikkerhed",
    "åbenhed",
    "fællesskab",
    "mening",
    "kontrol",
    "erfaring",
    "dialog",
    "vurdering",
    "etik",
]
PROFESSIONS = ["Sygeplejerske", "Sagsbehandler", "Lærer", "IT-konsulent", "Leder", "Pædagog"]


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:7.1f}s] {message}", flush=True)


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p * len(ordered)) - 1)]


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# PostgreSQL -------------------------------------------------------------------------


def pg_version() -> str:
    return sorted(os.listdir("/etc/postgresql"))[-1]


def pg_ready() -> bool:
    try:
        with psycopg.connect(dbname="postgres", connect_timeout=2, **PG):
            return True
    except psycopg.OperationalError:
        return False


def pg_wait(timeout: float = 60) -> None:
    until = time.monotonic() + timeout
    while not pg_ready():
        if time.monotonic() > until:
            raise RuntimeError("PostgreSQL did not come up")
        time.sleep(0.5)


def pg_ensure_running() -> None:
    if not pg_ready():
        log("PostgreSQL is down; starting it")
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", pg_version(), "main", "start"],
            check=False,
        )
        pg_wait()


def pg_admin(sql: str) -> None:
    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
        conn.execute(sql)


def db_url(name: str) -> str:
    return f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}"


# Servers --------------------------------------------------------------------------------


@dataclass
class GunicornSettings:
    workers: int
    worker_class: str
    threads: int

    def args(self) -> list[str]:
        args = ["--workers", str(self.workers), "--worker-class", self.worker_class]
        if self.worker_class == "gthread":
            args += ["--threads", str(self.threads)]
        return args

    def describe(self) -> dict:
        described = {"workers": self.workers, "worker_class": self.worker_class}
        if self.worker_class == "gthread":
            described["threads"] = self.threads
        return described


class Server:
    """A gunicorn master in its own process group, and its workers' memory."""

    def __init__(
        self, name: str, app: str, cwd: Path, env: dict, settings: GunicornSettings, logdir: Path
    ):
        self.name, self.app, self.cwd, self.env = name, app, cwd, env
        self.settings = settings
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.logfile = logdir / f"{name}.log"
        self.proc: subprocess.Popen | None = None
        self.peak_kb: dict[int, int] = {}
        self._sampling = threading.Event()
        self._sampler: threading.Thread | None = None

    def start(self) -> None:
        command = [
            PYTHON,
            "-m",
            "gunicorn",
            self.app,
            "--bind",
            f"127.0.0.1:{self.port}",
            *self.settings.args(),
            "--log-level",
            "warning",
        ]
        with open(self.logfile, "ab") as out:
            self.proc = subprocess.Popen(
                command,
                cwd=self.cwd,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        until = time.monotonic() + 60
        while time.monotonic() < until:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.logfile}")
            try:
                httpx.get(self.base + "/", timeout=2)
                if len(self.workers()) >= self.settings.workers:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        else:
            raise RuntimeError(f"{self.name} did not answer; see {self.logfile}")
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()
        log(f"{self.name}: gunicorn pid {self.proc.pid} on {self.base}, workers {self.workers()}")

    def workers(self) -> list[int]:
        if self.proc is None:
            return []
        try:
            text = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in text.split()]

    def _sample(self) -> None:
        while not self._sampling.wait(0.2):
            for pid in self.workers():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                found = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.M))
                peak = max(int(found.get("VmRSS", 0)), int(found.get("VmHWM", 0)))
                self.peak_kb[pid] = max(self.peak_kb.get(pid, 0), peak)

    def peak_mb(self) -> float:
        return round(max(self.peak_kb.values(), default=0) / 1024, 1)

    def kill_one_worker(self) -> int | None:
        workers = self.workers()
        if not workers:
            return None
        pid = random.choice(workers)
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self) -> None:
        self._sampling.set()
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)
        log(f"{self.name}: stopped")


def _proc_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _postgres_backends(dbname: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if f" {dbname} " in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    pids.append(int(entry.name))
    return pids


class CpuMeter:
    """Cores used over a window: the whole machine, this client, the app's
    gunicorn workers and the PostgreSQL backends serving its database. What
    the machine used beyond these is other load (other people's test runs)."""

    def __init__(self, server: Server, dbname: str):
        self.server, self.dbname = server, dbname

    def snapshot(self) -> dict:
        parts = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        ticks = [int(x) for x in parts]
        busy = (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")
        return {
            "t": time.monotonic(),
            "machine": busy,
            "client": cpu_seconds(),
            "app_workers": {pid: _proc_cpu(pid) for pid in self.server.workers()},
            "postgres": {pid: _proc_cpu(pid) for pid in _postgres_backends(self.dbname)},
        }

    def cores(self, before: dict) -> dict:
        after = self.snapshot()
        elapsed = after["t"] - before["t"]

        def spent(key):
            return sum(v - before[key].get(pid, 0.0) for pid, v in after[key].items())

        used = {
            "machine": after["machine"] - before["machine"],
            "client": after["client"] - before["client"],
            "app_workers": spent("app_workers"),
            "postgres": spent("postgres"),
        }
        used["other"] = used["machine"] - used["client"] - used["app_workers"] - used["postgres"]
        return {k: round(v / elapsed, 2) for k, v in used.items()}


class PgWaits(threading.Thread):
    """Samples what the benchmark database's backends are doing: running,
    waiting on a lock (a row everybody updates), or on WAL flushes (COMMIT)."""

    def __init__(self, dbname: str):
        super().__init__(daemon=True)
        self.dbname = dbname
        self.samples = 0
        self.counts: Counter = Counter()
        self.stop = threading.Event()

    def run(self) -> None:
        conn = None
        while not self.stop.wait(0.1):
            try:
                conn = conn or psycopg.connect(
                    dbname="postgres", autocommit=True, connect_timeout=2, **PG
                )
                rows = conn.execute(
                    "SELECT coalesce(wait_event_type, 'CPU'), coalesce(wait_event, ''), "
                    "count(*) FROM pg_stat_activity WHERE datname = %s AND state = 'active' "
                    "AND pid <> pg_backend_pid() GROUP BY 1, 2",
                    [self.dbname],
                ).fetchall()
            except psycopg.Error:
                conn = None
                continue
            self.samples += 1
            for kind, event, n in rows:
                self.counts[f"{kind}:{event}" if event else kind] += n

    def summary(self) -> dict:
        self.stop.set()
        n = max(self.samples, 1)
        return {k: round(v / n, 2) for k, v in self.counts.most_common(8)}


# HTTP ---------------------------------------------------------------------------------


class _NoCookies(http.cookiejar.DefaultCookiePolicy):
    """The shared client keeps no cookies: every phone carries its own jar."""

    def set_ok(self, cookie, request):
        return False

    def return_ok(self, cookie, request):
        return False


def parse_set_cookies(response: httpx.Response, jar: dict[str, str]) -> None:
    for header in response.headers.get_list("set-cookie"):
        first, *attributes = header.split(";")
        name, _, value = first.strip().partition("=")
        gone = any(
            a.strip().lower() in ("max-age=0",) or "1970" in a for a in attributes
        ) or value in ('""', "")
        if gone:
            jar.pop(name, None)
        else:
            jar[name] = value


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def record(self, kind: str, status: int | str, elapsed: float) -> None:
        self.statuses[kind][status] += 1
        if isinstance(status, int) and status < 400:
            self.latencies[kind].append(elapsed)


class Http:
    """One pool of `concurrency` keep-alive connections; at most that many
    requests in flight; latency measured from send to the full answer."""

    def __init__(self, base: str, concurrency: int, stats: Stats):
        self.client = httpx.AsyncClient(
            base_url=base,
            limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
            timeout=httpx.Timeout(60.0, connect=15.0),
            cookies=http.cookiejar.CookieJar(policy=_NoCookies()),
            follow_redirects=False,
        )
        self.gate = asyncio.Semaphore(concurrency)
        self.stats = stats

    async def request(
        self,
        kind: str,
        method: str,
        path: str,
        jar: dict[str, str] | None = None,
        headers: dict | None = None,
        **kwargs,
    ) -> httpx.Response | None:
        headers = dict(headers or {})
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        async with self.gate:
            started = time.perf_counter()
            try:
                response = await self.client.request(method, path, headers=headers, **kwargs)
            except httpx.HTTPError as error:
                self.stats.record(kind, type(error).__name__, time.perf_counter() - started)
                return None
            self.stats.record(kind, response.status_code, time.perf_counter() - started)
        if jar is not None:
            parse_set_cookies(response, jar)
        return response

    async def close(self) -> None:
        await self.client.aclose()


# wrk: the load client that is not the bottleneck ----------------------------------

WRK_SCRIPT = ROOT / "bench" / "wrk" / "rotate.lua"
# A ratio measured while its client used more than this is the client's, not the app's.
CLIENT_CPU_LIMIT = 0.5


def ensure_wrk() -> str:
    """wrk (the Debian package), installed as .ci/run installs what CI needs."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing wrk (apt-get install wrk)")
        quiet = {
            "stdout": subprocess.DEVNULL,
            "env": {**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        }
        if subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"], check=False, **quiet
        ).returncode:
            subprocess.run(["apt-get", "update", "-qq"], check=False, **quiet)
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, **quiet)
    found = shutil.which("wrk")
    if not found:
        sys.exit("bench/load.py needs wrk: apt-get install wrk")
    return found


@dataclass
class WrkRequest:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""

    def line(self) -> str:
        headers = "\x1e".join(f"{k}: {v}" for k, v in self.headers.items())
        return f"{self.method}\t{self.path}\t{headers}\t{self.body}"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_wrk(
    name: str,
    base: str,
    requests: list[WrkRequest],
    *,
    seconds: float,
    concurrency: int,
    threads: int,
    want: int,
    warmup: float = 2.0,
) -> dict:
    """wrk with bench/wrk/rotate.lua over `requests` (one per session): the
    rate of answers with status `want`, and the cores wrk itself used."""
    wrk = ensure_wrk()
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
        f.write("\n".join(r.line() for r in requests) + "\n")
    try:
        command = [
            wrk,
            f"-t{threads}",
            f"-c{concurrency}",
            "--timeout",
            "10s",
            "-s",
            str(WRK_SCRIPT),
        ]
        subprocess.run(
            [*command, f"-d{max(1, round(warmup))}s", base, "--", f.name, "1"],
            check=True,
            capture_output=True,
        )
        cpu0, t0 = children_cpu(), time.monotonic()
        done = subprocess.run(
            [*command, f"-d{max(1, round(seconds))}s", base, "--", f.name, "2"],
            check=True,
            capture_output=True,
            text=True,
        )
        wall = time.monotonic() - t0
        client_cpu = (children_cpu() - cpu0) / wall
    finally:
        os.unlink(f.name)
    line = [x for x in done.stdout.splitlines() if x.startswith("WRK_JSON ")][-1]
    raw = json.loads(line.removeprefix("WRK_JSON "))
    duration = raw["duration_us"] / 1e6
    result = {
        "rps": round(raw["statuses"].get(str(want), 0) / duration, 1),
        "statuses": raw["statuses"],
        "errors": {k: v for k, v in raw["errors"].items() if v},
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "client_cpu": round(client_cpu, 2),
    }
    log(
        f"wrk {name}: {result['rps']} {want}s/s (p95 {result['p95_ms']} ms, "
        f"statuses {result['statuses']}, client CPU {result['client_cpu']})"
    )
    return result


def ratio(app: dict | None, bare: dict | None) -> dict | None:
    """app / bare, or "invalid" when either client used more than half a core."""
    if not app or not bare:
        return None
    cpu = max(app["client_cpu"], bare["client_cpu"])
    value = round(app["rps"] / bare["rps"], 3) if bare["rps"] else None
    return {"ratio": value if cpu <= CLIENT_CPU_LIMIT else "invalid", "client_cpu": cpu}


# Phones -----------------------------------------------------------------------------------

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Step:
    """One edit as a person makes it; `flush` says the phone sends after it
    (else the next edit goes in the same save)."""

    kind: str  # "field" or "entry"
    key: str
    value: object
    flush: bool


@dataclass
class Phone:
    n: int
    rng: random.Random
    steps: list[Step]
    final: dict[str, dict]  # client_id -> the entry as finally typed
    fields: dict[str, str]
    team: int | None
    jar: dict[str, str] = field(default_factory=dict)
    outbox_fields: dict[str, dict] = field(default_factory=dict)
    outbox_entries: dict[str, dict] = field(default_factory=dict)
    revs: dict[str, int] = field(default_factory=dict)
    joined: bool = False
    submitted: bool = False
    refused: int = 0
    votes: int = 0

    @property
    def token(self) -> str | None:
        for name, value in self.jar.items():
            if name.startswith("p_"):
                return value.split(":", 1)[0]
        return None

    def next_rev(self, key: str) -> int:
        rev = max(int(time.time() * 1000), self.revs.get(key, 0) + 1)
        self.revs[key] = rev
        return rev


def make_phone(n: int, seed: int, levels: list[str], teams: list[int], batch: float) -> Phone:
    rng = random.Random(seed * 1_000_003 + n)
    fields = {
        "profession": rng.choice(PROFESSIONS),
        "use_case": f"Telefon {n}: vi bruger en chatbot til {rng.choice(WORDS)} og "
        f"{rng.choice(WORDS)}.",
        "ai_kind": rng.choice(["genai", "ml", "both", "unsure"]),
    }
    steps = [Step("field", name, value, False) for name, value in fields.items()]
    final = {}
    for q in range(1, 6):
        for position in range(ENTRIES_PER_PHONE // 5):
            client_id = str(uuid.uuid4())
            words = [rng.choice(WORDS) for _ in range(rng.randint(6, 24))]
            text = f"P{n} Q{q}.{position + 1}: " + " ".join(words)
            chosen = rng.sample(levels, rng.choice([0, 1, 1, 2]))
            entry = {"question": q, "text": text, "levels": chosen, "position": position}
            final[client_id] = entry
            stages = rng.choice([2, 3])
            for stage in range(1, stages + 1):
                cut = len(words) * stage // stages
                partial = f"P{n} Q{q}.{position + 1}: " + " ".join(words[:cut])
                steps.append(
                    Step("entry", client_id, {**entry, "text": partial}, rng.random() >= batch)
                )
    steps[-1].flush = True
    return Phone(
        n=n,
        rng=rng,
        steps=steps,
        final=final,
        fields=fields,
        team=teams[n % len(teams)] if teams else None,
    )


@dataclass
class Run:
    args: argparse.Namespace
    http: Http
    setup: dict
    deadline: float
    expected_saves: int = 0
    acked_saves: int = 0
    save_ack_latencies: list[float] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.setup["join_code"]

    @property
    def sheet(self) -> str:
        return f"/w/{self.setup['public_id']}/"

    def out_of_time(self) -> bool:
        return time.monotonic() > self.deadline


async def backoff_sleep(run: Run, delay: float) -> float:
    await asyncio.sleep(min(delay, max(0.0, run.deadline - time.monotonic())))
    return min(delay * 2, BACKOFF_MAX)


async def join(run: Run, phone: Phone) -> None:
    """GET the QR link, POST the join form, load the worksheet; again on failure.
    Each phone from its own address, as on mobile data (the app allows 400
    new phones per address per 10 minutes: a room on one Wi-Fi behind one
    address would need a larger limit, or NUM_PROXIES set)."""
    delay = BACKOFF_START
    address = {"X-Forwarded-For": f"10.{phone.n >> 16 & 255}.{phone.n >> 8 & 255}.{phone.n & 255}"}
    while not run.out_of_time():
        page = await run.http.request(
            "join_form", "GET", f"/j/{run.code}/", jar=phone.jar, headers=address
        )
        if page is not None and page.status_code == 200:
            token = CSRF_INPUT.search(page.text)
            data = {"csrfmiddlewaretoken": token.group(1) if token else "", "display_name": ""}
            if phone.team is not None:
                data["team"] = str(phone.team)
            posted = await run.http.request(
                "join", "POST", f"/j/{run.code}/", jar=phone.jar, data=data, headers=address
            )
            done = posted is not None and posted.status_code == 302
        else:
            done = page is not None and page.status_code == 302  # already joined
        if done:
            sheet = await run.http.request("worksheet", "GET", run.sheet, jar=phone.jar)
            if sheet is not None and sheet.status_code == 200:
                phone.joined = True
                return
        delay = await backoff_sleep(run, delay)


def _payload(phone: Phone) -> dict:
    return {"fields": dict(phone.outbox_fields), "entries": list(phone.outbox_entries.values())}


async def flush(run: Run, phone: Phone) -> None:
    """The phone's outbox: send everything pending until the server holds it."""
    delay = BACKOFF_START
    first_sent = None
    while (phone.outbox_fields or phone.outbox_entries) and not run.out_of_time():
        first_sent = first_sent or time.perf_counter()
        response = await run.http.request(
            "save",
            "POST",
            run.sheet + "save/",
            jar=phone.jar,
            headers={
                "X-CSRFToken": phone.jar.get("csrftoken", ""),
                "Content-Type": "application/json",
            },
            content=json.dumps(_payload(phone)),
        )
        if response is not None and response.status_code == 200:
            answer = response.json()
            for key, rev in answer.get("acks", {}).items():
                kind, _, name = key.partition(":")
                box = phone.outbox_fields if kind == "field" else phone.outbox_entries
                if name in box and box[name]["rev"] <= rev:
                    del box[name]
            for key in answer.get("errors", {}):
                kind, _, name = key.partition(":")
                box = phone.outbox_fields if kind == "field" else phone.outbox_entries
                if box.pop(name, None) is not None:
                    phone.refused += 1
            run.acked_saves += 1
            run.save_ack_latencies.append(time.perf_counter() - first_sent)
            first_sent = None
            delay = BACKOFF_START
        elif response is not None and response.status_code in (400, 403, 409):
            # Refused as a whole: the real phone keeps it and stops resending.
            phone.refused += len(phone.outbox_fields) + len(phone.outbox_entries)
            phone.outbox_fields.clear()
            phone.outbox_entries.clear()
        else:
            delay = await backoff_sleep(run, delay)


async def type_worksheet(run: Run, phone: Phone) -> None:
    for step in phone.steps:
        if run.out_of_time():
            return
        rev = phone.next_rev(step.key)
        if step.kind == "field":
            phone.outbox_fields[step.key] = {"value": step.value, "rev": rev}
        else:
            phone.outbox_entries[step.key] = {
                "id": step.key,
                **step.value,
                "removed": False,
                "rev": rev,
            }
        if step.flush:
            if run.args.think_ms:
                await asyncio.sleep(phone.rng.uniform(0, run.args.think_ms) / 1000)
            await flush(run, phone)


async def submit(run: Run, phone: Phone) -> None:
    """What the Submit button does: flush, then post the whole form once more
    with action=submit, and load the page it redirects to."""
    await flush(run, phone)
    data: dict[str, object] = {
        "csrfmiddlewaretoken": phone.jar.get("csrftoken", ""),
        "action": "submit",
        **phone.fields,
    }
    for client_id, entry in phone.final.items():
        data[f"e-{client_id}-text"] = entry["text"]
        data[f"e-{client_id}-q"] = str(entry["question"])
        data[f"e-{client_id}-position"] = str(entry["position"])
        data[f"e-{client_id}-levels"] = entry["levels"]
    delay = BACKOFF_START
    while not run.out_of_time():
        posted = await run.http.request("submit", "POST", run.sheet, jar=phone.jar, data=data)
        if posted is not None and posted.status_code == 302:
            page = await run.http.request("worksheet", "GET", run.sheet, jar=phone.jar)
            if page is not None and page.status_code == 200:
                phone.submitted = True
                return
        delay = await backoff_sleep(run, delay)


async def vote(run: Run, phone: Phone, principles: list[int], dots: int) -> None:
    """The phone reloads into the voting page and spends its dots (htmx posts)."""
    delay = BACKOFF_START
    while not run.out_of_time():
        page = await run.http.request("worksheet", "GET", run.sheet, jar=phone.jar)
        if page is not None and page.status_code == 200:
            break
        delay = await backoff_sleep(run, delay)
    while phone.votes < dots and not run.out_of_time():
        data = {
            "csrfmiddlewaretoken": phone.jar.get("csrftoken", ""),
            "action": "add",
            "principle": str(phone.rng.choice(principles)),
        }
        answer = await run.http.request(
            "vote",
            "POST",
            run.sheet + "vote/",
            jar=phone.jar,
            headers={"HX-Request": "true", "X-CSRFToken": phone.jar.get("csrftoken", "")},
            data=data,
        )
        if answer is not None and answer.status_code == 200:
            phone.votes += 1
        else:
            delay = await backoff_sleep(run, delay)


async def in_phase(run: Run, name: str, phones: list[Phone], work) -> float:
    """Run `work` for every phone at once; stops at the run's deadline."""
    started = time.monotonic()
    tasks = [asyncio.create_task(work(phone)) for phone in phones]
    remaining = max(1.0, run.deadline - time.monotonic() + 5)
    done, pending = await asyncio.wait(tasks, timeout=remaining)
    for task in pending:
        task.cancel()
    for task in done:
        if task.exception() is not None:
            raise task.exception()
    elapsed = time.monotonic() - started
    log(
        f"{name}: {len(phones)} phones in {elapsed:.1f}s"
        + (f" ({len(pending)} cut off by the time limit)" if pending else "")
    )
    return elapsed


async def progress(run: Run, label: str, stop: asyncio.Event) -> None:
    last, last_t = 0, time.monotonic()
    while not stop.is_set():
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), 5)
        now = time.monotonic()
        saves = run.http.stats.statuses["save"]
        errors = sum(v for k, v in saves.items() if k != 200)
        log(
            f"{label}: {run.acked_saves}/{run.expected_saves} saves acknowledged, "
            f"{(run.acked_saves - last) / (now - last_t):.0f}/s, failed attempts {errors}"
        )
        last, last_t = run.acked_saves, now


# The facilitator ---------------------------------------------------------------------


async def facilitator_login(http: Http, setup: dict) -> dict[str, str]:
    jar: dict[str, str] = {}
    page = await http.request("login_form", "GET", "/accounts/login/", jar=jar)
    token = CSRF_INPUT.search(page.text).group(1)
    answer = await http.request(
        "login",
        "POST",
        "/accounts/login/",
        jar=jar,
        data={
            "csrfmiddlewaretoken": token,
            "username": setup["username"],
            "password": setup["password"],
        },
    )
    if answer is None or answer.status_code != 302 or "sessionid" not in jar:
        raise RuntimeError(f"facilitator login failed: {answer and answer.status_code}")
    return jar


@dataclass
class BoardPoller:
    """The board's board.js: a poll every `interval` seconds, none while one
    is in flight, with the ETag and the read time (X-Board-Since) it holds,
    so that after phones' writing it gets a delta as the browser does."""

    http: Http
    path: str
    jar: dict
    interval: float = 1.0
    etag: str | None = None
    kind: str = "board_poll"
    since: str | None = None
    renders: list[float] = field(default_factory=list)
    delta_renders: list[float] = field(default_factory=list)
    not_modified: int = 0
    failed: int = 0
    biggest: int = 0
    biggest_delta: int = 0
    # (seconds since the start, bytes, cards) of every delta
    delta_log: list[tuple[float, int, int]] = field(default_factory=list)
    full_at: float = field(default_factory=time.monotonic)

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            started = time.perf_counter()
            headers = {"HX-Request": "true"}
            # As board.js: the whole body once a minute, whatever the ETag says.
            if time.monotonic() - self.full_at < 60:
                if self.etag:
                    headers["If-None-Match"] = self.etag
                if self.since:
                    headers["X-Board-Since"] = self.since
            answer = await self.http.request(
                self.kind, "GET", self.path, jar=dict(self.jar), headers=headers
            )
            elapsed = time.perf_counter() - started
            if answer is None or answer.status_code >= 400:
                self.failed += 1
            elif answer.status_code == 304:
                self.not_modified += 1
            else:
                self.etag = answer.headers.get("ETag")
                self.since = answer.headers.get("X-Board-Since") or self.since
                if not answer.headers.get("X-Board-Delta"):
                    self.full_at = time.monotonic()
                self.renders.append(elapsed)
                if answer.headers.get("X-Board-Delta") == "1":
                    self.delta_renders.append(elapsed)
                    self.biggest_delta = max(self.biggest_delta, len(answer.content))
                    cards = answer.content.count(b'<li class="board-card')
                    at = round(time.monotonic() - STARTED, 1)
                    self.delta_log.append((at, len(answer.content), cards))
                else:
                    self.biggest = max(self.biggest, len(answer.content))
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), max(0.0, self.interval - elapsed))

    def summary(self) -> dict:
        return {
            "polls": len(self.renders) + self.not_modified + self.failed,
            "changed_200": len(self.renders),
            "unchanged_304": self.not_modified,
            "failed": self.failed,
            "render_p50_ms": ms(percentile(self.renders, 0.5)),
            "render_max_ms": ms(max(self.renders, default=None)),
            "largest_kb": round(max(self.biggest, self.biggest_delta) / 1024, 1),
            "deltas": len(self.delta_renders),
            "delta_p50_ms": ms(percentile(self.delta_renders, 0.5)),
            "largest_delta_kb": round(self.biggest_delta / 1024, 1),
            "delta_p50_kb": round(
                (percentile([b for _, b, _ in self.delta_log], 0.5) or 0) / 1024, 1
            ),
            "delta_p50_cards": percentile([c for _, _, c in self.delta_log], 0.5),
            "delta_log_sample": self.delta_log[:: max(1, len(self.delta_log) // 12)],
            "largest_full_kb": round(self.biggest / 1024, 1),
        }


# Faults --------------------------------------------------------------------------------


async def inject_faults(run: Run, server: Server, injected: list[dict]) -> None:
    async def when(fraction: float) -> bool:
        while run.acked_saves < fraction * run.expected_saves:
            if run.out_of_time():
                return False
            await asyncio.sleep(0.05)
        return True

    if await when(0.25):
        pid = server.kill_one_worker()
        injected.append(
            {
                "fault": "SIGKILL gunicorn worker",
                "pid": pid,
                "at_s": round(time.monotonic() - STARTED, 1),
            }
        )
        log(f"FAULT: SIGKILLed gunicorn worker {pid}")
    if await when(0.5):
        log("FAULT: restarting PostgreSQL")
        started = time.monotonic()
        proc = await asyncio.create_subprocess_exec(
            "pg_ctlcluster",
            "--skip-systemctl-redirect",
            pg_version(),
            "main",
            "restart",
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        code = await proc.wait()
        injected.append(
            {
                "fault": "PostgreSQL restart",
                "exit": code,
                "took_s": round(time.monotonic() - started, 1),
                "at_s": round(started - STARTED, 1),
            }
        )
        log(f"FAULT: PostgreSQL restarted (exit {code}) in {time.monotonic() - started:.1f}s")


# Profiling -----------------------------------------------------------------------------------


@contextlib.contextmanager
def py_spy(prefix: Path | None, label: str, server: Server):
    """py-spy on the app's gunicorn master and its workers while inside
    (collapsed stacks, for bench/stacks.py); nothing without --py-spy."""
    if prefix is None:
        yield
        return
    out = Path(f"{prefix}.{label}.txt")
    spy = subprocess.Popen(
        [
            shutil.which("py-spy") or str(Path(PYTHON).parent / "py-spy"),
            "record",
            "--subprocesses",
            "--pid",
            str(server.proc.pid),
            "--format",
            "raw",
            "--rate",
            "100",
            "--nonblocking",
            "--output",
            str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield
    finally:
        spy.send_signal(signal.SIGINT)
        try:
            spy.wait(timeout=30)
        except subprocess.TimeoutExpired:
            spy.kill()
        log(f"py-spy: {out}")


# What the database holds ------------------------------------------------------------------


def compare_stored(dbname: str, workshop: int, phones: list[Phone]) -> dict:
    with psycopg.connect(dbname=dbname, **PG) as conn:
        rows = conn.execute(
            "SELECT p.token, e.client_id::text, e.text, e.removed FROM workshops_entry e "
            "JOIN workshops_participant p ON p.id = e.participant_id WHERE e.workshop_id = %s",
            [workshop],
        ).fetchall()
        votes = conn.execute(
            "SELECT count(*) FROM principles_vote v JOIN principles_principle p "
            "ON p.id = v.principle_id WHERE p.workshop_id = %s",
            [workshop],
        ).fetchone()[0]
        submitted = conn.execute(
            "SELECT count(*) FROM workshops_participant WHERE workshop_id = %s "
            "AND submitted_at IS NOT NULL",
            [workshop],
        ).fetchone()[0]
    stored: dict[tuple[str, str], list[tuple[str, bool]]] = defaultdict(list)
    owners: dict[str, set] = defaultdict(set)
    for token, client_id, text, removed in rows:
        stored[(token, client_id)].append((text, removed))
        owners[client_id].add(token)
    typed = lost = wrong_text = 0
    for phone in phones:
        for client_id, entry in phone.final.items():
            typed += 1
            held = stored.get((phone.token, client_id), [])
            live = [text for text, removed in held if not removed]
            if not live:
                lost += 1
            elif live[0] != entry["text"]:
                lost += 1
                wrong_text += 1
    return {
        "entries_sent": typed,
        "entries_stored": sum(1 for *_, removed in rows if not removed),
        "lost": lost,
        "stale_text": wrong_text,
        "duplicates": sum(len(v) - 1 for v in stored.values())
        + sum(len(t) - 1 for t in owners.values()),
        "votes_stored": votes,
        "submitted_stored": submitted,
    }


# The PDF ratio, in this process ---------------------------------------------------------


def pdf_ratio(runs: int) -> dict:
    os.environ.setdefault("STATIC_MANIFEST", "0")
    spec = importlib.util.spec_from_file_location("bench_pdf", ROOT / "bench" / "pdf.py")
    pdf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pdf)
    version = pdf.sixty_principle_version()
    html = pdf.plain_table_html(version)
    charter = pdf.best_of(runs, lambda: pdf.render_charter_pdf(version))
    plain = pdf.best_of(runs, lambda: pdf.HTML(string=html).write_pdf())
    return {
        "charter_pdf_s": round(charter, 3),
        "plain_table_pdf_s": round(plain, 3),
        "pdf_ratio": round(charter / plain, 2),
    }


# The run --------------------------------------------------------------------------------------


def app_env(dbname: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        STATIC_MANIFEST="0",
        # Each phone joins from its own address (X-Forwarded-For, see join()):
        # the app allows 400 new phones per address per 10 minutes.
        NUM_PROXIES="1",
        TRUST_X_FORWARDED_PROTO="0",
        DATABASE_URL=db_url(dbname),
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def django_helper(env: dict, root: Path, *args: str) -> dict:
    """bench/load_django.py, run against the checkout that is served."""
    env = {**env, "BENCH_APP_ROOT": str(root)}
    done = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "load_django.py"), *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"load_django.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_baseline(args, server: Server) -> dict:
    """Bare Django's /hello and /submit under wrk, with the app's gunicorn settings."""
    common = {
        "seconds": args.measure_seconds,
        "concurrency": args.concurrency,
        "threads": args.wrk_threads,
        "want": 200,
    }
    hello = run_wrk("bare /hello", server.base, [WrkRequest("GET", "/hello")], **common)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    body = "text=Mennesket+har+det+sidste+ord"
    submit_ = run_wrk(
        "bare /submit", server.base, [WrkRequest("POST", "/submit", form, body)], **common
    )
    return {"hello": hello, "submit": submit_}


def measure_app(args, server: Server, setup: dict, env: dict) -> dict:
    """The app's per-request throughput under the same wrk as bare Django:
    /healthz, the unchanged board poll (304, one prepared facilitator session
    each with its ETag), the phones' status poll (204) and autosave (200)."""
    prepared = django_helper(
        env, args.app_root, "sessions", str(args.wrk_sessions), str(args.wrk_phones)
    )
    board_path = f"/workshops/{setup['workshop']}/board/"
    boards = []
    for key in prepared["sessions"]:
        cookie = f"{prepared['cookie_name']}={key}"
        first = httpx.get(
            server.base + board_path, headers={"Cookie": cookie, "HX-Request": "true"}, timeout=60
        )
        boards.append(
            WrkRequest(
                "GET",
                board_path,
                {"Cookie": cookie, "HX-Request": "true", "If-None-Match": first.headers["ETag"]},
            )
        )
    sheet = f"/w/{prepared['public_id']}/"
    csrf = prepared["csrf"]
    status_path = f"{sheet}status/?phase={prepared['phase']}&room={prepared['room']}"
    statuses = [
        WrkRequest("GET", status_path, {"Cookie": cookie, "HX-Request": "true"})
        for cookie in prepared["phones"]
    ]
    saves = []
    levels = setup["levels"]
    for slot in range(3):
        for n, cookie in enumerate(prepared["phones"]):
            entry = {
                "id": str(uuid.UUID(int=n * 16 + slot + 1)),
                "question": slot + 1,
                "text": f"wrk {n}.{slot}: vi bruger en chatbot til dokumentation",
                "levels": [levels[(n + slot) % len(levels)]],
                "position": slot,
                "removed": False,
                "rev": 0,
            }
            body = json.dumps({"fields": {}, "entries": [entry]}).replace(
                '"rev": 0', '"rev": {REV}'
            )
            headers = {
                "Cookie": f"{cookie}; csrftoken={csrf}",
                "X-CSRFToken": csrf,
                "Content-Type": "application/json",
            }
            saves.append(WrkRequest("POST", sheet + "save/", headers, body))
    common = {
        "seconds": args.measure_seconds,
        "concurrency": args.concurrency,
        "threads": args.wrk_threads,
    }
    return {
        "healthz": run_wrk(
            "app /healthz", server.base, [WrkRequest("GET", "/healthz")], want=200, **common
        ),
        "board_304": run_wrk("app board 304", server.base, boards, want=304, **common),
        "status_204": run_wrk("app status 204", server.base, statuses, want=204, **common),
        "save": run_wrk("app save", server.base, saves, want=200, **common),
        "sessions": {"facilitator": len(boards), "phones": len(statuses)},
    }


async def drive_app(args, server: Server, setup: dict, env: dict, result: dict) -> list[Phone]:
    stats = Stats()
    http = Http(server.base, args.concurrency, stats)
    board_http = Http(server.base, 2, Stats())
    run = Run(args=args, http=http, setup=setup, deadline=time.monotonic() + args.time_limit)
    phones = [
        make_phone(n, args.seed, setup["levels"], setup["teams"], args.batch)
        for n in range(args.phones)
    ]
    run.expected_saves = sum(sum(1 for s in p.steps if s.flush) for p in phones)
    try:
        jar = await facilitator_login(board_http, setup)
        board_path = f"/workshops/{setup['workshop']}/board/"
        first = await board_http.request("board", "GET", board_path, jar=jar)
        poller = BoardPoller(
            board_http,
            board_path,
            dict(jar),
            interval=args.board_interval,
            etag=first.headers.get("ETag"),
            since=first.headers.get("X-Board-Since"),
        )
        stop_board = asyncio.Event()
        board_task = asyncio.create_task(poller.run(stop_board)) if args.board_interval else None

        log(f"phase 1: {args.phones} phones join with code {run.code}")
        t0 = time.monotonic()
        result["join_s"] = round(await in_phase(run, "joined", phones, lambda p: join(run, p)), 1)
        joined = [p for p in phones if p.joined]

        log(f"phase 2: autosave burst, {run.expected_saves} saves to acknowledge")
        stop_progress = asyncio.Event()
        progress_task = asyncio.create_task(progress(run, "burst", stop_progress))
        injected: list[dict] = []
        fault_task = (
            asyncio.create_task(inject_faults(run, server, injected)) if args.faults else None
        )
        meter = CpuMeter(server, args.db)
        cpu0 = meter.snapshot()
        waits = PgWaits(args.db)
        waits.start()
        with py_spy(args.py_spy, "burst", server):
            burst_s = await in_phase(run, "typed", joined, lambda p: type_worksheet(run, p))
        result["burst_cores"] = meter.cores(cpu0)
        result["burst_pg_backends"] = waits.summary()
        log(
            f"burst: cores used {result['burst_cores']}; PostgreSQL backends on average "
            f"{result['burst_pg_backends']}"
        )
        stop_progress.set()
        await progress_task
        if fault_task is not None:
            fault_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await fault_task
        save_latency = stats.latencies["save"]

        log("phase 3: every phone submits")
        result["submit_s"] = round(
            await in_phase(run, "submitted", joined, lambda p: submit(run, p)), 1
        )
        result["joined_and_submitted_s"] = round(time.monotonic() - t0, 1)
        stop_board.set()
        if board_task is not None:
            await board_task
        result["board_during_burst"] = poller.summary()

        # For 70 s after a join the board's ETag changes every 10 s (the
        # "joined" count): wrk's prepared ETags must outlive the measurement.
        quiet = t0 + result["join_s"] + 71 - time.monotonic()
        if quiet > 0:
            log(f"waiting {quiet:.0f}s for the board's ETag to settle after the last join")
            await asyncio.sleep(quiet)
        log("phase 4: the app's polls and saves under wrk, as bare Django was measured")
        with py_spy(args.py_spy, "poll", server):
            result["app"] = await asyncio.to_thread(measure_app, args, server, setup, env)

        log("phase 5: voting opens; every phone spends its dots")
        voting = await asyncio.to_thread(
            django_helper,
            env,
            args.app_root,
            "voting",
            str(setup["workshop"]),
            str(args.principles),
        )
        result["vote_s"] = round(
            await in_phase(
                run, "voted", joined, lambda p: vote(run, p, voting["principles"], voting["dots"])
            ),
            1,
        )
        result["votes_sent"] = sum(p.votes for p in joined)
        result["timed_out"] = run.out_of_time()
    finally:
        await http.close()
        await board_http.close()

    attempts = stats.statuses["save"]
    result.update(
        saves_acked=run.acked_saves,
        save_rps=round(run.acked_saves / burst_s, 1),
        p50_ms=ms(percentile(save_latency, 0.5)),
        p95_ms=ms(percentile(save_latency, 0.95)),
        p99_ms=ms(percentile(save_latency, 0.99)),
        save_ack_p99_ms=ms(percentile(run.save_ack_latencies, 0.99)),
        save_failed_attempts={str(k): v for k, v in attempts.items() if k != 200},
        burst_s=round(burst_s, 1),
        phones_joined=len(joined),
        phones_submitted=sum(p.submitted for p in phones),
        refused_changes=sum(p.refused for p in phones),
        faults=injected if args.faults else [],
        requests={kind: dict(counts) for kind, counts in stats.statuses.items() if kind != "save"},
        request_p95_ms={kind: ms(percentile(v, 0.95)) for kind, v in stats.latencies.items()},
    )
    return phones


# The realistic room (issue 15, point 5) ---------------------------------------------------


async def room_status_poll(http: Http, path: str, jar: dict, stop: asyncio.Event) -> None:
    """The phone's room bar: a status poll every 4 s (static/js/worksheet.js)."""
    while not stop.is_set():
        await http.request("status", "GET", path, jar=dict(jar), headers={"HX-Request": "true"})
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), 4.0)


async def room_typing(run: Run, phone: Phone, typing_s: float, ends: float) -> None:
    """A person typing the worksheet over the session: log-normal pauses
    between edits (median a third of the mean, a long tail of reading and
    talking), the autosave after each edit that flushes; stops at the timer."""
    mean = typing_s / len(phone.steps)
    sigma = 1.2
    mu = math.log(mean) - sigma * sigma / 2
    for step in phone.steps:
        pause = phone.rng.lognormvariate(mu, sigma)
        if time.monotonic() + pause > ends:
            return
        await asyncio.sleep(pause)
        rev = phone.next_rev(step.key)
        if step.kind == "field":
            phone.outbox_fields[step.key] = {"value": step.value, "rev": rev}
        else:
            phone.outbox_entries[step.key] = {"id": step.key, **step.value, "removed": False}
            phone.outbox_entries[step.key]["rev"] = rev
        if step.flush:
            await flush(run, phone)


def _room_latencies(stats: Stats, kinds: list[str]) -> dict:
    return {
        kind: {
            "n": sum(stats.statuses[kind].values()),
            "p50_ms": ms(percentile(stats.latencies[kind], 0.5)),
            "p95_ms": ms(percentile(stats.latencies[kind], 0.95)),
            "p99_ms": ms(percentile(stats.latencies[kind], 0.99)),
            "failed": sum(v for k, v in stats.statuses[kind].items() if not isinstance(k, int)),
            "statuses": {str(k): v for k, v in stats.statuses[kind].items()},
        }
        for kind in kinds
        if stats.statuses[kind]
    }


async def drive_room(args, server: Server, setup: dict, env: dict) -> tuple[dict, list[Phone]]:
    """1,000 phones in a room: they join over the first 30 s, type the
    worksheet over the session with human pauses, each polls its status every
    4 s, the board and the projector poll every 3 s; when the timer ends every
    phone submits within 10 s; then voting opens and every phone votes."""
    room = await asyncio.to_thread(django_helper, env, args.app_root, "room")
    session_s = args.room_minutes * 60
    typing_stats, board_stats = Stats(), Stats()
    http = Http(server.base, args.concurrency, typing_stats)
    board_http = Http(server.base, 4, board_stats)
    run = Run(
        args=args,
        http=http,
        setup=room,
        deadline=time.monotonic() + session_s + args.time_limit,
    )
    phones = [
        make_phone(100_000 + n, args.seed, room["levels"], room["teams"], args.batch)
        for n in range(args.room_phones or args.phones)
    ]
    result: dict = {"phones": len(phones), "minutes": args.room_minutes}
    meter = CpuMeter(server, args.db)
    try:
        jar = await facilitator_login(board_http, setup)
        pollers = []
        for path, kind in (
            (f"/workshops/{room['workshop']}/board/", "board_poll"),
            (f"/workshops/{room['workshop']}/present/", "projector_poll"),
        ):
            first = await board_http.request(kind, "GET", path, jar=jar)
            pollers.append(
                BoardPoller(
                    board_http,
                    path,
                    dict(jar),
                    3.0,
                    first.headers.get("ETag"),
                    kind=kind,
                    since=first.headers.get("X-Board-Since"),
                )
            )
        stop_polls = asyncio.Event()
        poll_tasks = [asyncio.create_task(p.run(stop_polls)) for p in pollers]
        status = f"/w/{room['public_id']}/status/?phase={room['phase']}&room={room['room']}"
        started = time.monotonic()
        ends = started + session_s
        cpu0 = meter.snapshot()
        log(f"room: {len(phones)} phones, {args.room_minutes} min of typing, code {run.code}")

        async def person(phone: Phone) -> None:
            await asyncio.sleep(phone.rng.uniform(0, 30))
            await join(run, phone)
            if not phone.joined:
                return
            status_task = asyncio.create_task(room_status_poll(http, status, phone.jar, stop_polls))
            await room_typing(run, phone, session_s * 0.8, ends)
            await status_task

        stop_progress = asyncio.Event()
        progress_task = asyncio.create_task(progress(run, "room", stop_progress))
        people = [asyncio.create_task(person(phone)) for phone in phones]
        await asyncio.sleep(max(0.0, ends - time.monotonic()))
        stop_polls.set()
        await asyncio.gather(*people, *poll_tasks)
        stop_progress.set()
        await progress_task
        result["typing"] = _room_latencies(typing_stats, ["save", "status", "join", "worksheet"])
        result["typing"].update(_room_latencies(board_stats, ["board_poll", "projector_poll"]))
        result["board"] = pollers[0].summary()
        result["projector"] = pollers[1].summary()
        result["typing_cores"] = meter.cores(cpu0)
        log(f"room: typing done; cores {result['typing_cores']}")

        joined = [p for p in phones if p.joined]
        wave_stats = Stats()
        run.http = Http(server.base, args.concurrency, wave_stats)
        cpu0 = meter.snapshot()

        async def submit_at_the_bell(phone: Phone) -> None:
            await asyncio.sleep(phone.rng.uniform(0, 10))
            await submit(run, phone)

        wave_started = time.monotonic()
        await asyncio.gather(*(submit_at_the_bell(p) for p in joined))
        result["submit_wave_s"] = round(time.monotonic() - wave_started, 1)
        result["submit_wave"] = _room_latencies(wave_stats, ["save", "submit", "worksheet"])
        result["submit_wave_cores"] = meter.cores(cpu0)
        await http.close()
        await run.http.close()
        log(f"room: submit wave in {result['submit_wave_s']}s")

        voting = await asyncio.to_thread(
            django_helper, env, args.app_root, "voting", str(room["workshop"]), "8"
        )
        vote_stats = Stats()
        run.http = Http(server.base, args.concurrency, vote_stats)
        vote_started = time.monotonic()
        await asyncio.gather(*(vote(run, p, voting["principles"], voting["dots"]) for p in joined))
        result["vote_s"] = round(time.monotonic() - vote_started, 1)
        result["vote"] = _room_latencies(vote_stats, ["vote", "worksheet"])
        await run.http.close()
        result["workshop"] = room["workshop"]
        result["phones_joined"] = len(joined)
        result["phones_submitted"] = sum(p.submitted for p in phones)
    finally:
        await board_http.close()
    return result, phones


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=100)
    parser.add_argument(
        "--faults",
        action="store_true",
        help="SIGKILL a worker and restart PostgreSQL during the burst",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=32,
        help="requests in flight at once, for the phones and the baselines",
    )
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", default="gthread")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--measure-seconds", type=float, default=10.0)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument(
        "--wrk-sessions", type=int, default=20, help="facilitator sessions for the board poll"
    )
    parser.add_argument(
        "--wrk-phones", type=int, default=200, help="phones for wrk's status polls and saves"
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=900.0,
        help="seconds for the phones' phases in all; then it stops",
    )
    parser.add_argument(
        "--think-ms",
        type=float,
        default=100.0,
        help="a phone waits up to this long before each save",
    )
    parser.add_argument(
        "--batch", type=float, default=0.3, help="chance that an edit waits to go in the next save"
    )
    parser.add_argument("--principles", type=int, default=8)
    parser.add_argument(
        "--room-minutes",
        type=float,
        default=10.0,
        help="the realistic room's typing time (point 5); the burst is separate",
    )
    parser.add_argument(
        "--room-phones", type=int, default=0, help="phones in the room (default: --phones)"
    )
    parser.add_argument(
        "--board-interval",
        type=float,
        default=1.0,
        help="seconds between the facilitator board's polls; 0: no board",
    )
    parser.add_argument(
        "--app-root",
        type=Path,
        default=ROOT,
        help="serve the app from this checkout (e.g. a worktree with a fix)",
    )
    parser.add_argument("--pdf-runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", default="igloo_bench")
    parser.add_argument("--baseline", type=Path, default=DEFAULT_BASELINE)
    parser.add_argument("--keep-db", action="store_true", help="leave the databases (debugging)")
    parser.add_argument(
        "--py-spy",
        type=Path,
        default=None,
        metavar="PREFIX",
        help="record the app with py-spy during the burst and the 304 polls "
        "into PREFIX.burst.txt and PREFIX.poll.txt (see bench/stacks.py)",
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["baseline", "pdf", "phones", "room"],
        help="leave out a part when comparing app versions (no ratio then); "
        "phones: only the wrk figures, no room of phones",
    )
    args = parser.parse_args()
    if not args.baseline.exists():
        parser.error(f"no baseline at {args.baseline}")
    random.seed(args.seed)
    signal.signal(signal.SIGTERM, _interrupt)

    settings = GunicornSettings(args.workers, args.worker_class, args.threads)
    app_db, base_db = args.db, f"{args.db}_baseline"
    logdir = Path(tempfile.mkdtemp(prefix="igloo-load-"))
    servers: list[Server] = []
    result: dict = {
        "phones": args.phones,
        "concurrency": args.concurrency,
        "gunicorn": settings.describe(),
        "app_root": str(args.app_root),
        "board_interval_s": args.board_interval,
        "loadavg_at_start": os.getloadavg()[0],
    }
    ok = False
    try:
        pg_ensure_running()
        for name in (app_db, base_db):
            pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            pg_admin(f'CREATE DATABASE "{name}"')
        log(f"created databases {app_db}, {base_db}; logs in {logdir}")

        env = app_env(app_db)
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=args.app_root,
            env=env,
            check=True,
        )
        setup = django_helper(env, args.app_root, "setup")
        log(f"workshop {setup['workshop']} is collecting; join code {setup['join_code']}")

        base_env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("BASELINE_")},
            "BASELINE_PG": base_db,
            "PGHOST": PG["host"],
            "PGPORT": str(PG["port"]),
            "PGUSER": PG["user"],
        }
        if "baseline" not in args.skip:
            subprocess.run(
                [PYTHON, str(args.baseline), "init"],
                cwd=args.baseline.parent,
                env=base_env,
                check=True,
            )
            baseline = Server(
                "baseline", "baseline:application", args.baseline.parent, base_env, settings, logdir
            )
            servers.append(baseline)
            baseline.start()
            result["baseline"] = measure_baseline(args, baseline)
            baseline.stop()
            result["baseline_rss_mb"] = baseline.peak_mb()

        app = Server("app", "config.wsgi:application", args.app_root, env, settings, logdir)
        servers.append(app)
        app.start()
        if "phones" in args.skip:
            log("the app's polls and saves under wrk (no room of phones: --skip phones)")
            result["app"] = measure_app(args, app, setup, env)
            phones = []
        else:
            phones = asyncio.run(drive_app(args, app, setup, env, result))
        room_phones: list[Phone] = []
        if "phones" not in args.skip and "room" not in args.skip:
            result["room"], room_phones = asyncio.run(drive_room(args, app, setup, env))
            result["room"]["loadavg_at_end"] = os.getloadavg()[0]
        app.stop()
        result["rss_mb"] = app.peak_mb()
        pg_wait()
        result.update(compare_stored(app_db, setup["workshop"], phones))
        if room_phones:
            result["room"].update(compare_stored(app_db, result["room"]["workshop"], room_phones))

        result["pdf_ratio"] = result["save_ratio"] = result["poll_ratio"] = None
        if "pdf" not in args.skip:
            log("PDF ratio (bench/pdf.py), servers stopped")
            try:
                result.update(pdf_ratio(args.pdf_runs))
            except Exception as error:  # noqa: BLE001 - the run's other figures still count
                log(f"PDF ratio failed: {error!r}")
                result["pdf_error"] = repr(error)
        if "baseline" not in args.skip:
            base, app_ = result["baseline"], result["app"]
            ratios = {
                "healthz": ratio(app_["healthz"], base["hello"]),
                "board_304": ratio(app_["board_304"], base["hello"]),
                "status_204": ratio(app_["status_204"], base["hello"]),
                "save": ratio(app_["save"], base["submit"]),
            }
            result["ratios"] = ratios
            result["save_ratio"] = ratios["save"]["ratio"]
            result["poll_ratio"] = ratios["board_304"]["ratio"]
            result["status_ratio"] = ratios["status_204"]["ratio"]
        result["client_cpu"] = {
            **{f"bare_{k}": v["client_cpu"] for k, v in result.get("baseline", {}).items()},
            **{
                k: v["client_cpu"]
                for k, v in result["app"].items()
                if isinstance(v, dict) and "client_cpu" in v
            },
            "burst_httpx": result.get("burst_cores", {}).get("client"),
        }
        result["loadavg_at_end"] = os.getloadavg()[0]
        ok = True
    except KeyboardInterrupt:
        log("interrupted; cleaning up")
    finally:
        for server in servers:
            with contextlib.suppress(Exception):
                server.stop()
        if not args.keep_db:
            with contextlib.suppress(Exception):
                pg_wait(30)
                for name in (app_db, base_db):
                    pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                log(f"dropped {app_db}, {base_db}")
        if ok:
            shutil.rmtree(logdir, ignore_errors=True)
    if not ok:
        sys.exit(1)
    keys = [
        "phones",
        "entries_sent",
        "entries_stored",
        "lost",
        "save_rps",
        "save_ratio",
        "poll_ratio",
        "status_ratio",
        "client_cpu",
        "p95_ms",
        "p99_ms",
        "rss_mb",
        "pdf_ratio",
        "joined_and_submitted_s",
        "faults",
        "room",
        "gunicorn",
        "loadavg_at_start",
        "loadavg_at_end",
    ]
    ordered = {k: result[k] for k in keys if k in result} | {
        k: v for k, v in result.items() if k not in keys
    }
    print(json.dumps(ordered, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
