"""Turns the benchmark's results (the JSON bench.py writes) into Markdown tables, checks the
targets of issue #6, and writes the tables into docs/PERFORMANCE.md between
`<!-- bench:begin -->` and `<!-- bench:end -->`.

Re-render a saved run without measuring again:

    python3 bench/report.py target/bench/last-run.json            # print
    python3 bench/report.py target/bench/last-run.json --write    # and update docs/PERFORMANCE.md
"""

import argparse
import json
import os
import re
import sys

BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"

PAGES = [
    ("healthz", "`/healthz` (baseline)"),
    ("list", "activity list `/`, logged out"),
    ("list_fresh", "activity list `/`, logged out, rendered each time (no copy)"),
    ("list_in", "activity list `/`, logged in"),
    ("activity", "activity page `/activities/{id}`, logged out"),
    ("activity_fresh", "activity page `/activities/{id}`, rendered each time (no copy)"),
    ("circle", "circle page `/circles/{id}`, logged in"),
]
PAGE_LABEL = dict(PAGES)

# The pages compared between the N=1 and the demo database, and their short names.
COMPARED = {"list": "list", "list_fresh": "list rendered", "activity": "activity",
            "activity_fresh": "activity rendered"}

# Issue #6's targets.
LIST_RPS = 3000
LIST_P99_MS = 50
LIST_SHARE_OF_HEALTHZ = 0.25
SIGNUP_WALL_S = 3.0
RSS_MB = 150
SMALL_DB_RATIO = 1.5
STARTUP_S = 2.0

DOC_INTRO = """# Performance

What Tongxin does on one machine with a county-sized database (`tongxin seed --scale 1`:
100,000 members, 10,000 activities over two years, 1,000,000 sign-ups, 200 circles with
20,000 threads and 200,000 posts), measured with `wrk` on the same machine. The targets are
those of issue #6. The tables below are written by the benchmark; rerun it with

```sh
bash bench/run.sh            # SQLite, and PostgreSQL when reachable; see bench/README.md
```

"""


def ok(passed):
    return "✅" if passed else "❌"


def ms(v):
    if v is None:
        return "–"
    return f"{v:.2f}" if v < 10 else f"{v:.1f}" if v < 100 else f"{v:.0f}"


def num(v):
    return "–" if v is None else f"{v:,.0f}"


def mb(kb):
    return None if kb is None else kb * 1024 / 1e6


def secs(v):
    return "–" if v is None else f"{v:.2f} s" if v < 10 else f"{v:.0f} s"


def size(b):
    if b is None:
        return "–"
    return f"{b / 1e9:.2f} GB" if b >= 1e9 else f"{b / 1e6:.0f} MB"


def find(rows, page, clients):
    for r in rows or []:
        if r["page"] == page and r["clients"] == clients:
            return r
    return None


def row_errors(r):
    if r.get("failed"):
        return f"run failed: {r['failed']}"
    e = r.get("errors", 0)
    return "0" if not e else f"**{e:,}**"


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def ratio(big, small, key):
    if not big or not small or not big.get(key) or not small.get(key):
        return None
    return big[key] / small[key]


