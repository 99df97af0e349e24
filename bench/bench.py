"""The load benchmark of issue #6 (Python 3 standard library only). Start it through
bench/run.sh, which checks the tools, makes the scratch folder and cleans up after it.

For each backend (SQLite always, PostgreSQL when reachable):
  1. a fresh database: `tongxin migrate`, then `tongxin seed --scale N` (both timed);
  2. start-up: launch `tongxin serve` and time it to the first 200 from /readyz (several times;
     the last start stays up for the measurements);
  3. pages with wrk at 1, 10 and 50 clients: /healthz (the baseline), the activity list logged
     out and logged in, an activity page, a circle page; requests/s, p50/p99, the server's peak
     resident memory and CPU;
  4. the sign-up burst: 1,000 distinct members sign up for one fresh activity at once;
  5. the small-database comparison: the list and the activity page at 50 clients on a
     `seed --demo` database.
Then it prints Markdown tables, writes them into docs/PERFORMANCE.md and the raw figures
into target/bench/.
"""

import argparse
import datetime
import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report  # noqa: E402
import signup  # noqa: E402

STARTED = time.monotonic()


def say(msg):
    t = int(time.monotonic() - STARTED)
    print(f"\033[1m==> [{t // 60:02d}:{t % 60:02d}] {msg}\033[0m", file=sys.stderr, flush=True)


def note(msg):
    print(f"    {msg}", file=sys.stderr, flush=True)


def warn(msg):
    print(f"\033[1;33m*** {msg}\033[0m", file=sys.stderr, flush=True)


class BenchError(RuntimeError):
    pass


def env_int(name, default):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise BenchError(f"{name} must be a whole number, got {raw!r}")