def targets(b):
    """(target, value, verdict) rows for one backend; verdict None when only informative."""
    name = b["name"]
    pages = b.get("pages")
    out = []
    # The target is the list as visitors get it (logged out, the page cache on) and logged in;
    # the list rendered for every request shows what the renderer alone does (informative).
    for page in ("list", "list_in", "list_fresh"):
        binding = name == "sqlite" and page != "list_fresh"
        r = find(pages, page, 50)
        if r and not r.get("failed"):
            passed = r["rps"] >= LIST_RPS and r["p99_ms"] <= LIST_P99_MS and not r["errors"]
            out.append((f"{PAGE_LABEL[page]}, 50 clients: ≥ {LIST_RPS:,} req/s, p99 ≤ {LIST_P99_MS} ms"
                        + ("" if name == "sqlite" else " (target set for SQLite)"),
                        f"{num(r['rps'])} req/s, p99 {ms(r['p99_ms'])} ms",
                        passed if binding else None))
        h = find(pages, "healthz", 50)
        if r and h and not r.get("failed") and not h.get("failed") and h["rps"]:
            share = r["rps"] / h["rps"]
            out.append((f"{PAGE_LABEL[page]}, 50 clients: ≥ {LIST_SHARE_OF_HEALTHZ:.0%} of `/healthz` req/s",
                        f"{share:.0%} ({num(r['rps'])} of {num(h['rps'])})",
                        share >= LIST_SHARE_OF_HEALTHZ if binding else None))
    s = b.get("signup")
    if s and s.get("wall_s") is not None:
        st, db = s["statuses"], s.get("db", {})
        cap = s["capacity"]
        expected_confirmed = min(cap, s["members"])
        passed = (s["wall_s"] <= SIGNUP_WALL_S and not s["errors"]
                  and sum(st.values()) == s["members"]
                  and st.get("confirmed", 0) == expected_confirmed
                  and st.get("waitlisted", 0) == s["members"] - expected_confirmed
                  and db.get("seats_taken") is not None and db["seats_taken"] <= db["capacity"]
                  and db.get("confirmed_seats") == db["seats_taken"])
        value = (f"{secs(s['wall_s'])}; {st.get('confirmed', 0)} confirmed, "
                 f"{st.get('waitlisted', 0)} waitlisted"
                 + (f", errors {s['errors']}" if s["errors"] else "")
                 + f"; seats {db.get('seats_taken', '?')}/{db.get('capacity', '?')}")
        out.append((f"sign-up: {s['members']:,} members at once, all answered ≤ {SIGNUP_WALL_S:g} s, "
                    "none over capacity", value, passed))
    peaks = [mb(r["peak_rss_kb"]) for r in pages or [] if r["clients"] == 50 and r.get("peak_rss_kb")]
    if peaks:
        out.append((f"server memory under 50 clients ≤ {RSS_MB} MB resident",
                    f"{max(peaks):.0f} MB peak", max(peaks) <= RSS_MB))
    parts, passed = [], True
    for page in COMPARED:
        big, small = find(pages, page, 50), find(b.get("demo"), page, 50)
        r50, r99 = ratio(big, small, "p50_ms"), ratio(big, small, "p99_ms")
        if r50 is None or r99 is None:
            continue
        parts.append(f"{COMPARED[page]} {r50:.2f}× / {r99:.2f}×")
        passed = passed and r50 <= SMALL_DB_RATIO and r99 <= SMALL_DB_RATIO
    if parts:
        out.append((f"list and activity page latency (p50 / p99, 50 clients) ≤ {SMALL_DB_RATIO}× "
                    "the demo database's", "; ".join(parts), passed))
    st = (b.get("setup") or {}).get("startup_s")
    if st:
        out.append((f"start-up with migrations on the N=1 database < {STARTUP_S:g} s (slowest of {len(st)})",
                    secs(max(st)), max(st) < STARTUP_S))
    return out