def env_float(name, default):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise BenchError(f"{name} must be a number, got {raw!r}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path, lines=30):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return "(no log)"


class Ctx:
    """Settings (from the environment, see bench/README.md) and shared paths."""

    def __init__(self, args):
        self.repo = os.path.abspath(args.repo)
        self.tmp = os.path.abspath(args.tmp)
        self.bin = os.path.abspath(args.bin)
        self.site = os.path.abspath(args.site)
        self.lua = os.path.join(self.repo, "bench", "wrk.lua")
        self.quick = os.environ.get("BENCH_QUICK") == "1"
        self.secs = env_int("BENCH_SECS", 10)
        self.warmup = env_int("BENCH_WARMUP", 1 if self.quick else 2)
        self.scale = env_int("BENCH_SCALE", 1)
        self.clients = [int(c) for c in os.environ.get("BENCH_CLIENTS", "1 10 50").split()]
        self.startup_runs = max(1, env_int("BENCH_STARTUP_RUNS", 3))
        self.signup_members = env_int("BENCH_SIGNUP_MEMBERS", 1000)
        self.signup_capacity = env_int("BENCH_SIGNUP_CAPACITY", 50)
        self.login_parallel = env_int("BENCH_LOGIN_PARALLEL", 4)
        self.signup_timeout = env_float("BENCH_SIGNUP_TIMEOUT", 60)
        self.accept_encoding = os.environ.get("BENCH_ACCEPT_ENCODING", "").strip()
        self.postgres = os.environ.get("BENCH_POSTGRES", "auto").strip() or "auto"
        self.pg_url = (os.environ.get("BENCH_POSTGRES_URL")
                       or os.environ.get("TONGXIN_TEST_POSTGRES_URL")
                       or "postgres://postgres@127.0.0.1:5432/postgres")
        self.keep = os.environ.get("BENCH_KEEP") == "1"
        self.doc = os.path.join(self.repo, os.environ.get("BENCH_DOC", "docs/PERFORMANCE.md"))
        self.write_doc = os.environ.get("BENCH_WRITE_DOC", "0" if self.quick else "1") == "1"
        self.out_dir = os.path.join(self.repo, "target", "bench")
        self.logs = os.path.join(self.tmp, "logs")
        os.makedirs(self.logs, exist_ok=True)
        if self.secs < 1 or not self.clients or min(self.clients) < 1:
            raise BenchError("BENCH_SECS and BENCH_CLIENTS must be positive")
        if self.postgres not in ("auto", "0", "1"):
            raise BenchError(f"BENCH_POSTGRES must be auto, 0 or 1, got {self.postgres!r}")
        if self.signup_members > 90000 * self.scale:
            raise BenchError("BENCH_SIGNUP_MEMBERS is larger than the seeded county")

    def remember(self, kind, value):
        """bench/run.sh's exit trap reads these files: servers to stop, databases to drop."""
        with open(os.path.join(self.tmp, kind), "a", encoding="utf-8") as f:
            f.write(f"{value}\n")

    def base_env(self, database_url):
        env = dict(os.environ)
        env.update({
            "DATABASE_URL": database_url,
            "LEPTOS_SITE_ROOT": self.site,
            "TONGXIN_RATE_LIMITS": "off",
            "TONGXIN_LOG_FORMAT": "json",
            "RUST_LOG": "warn",
        })
        return env


class Database:
    """A scratch database: an SQLite file, or a PostgreSQL database made for this run."""

    def __init__(self, ctx, kind, name):
        self.ctx, self.kind, self.name = ctx, kind, name
        self.dropped = True  # nothing to drop until create()
        if kind == "sqlite":
            self.path = os.path.join(ctx.tmp, f"{name}.db")
            self.url = f"sqlite://{self.path}"
        else:
            self.pg_name = f"tongxin_bench_{os.getpid()}_{name}"
            self.url = urllib.parse.urlsplit(ctx.pg_url)._replace(path="/" + self.pg_name).geturl()

    def create(self):
        self.dropped = False
        if self.kind == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(self.path + suffix):
                    os.remove(self.path + suffix)
        else:
            self.ctx.remember("pg_dbs", self.pg_name)
            psql(self.ctx.pg_url, f'DROP DATABASE IF EXISTS "{self.pg_name}"')
            psql(self.ctx.pg_url, f'CREATE DATABASE "{self.pg_name}"')

    def drop(self):
        if self.dropped:
            return
        self.dropped = True
        if self.ctx.keep:
            note(f"kept {self.url}")
            return
        if self.kind == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(self.path + suffix):
                    os.remove(self.path + suffix)
        else:
            psql(self.ctx.pg_url, f'DROP DATABASE IF EXISTS "{self.pg_name}"')

    def rows(self, sql):
        if self.kind == "sqlite":
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
            try:
                return [tuple(r) for r in conn.execute(sql).fetchall()]
            finally:
                conn.close()
        out = psql(self.url, sql)
        return [tuple(line.split("\t")) for line in out.splitlines() if line]

    def scalar(self, sql):
        rows = self.rows(sql)
        return rows[0][0] if rows else None

    def size_bytes(self):
        if self.kind == "sqlite":
            return sum(os.path.getsize(self.path + s) for s in ("", "-wal")
                       if os.path.exists(self.path + s))
        return int(self.scalar("SELECT pg_database_size(current_database())"))


def psql(url, sql):
    env = dict(os.environ, PGCONNECT_TIMEOUT="5", PGCLIENTENCODING="UTF8")
    p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1",
                        "-d", url, "-c", sql], capture_output=True, text=True, encoding="utf-8",
                       env=env)
    if p.returncode != 0:
        raise BenchError(f"psql failed ({sql[:60]}…): {p.stderr.strip()}")
    return p.stdout


def run_tongxin(ctx, db, args, label):
    """Runs a tongxin command to completion: its duration in seconds."""
    log = os.path.join(ctx.logs, f"{db.kind}-{db.name}-{label}.log")
    started = time.perf_counter()
    with open(log, "w", encoding="utf-8") as f:
        p = subprocess.run([ctx.bin, *args], env=ctx.base_env(db.url), cwd=ctx.repo,
                           stdout=f, stderr=subprocess.STDOUT)
    took = time.perf_counter() - started
    if p.returncode != 0:
        raise BenchError(f"`tongxin {' '.join(args)}` failed (exit {p.returncode}):\n{tail(log)}")
    last = tail(log, 3).strip()
    if last:
        note(f"{label}: {last.splitlines()[-1][:160]}")
    return took