def render(res):
    m = res["meta"]
    lines = [
        f"Run {m['date']} at commit `{m['commit']}`{' with uncommitted changes' if m.get('dirty') else ''}; "
        f"{m['cpus']} CPUs ({m.get('cpu_model') or 'unknown CPU'}), {m['mem_gb']:.1f} GB RAM, "
        f"Linux {m['kernel']}; {m.get('wrk') or 'wrk'} on the same machine"
        f"{' (it competes with the server for the CPUs)' if m['cpus'] <= 4 else ''}.",
        f"Each figure: {m['secs']} s of load after a {m['warmup']} s warm-up per page; wrk threads = "
        f"min(clients, 2); responses {'compressed (' + m['accept_encoding'] + ')' if m.get('accept_encoding') else 'uncompressed'}; "
        f"scale N={m['scale']}; scratch databases in `{m.get('tmp_root', '?')}`"
        f"{'; quick run (`--quick`)' if m.get('quick') else ''}.",
        "",
    ]
    for note in res.get("skipped", []):
        lines += [f"**Not measured:** {note}", ""]
    backends = res["backends"]
    for b in backends:
        if b.get("error"):
            lines += [f"**{b['label']} failed:** {b['error']}", ""]

    lines += ["### Targets (issue #6)", ""]
    rows = []
    for b in backends:
        for target, value, verdict in targets(b):
            rows.append((b["label"], target, value, "info" if verdict is None else ok(verdict)))
    lines += [table(["backend", "target", "measured", "met"], rows) if rows else "(nothing measured)", ""]

    lines += ["### Pages on the N=1 database", "",
              "Peak RSS: the server's peak resident memory during that run (VmHWM, reset before each "
              "run); CPU: cores the server process used on average.", ""]
    rows = []
    for b in backends:
        for r in b.get("pages") or []:
            rows.append((b["label"], PAGE_LABEL.get(r["page"], r["page"]), r["clients"],
                         num(r.get("rps")), ms(r.get("p50_ms")), ms(r.get("p99_ms")),
                         "–" if not r.get("peak_rss_kb") else f"{mb(r['peak_rss_kb']):.0f}",
                         "–" if r.get("cpu_cores") is None else f"{r['cpu_cores']:.2f}",
                         row_errors(r)))
    lines += [table(["backend", "page", "clients", "req/s", "p50 ms", "p99 ms", "peak RSS MB",
                     "server CPU", "errors"], rows), ""]

    lines += ["### N=1 against the small demo database (50 clients)", ""]
    rows = []
    for b in backends:
        for page in COMPARED:
            big, small = find(b.get("pages"), page, 50), find(b.get("demo"), page, 50)
            if not big or not small:
                continue
            r50, r99 = ratio(big, small, "p50_ms"), ratio(big, small, "p99_ms")
            rows.append((b["label"], PAGE_LABEL[page],
                         f"{num(small.get('rps'))} / {ms(small.get('p50_ms'))} / {ms(small.get('p99_ms'))}",
                         f"{num(big.get('rps'))} / {ms(big.get('p50_ms'))} / {ms(big.get('p99_ms'))}",
                         "–" if r50 is None else f"{r50:.2f}×", "–" if r99 is None else f"{r99:.2f}×"))
    lines += [table(["backend", "page", "demo: req/s / p50 / p99 ms", "N=1: req/s / p50 / p99 ms",
                     "p50 ratio", "p99 ratio"], rows), ""]

    lines += ["### Sign-up burst", "",
              "Distinct members, logged in beforehand, each on her own connection, post "
              "`/api/activities/signup` for one fresh activity at the same moment; time from the "
              "release to the last answer. Seats are checked in the database afterwards.", ""]
    rows = []
    for b in backends:
        s = b.get("signup")
        if not s:
            continue
        st, db = s.get("statuses", {}), s.get("db", {})
        other = ", ".join(f"{k}: {v}" for k, v in {**{k: v for k, v in st.items()
                                                        if k not in ("confirmed", "waitlisted")},
                                                     **s.get("errors", {})}.items()) or "0"
        rows.append((b["label"], f"{s['members']:,}", secs(s.get("wall_s")), ms(s.get("p50_ms")),
                     ms(s.get("max_ms")), st.get("confirmed", 0), st.get("waitlisted", 0), other,
                     f"{db.get('seats_taken', '?')} / {db.get('capacity', '?')}",
                     "–" if not s.get("peak_rss_kb") else f"{mb(s['peak_rss_kb']):.0f}",
                     secs(s.get("login_s"))))
    lines += [table(["backend", "members", "all answered in", "p50 ms", "slowest ms", "confirmed",
                     "waitlisted", "other / errors", "seats taken / capacity", "peak RSS MB",
                     "logging them in"], rows), ""]

    lines += ["### Setting up", ""]
    rows = []
    for b in backends:
        s = b.get("setup") or {}
        st = s.get("startup_s") or []
        rows.append((b["label"], secs(s.get("migrate_s")), secs(s.get("seed_s")), size(s.get("db_bytes")),
                     "–" if not st else f"{sorted(st)[len(st) // 2]:.2f} s / {max(st):.2f} s",
                     "–" if not b.get("idle_rss_kb") else f"{mb(b['idle_rss_kb']):.0f}",
                     secs(s.get("demo_seed_s"))))
    lines += [table(["backend", "migrate (empty db)", f"seed --scale {m['scale']}", "database size",
                     "start-up to `/readyz` (median / slowest)", "idle RSS MB", "seed --demo"], rows)]
    return "\n".join(lines) + "\n"


def write_doc(path, block):
    """Puts `block` between the markers, creating the file (or the markers) if missing."""
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else DOC_INTRO
    section = f"{BEGIN}\n{block.rstrip()}\n{END}"
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text if text.endswith("\n") else text + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results", help="the JSON that bench.py wrote")
    ap.add_argument("--write", nargs="?", const="docs/PERFORMANCE.md", metavar="PATH",
                    help="also write the tables into PATH (default docs/PERFORMANCE.md)")
    args = ap.parse_args()
    with open(args.results, encoding="utf-8") as f:
        block = render(json.load(f))
    sys.stdout.write(block)
    if args.write:
        write_doc(args.write, block)
        print(f"written into {args.write}", file=sys.stderr)


if __name__ == "__main__":
    main()