class Server:
    """One `tongxin serve`, on a port of its own."""

    count = 0

    def __init__(self, ctx, db):
        self.ctx, self.db = ctx, db
        self.addr = f"127.0.0.1:{free_port()}"
        Server.count += 1
        self.log = os.path.join(ctx.logs, f"serve-{db.kind}-{db.name}-{Server.count}.log")
        self.proc = None
        self.hwm_resettable = None

    def start(self, timeout=120):
        """Launches the server; answers the seconds until /readyz first said 200."""
        env = self.ctx.base_env(self.db.url)
        env["LEPTOS_SITE_ADDR"] = self.addr
        logf = open(self.log, "w", encoding="utf-8")
        started = time.perf_counter()
        self.proc = subprocess.Popen([self.ctx.bin, "serve"], env=env, cwd=self.ctx.repo,
                                     stdout=logf, stderr=subprocess.STDOUT)
        logf.close()
        self.ctx.remember("pids", self.proc.pid)
        while True:
            if self.proc.poll() is not None:
                raise BenchError(f"`tongxin serve` exited ({self.proc.returncode}) before it was "
                                 f"ready:\n{tail(self.log)}")
            try:
                status, _, _ = signup.request(self.addr, "GET", "/readyz", timeout=2)
                if status == 200:
                    return time.perf_counter() - started
            except (OSError, http.client.HTTPException):
                pass
            if time.perf_counter() - started > timeout:
                raise BenchError(f"`tongxin serve` not ready after {timeout} s:\n{tail(self.log)}")
            time.sleep(0.005)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def check_alive(self):
        if not self.alive():
            raise BenchError(f"the server died (exit {self.proc.returncode}):\n{tail(self.log)}")

    def stop(self):
        if not self.alive():
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            warn(f"server {self.proc.pid} ignored SIGTERM for 30 s; killing it")
            self.proc.kill()
            self.proc.wait()

    def status_kb(self, field):
        try:
            with open(f"/proc/{self.proc.pid}/status", encoding="ascii") as f:
                for line in f:
                    if line.startswith(field + ":"):
                        return int(line.split()[1])
        except OSError:
            pass
        return None

    def reset_hwm(self):
        """Resets VmHWM to the current RSS (Linux: `echo 5 > /proc/PID/clear_refs`)."""
        try:
            with open(f"/proc/{self.proc.pid}/clear_refs", "w", encoding="ascii") as f:
                f.write("5")
            self.hwm_resettable = True
        except OSError:
            self.hwm_resettable = False
        return self.hwm_resettable

    def cpu_secs(self):
        try:
            with open(f"/proc/{self.proc.pid}/stat", encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return None


def wrk(ctx, server, path, clients, secs, cookie=None):
    """One wrk run; answers its figures plus the server's peak RSS and CPU during it."""
    cmd = ["wrk", f"-t{min(clients, 2)}", f"-c{clients}", f"-d{secs}s", "--timeout", "10s",
           "-s", ctx.lua]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    if ctx.accept_encoding:
        cmd += ["-H", f"Accept-Encoding: {ctx.accept_encoding}"]
    cmd.append(f"http://{server.addr}{path}")
    reset = server.reset_hwm()
    cpu0, t0 = server.cpu_secs(), time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampled = server.status_kb("VmRSS") or 0
    while p.poll() is None:
        sampled = max(sampled, server.status_kb("VmRSS") or 0)
        time.sleep(0.25)
    out, err = p.communicate()
    cpu1, t1 = server.cpu_secs(), time.perf_counter()
    hwm = server.status_kb("VmHWM")
    server.check_alive()
    line = next((l for l in out.splitlines() if l.startswith("TONGXIN_BENCH ")), None)
    if p.returncode != 0 or line is None:
        raise BenchError(f"wrk failed (exit {p.returncode}): {err.strip() or out.strip()}")
    fig = {}
    for pair in line.split()[1:]:
        k, v = pair.split("=", 1)
        fig[k] = float(v)
    errors = int(sum(fig[k] for k in ("err_connect", "err_read", "err_write", "err_status",
                                       "err_timeout")))
    return {
        "clients": clients,
        "secs": secs,
        "requests": int(fig["requests"]),
        "rps": fig["rps"],
        "p50_ms": fig["p50_ms"],
        "p90_ms": fig["p90_ms"],
        "p99_ms": fig["p99_ms"],
        "max_ms": fig["max_ms"],
        "errors": errors,
        "error_detail": {k: int(v) for k, v in fig.items() if k.startswith("err_") and v},
        # With the reset, VmHWM is this run's peak; without it, only the 4 Hz samples count.
        "peak_rss_kb": max(hwm or 0, sampled) if reset else sampled,
        "cpu_cores": None if cpu0 is None or cpu1 is None else (cpu1 - cpu0) / (t1 - t0),
    }


def measure_page(ctx, server, page, path, cookie, clients_list):
    rows = []
    label = report.PAGE_LABEL[page]
    if ctx.warmup > 0:
        wrk(ctx, server, path, min(10, max(clients_list)), ctx.warmup, cookie)
    for c in clients_list:
        try:
            r = wrk(ctx, server, path, c, ctx.secs, cookie)
        except BenchError as e:
            if not server.alive():
                raise
            warn(f"{label}, {c} clients: {e}")
            r = {"clients": c, "failed": str(e).splitlines()[0][:200]}
        r.update(page=page, path=path)
        if not r.get("failed"):
            note(f"{label:42} c={c:<3} {r['rps']:>9,.0f} req/s  p50 {r['p50_ms']:7.2f} ms  "
                 f"p99 {r['p99_ms']:7.2f} ms  RSS {r['peak_rss_kb'] / 1024:5.0f} MiB  "
                 f"CPU {r['cpu_cores'] or 0:.2f}" + (f"  errors {r['errors']}" if r["errors"] else ""))
        rows.append(r)
    return rows


def get_ok(server, path, cookie=None, expect=None):
    status, _, body = signup.request(server.addr, "GET", path, cookie=cookie)
    if status != 200:
        raise BenchError(f"GET {path} answered {status} before the load: {body[:300]!r}")
    if expect and expect.encode() not in body:
        warn(f"GET {path}: the answer does not contain {expect!r}; measuring it anyway")
    return body


def soonest_activity(db):
    now = int(time.time())
    aid = db.scalar("SELECT id FROM activities WHERE status = 'published' AND starts_at > "
                    f"{now} ORDER BY starts_at, id LIMIT 1")
    if aid is None:
        raise BenchError(f"no upcoming published activity in the {db.name} database")
    return int(aid)


# A session cookie that names no session: the page is rendered as for a visitor who is not
# logged in, but never comes from the page cache (which skips requests with a session cookie).
NO_SESSION = "tx_session=none"


def preflight(server, db, with_member):
    """The pages to load (name, path, cookie), each checked once to answer 200."""
    aid = soonest_activity(db)
    pages = [("healthz", "/healthz", None), ("list", "/", None), ("list_fresh", "/", NO_SESSION)]
    if with_member:
        member = signup.login(server.addr, str(signup.PHONE_BASE + 2))
        me = json.loads(get_ok(server, "/api/auth/me", member) or b"null")
        if not isinstance(me, dict) or not me.get("user_id"):
            raise BenchError(f"the member's session does not work: /api/auth/me said {me!r}")
        circle = db.scalar("SELECT id FROM circles WHERE name = '家庭教育圈0'") or \
            db.scalar("SELECT MIN(id) FROM circles")
        if circle is None:
            raise BenchError("no circle in the scaled database")
        pages += [("list_in", "/", member), ("activity", f"/activities/{aid}", None),
                  ("activity_fresh", f"/activities/{aid}", NO_SESSION),
                  ("circle", f"/circles/{int(circle)}", member)]
    else:
        pages += [("activity", f"/activities/{aid}", None),
                  ("activity_fresh", f"/activities/{aid}", NO_SESSION)]
    for page, path, cookie in pages:
        get_ok(server, path, cookie, expect="话题" if page == "circle" else None)
    return pages


def signup_test(ctx, server, db):
    n, cap = ctx.signup_members, ctx.signup_capacity
    organizer = signup.login(server.addr, signup.ORGANIZER_PHONE)
    activity = signup.create_activity(server.addr, organizer, cap)
    say(f"sign-up: logging {n:,} members in ({ctx.login_parallel} at a time; argon2 each)")
    cookies, login_s = signup.login_many(server.addr, signup.member_phones(n), ctx.login_parallel)
    note(f"logged in in {login_s:.1f} s")
    time.sleep(1)
    server.check_alive()
    server.reset_hwm()
    say(f"sign-up: {n:,} members at once for activity {activity} (capacity {cap})")
    res = signup.burst(server.addr, activity, cookies, ctx.signup_timeout)
    server.check_alive()
    res.update(capacity=cap, activity_id=activity, login_s=login_s,
               peak_rss_kb=server.status_kb("VmHWM") if server.hwm_resettable else None)
    capacity, seats = db.rows(f"SELECT capacity, seats_taken FROM activities WHERE id = {activity}")[0]
    rows = db.rows(f"SELECT status, COUNT(*) FROM signups WHERE activity_id = {activity} GROUP BY status")
    confirmed_seats = db.scalar("SELECT COALESCE(SUM(1 + companions), 0) FROM signups "
                                f"WHERE activity_id = {activity} AND status = 'confirmed'")
    res["db"] = {"capacity": int(capacity), "seats_taken": int(seats),
                 "confirmed_seats": int(confirmed_seats),
                 "rows": {str(s): int(c) for s, c in rows}}
    st = res["statuses"]
    note(f"all answered in {res['wall_s']:.2f} s" if res["wall_s"] is not None else "no answers")
    note(f"answers {st}, errors {res['errors'] or 'none'}; database: seats {seats}/{capacity}, "
         f"rows {res['db']['rows']}")
    return res


def run_backend(ctx, kind):
    label = {"sqlite": "SQLite", "postgres": "PostgreSQL"}[kind]
    out = {"name": kind, "label": label, "setup": {}, "pages": [], "demo": []}
    scale_db = Database(ctx, kind, "scale")
    demo_db = Database(ctx, kind, "demo")
    server = None
    try:
        say(f"{label}: fresh database, migrate, seed --scale {ctx.scale} (takes minutes)")
        scale_db.create()
        out["setup"]["migrate_s"] = run_tongxin(ctx, scale_db, ["migrate"], "migrate")
        out["setup"]["seed_s"] = run_tongxin(ctx, scale_db, ["seed", "--scale", str(ctx.scale)], "seed")
        out["setup"]["db_bytes"] = scale_db.size_bytes()
        note(f"seeded in {out['setup']['seed_s']:.0f} s; {report.size(out['setup']['db_bytes'])}")

        say(f"{label}: start-up to /readyz on the N={ctx.scale} database, {ctx.startup_runs}×")
        starts = []
        for i in range(ctx.startup_runs):
            server = Server(ctx, scale_db)
            starts.append(server.start())
            note(f"start {i + 1}: {starts[-1]:.3f} s")
            if i + 1 < ctx.startup_runs:
                server.stop()
        out["setup"]["startup_s"] = starts
        time.sleep(1)
        out["idle_rss_kb"] = server.status_kb("VmRSS")

        pages = preflight(server, scale_db, with_member=True)
        for page, path, cookie in pages:
            say(f"{label}: {report.PAGE_LABEL[page]} ({path}) at {ctx.clients} clients")
            out["pages"] += measure_page(ctx, server, page, path, cookie, ctx.clients)
        out["hwm_resettable"] = server.hwm_resettable

        out["signup"] = signup_test(ctx, server, scale_db)
        server.stop()
        server = None
        scale_db.drop()

        say(f"{label}: the small demo database, list and activity page at 50 clients")
        demo_db.create()
        out["setup"]["demo_seed_s"] = run_tongxin(ctx, demo_db, ["seed", "--demo"], "seed-demo")
        server = Server(ctx, demo_db)
        server.start()
        for page, path, cookie in preflight(server, demo_db, with_member=False):
            if page != "healthz":
                out["demo"] += measure_page(ctx, server, page, path, cookie, [50])
    except (BenchError, signup.HttpError, http.client.HTTPException, OSError) as e:
        warn(f"{label}: {e}")
        out["error"] = str(e).splitlines()[0][:300]
    finally:
        if server is not None:
            server.stop()
        scale_db.drop()
        demo_db.drop()
    return out


def postgres_wanted(ctx):
    """True to run PostgreSQL; a note for the report when skipped."""
    if ctx.postgres == "0":
        return False, "PostgreSQL (skipped: BENCH_POSTGRES=0" + (", --quick)" if ctx.quick else ")")
    parts = urllib.parse.urlsplit(ctx.pg_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 5432
    reason = None
    if not shutil.which("psql"):
        reason = "psql is not installed"
    else:
        try:
            socket.create_connection((host, port), timeout=3).close()
            psql(ctx.pg_url, "SELECT 1")
        except (OSError, BenchError) as e:
            reason = f"not reachable at {host}:{port} ({str(e).splitlines()[0][:120]})"
    if reason is None:
        return True, None
    if ctx.postgres == "1":
        raise BenchError(f"PostgreSQL required (BENCH_POSTGRES=1) but {reason}")
    print(f"\n\033[1;33m*** PostgreSQL {reason}: the PostgreSQL half is SKIPPED "
          "(BENCH_POSTGRES=1 makes this an error) ***\033[0m\n", file=sys.stderr)
    return False, f"PostgreSQL ({reason})"


def machine_meta(ctx):
    def cmd(*args):
        try:
            p = subprocess.run(args, capture_output=True, text=True, cwd=ctx.repo)
            return (p.stdout or p.stderr).strip()
        except OSError:
            return ""
    cpu_model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu_model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
    except OSError:
        pass
    mem_kb = 0
    with open("/proc/meminfo", encoding="ascii") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    dirty = bool(cmd("git", "status", "--porcelain", "--untracked-files=no"))
    return {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "commit": cmd("git", "rev-parse", "--short", "HEAD") or "unknown",
        "dirty": dirty,
        "binary_built": datetime.datetime.fromtimestamp(os.path.getmtime(ctx.bin)).astimezone()
        .strftime("%Y-%m-%d %H:%M %Z"),
        "cpus": len(os.sched_getaffinity(0)),
        "cpu_model": cpu_model,
        "mem_gb": mem_kb * 1024 / 1e9,
        "kernel": os.uname().release,
        "wrk": (cmd("wrk", "-v").splitlines() or ["wrk"])[0].split(" Copyright")[0].strip(),
        "secs": ctx.secs,
        "warmup": ctx.warmup,
        "clients": ctx.clients,
        "scale": ctx.scale,
        "quick": ctx.quick,
        "accept_encoding": ctx.accept_encoding,
        "tmp_root": os.path.dirname(ctx.tmp),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repo", required=True)
    ap.add_argument("--tmp", required=True, help="scratch folder (databases, logs)")
    ap.add_argument("--bin", required=True, help="the tongxin binary")
    ap.add_argument("--site", required=True, help="LEPTOS_SITE_ROOT")
    args = ap.parse_args()
    try:
        ctx = Ctx(args)
        results = {"meta": machine_meta(ctx), "backends": [], "skipped": []}
        backends = ["sqlite"]
        want_pg, skip_note = postgres_wanted(ctx)
        if want_pg:
            backends.append("postgres")
        elif skip_note:
            results["skipped"].append(skip_note)
        load = len(report.PAGES) * (ctx.warmup + len(ctx.clients) * (ctx.secs + 0.5)) \
            + 2 * (ctx.warmup + ctx.secs + 0.5)
        say(f"backends: {', '.join(backends)}; {ctx.secs} s per figure, clients {ctx.clients}; "
            f"about {len(backends) * load / 60:.0f} min of load plus seeding and logins")
        for kind in backends:
            results["backends"].append(run_backend(ctx, kind))
    except BenchError as e:
        warn(str(e))
        return 1
    except KeyboardInterrupt:
        warn("interrupted; nothing written")
        return 130

    os.makedirs(ctx.out_dir, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    for name in ("last-run.json", f"run-{stamp}.json"):
        with open(os.path.join(ctx.out_dir, name), "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2, ensure_ascii=False)
    block = report.render(results)
    print()
    sys.stdout.write(block)
    sys.stdout.flush()
    if ctx.write_doc:
        report.write_doc(ctx.doc, block)
        say(f"tables written into {os.path.relpath(ctx.doc, ctx.repo)}; raw figures in "
            f"{os.path.relpath(ctx.out_dir, ctx.repo)}/last-run.json")
    else:
        say(f"{os.path.relpath(ctx.doc, ctx.repo)} left as it was (BENCH_WRITE_DOC=1 writes it); "
            f"raw figures in {os.path.relpath(ctx.out_dir, ctx.repo)}/last-run.json")
    verdicts = [v for b in results["backends"] for _, _, v in report.targets(b) if v is not None]
    say(f"targets met: {sum(verdicts)} of {len(verdicts)}")
    return 1 if any(b.get("error") for b in results["backends"]) else 0


if __name__ == "__main__":
    sys.exit(main())
