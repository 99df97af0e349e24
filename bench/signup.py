"""HTTP helpers for the benchmark (Python 3 standard library only): logging in, creating the
sign-up test's activity, and the sign-up burst (many distinct members, one activity, all at
once).

bench.py uses it; it also runs on its own against a server that is already up, e.g.

    python3 bench/signup.py --addr 127.0.0.1:3000 --members 1000

(the server needs TONGXIN_RATE_LIMITS=off and a `seed --scale` database).
"""

import argparse
import asyncio
import datetime
import http.client
import json
import resource
import statistics
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

BENCH_PASSWORD = "tongxin-bench"
PHONE_BASE = 15000000000
ORGANIZER_PHONE = str(PHONE_BASE)
CHINA = datetime.timezone(datetime.timedelta(hours=8))


class HttpError(RuntimeError):
    pass


def request(addr, method, path, form=None, cookie=None, timeout=60):
    """One request on a fresh connection: (status, headers, body bytes)."""
    host, port = addr.rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    headers = {}
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if cookie:
        headers["Cookie"] = cookie
    try:
        conn.request(method, path, body=body, headers=headers)
        res = conn.getresponse()
        data = res.read()
        return res.status, res.headers, data
    finally:
        conn.close()


def login(addr, phone, password=BENCH_PASSWORD):
    """Logs in; answers the Cookie header value `tx_session=…`."""
    status, headers, body = request(addr, "POST", "/api/auth/login",
                                    form={"phone": phone, "password": password})
    if status != 200:
        raise HttpError(f"login {phone}: HTTP {status} {body[:200]!r}")
    for value in headers.get_all("Set-Cookie") or []:
        pair = value.split(";", 1)[0].strip()
        if pair.startswith("tx_session=") and len(pair) > len("tx_session="):
            return pair
    raise HttpError(f"login {phone}: no tx_session cookie in the answer")


def login_many(addr, phones, parallel=4):
    """Logs every phone in (argon2 per login, so only a few at a time): (cookies, seconds)."""
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        cookies = list(pool.map(lambda p: login(addr, p), phones))
    return cookies, time.perf_counter() - started


def create_activity(addr, organizer_cookie, capacity=50, days_ahead=7):
    """A fresh published activity a week ahead, for the organizer's whole area: its id."""
    day = (datetime.datetime.now(CHINA) + datetime.timedelta(days=days_ahead)).date()
    form = {
        "title": f"压力测试活动 {int(time.time())}",
        "category": "culture_sports",
        "description": "bench/run.sh 的报名压力测试。",
        "venue": "村委会活动室",
        "starts_at": f"{day.isoformat()}T14:00",
        "ends_at": f"{day.isoformat()}T16:00",
        "capacity": str(capacity),
    }
    status, _, body = request(addr, "POST", "/api/activities/create", form=form,
                              cookie=organizer_cookie)
    if status != 200:
        raise HttpError(f"creating the sign-up activity: HTTP {status} {body[:300]!r}")
    return int(json.loads(body)["id"])


def raise_fd_limit(needed):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = hard if hard == resource.RLIM_INFINITY else min(hard, max(needed, soft))
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    if soft != resource.RLIM_INFINITY and soft < needed:
        raise RuntimeError(f"open-file limit {soft} is below the {needed} connections the "
                           "burst needs (raise `ulimit -n`)")


def _parse_response(raw):
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        return None, {}, b""
    lines = head.split(b"\r\n")
    parts = lines[0].split(b" ", 2)
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower().decode("latin-1")] = value.strip().decode("latin-1")
    if "chunked" in headers.get("transfer-encoding", "").lower():
        out, rest = b"", body
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0] or b"0", 16)
            if size == 0:
                break
            out, rest = out + rest[:size], rest[size + 2:]
        body = out
    return status, headers, body


async def _burst(addr, activity_id, cookies, timeout):
    host, port = addr.rsplit(":", 1)
    body = urllib.parse.urlencode({"activity_id": str(activity_id)}).encode()
    payloads = [
        (f"POST /api/activities/signup HTTP/1.1\r\nHost: {addr}\r\n"
         f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
         f"Cookie: {cookie}\r\nConnection: close\r\n\r\n").encode() + body
        for cookie in cookies
    ]
    # Connect everyone first (in batches, to stay inside the listen backlog), then release.
    conns = []
    for i in range(0, len(payloads), 100):
        conns += await asyncio.gather(
            *(asyncio.open_connection(host, int(port)) for _ in payloads[i:i + 100]))
    done_at = [None] * len(conns)

    async def answer(i, reader):
        raw = await reader.read()  # Connection: close, so the answer ends at EOF
        done_at[i] = time.perf_counter()
        return raw

    released = time.perf_counter()
    for (_, writer), payload in zip(conns, payloads):
        writer.write(payload)
    tasks = [asyncio.ensure_future(answer(i, r)) for i, (r, _) in enumerate(conns)]
    await asyncio.wait(tasks, timeout=timeout)
    raws = []
    for t in tasks:
        if not t.done():
            t.cancel()
            raws.append(TimeoutError(f"no answer within {timeout} s"))
        elif t.exception() is not None:
            raws.append(t.exception())
        else:
            raws.append(t.result())
    for _, writer in conns:
        writer.close()
    return released, done_at, raws


def burst(addr, activity_id, cookies, timeout=60):
    """Posts one sign-up per cookie, all at once; counts the answers and times them."""
    raise_fd_limit(len(cookies) + 64)
    released, done_at, raws = asyncio.run(_burst(addr, activity_id, cookies, timeout))
    statuses, errors, latencies = {}, {}, []
    for raw, at in zip(raws, done_at):
        if isinstance(raw, BaseException):
            key = f"client error: {type(raw).__name__}"
            errors[key] = errors.get(key, 0) + 1
            continue
        latencies.append((at - released) * 1000)
        code, _, body = _parse_response(raw)
        try:
            answer = json.loads(body)
        except ValueError:
            answer = None
        if code == 200 and isinstance(answer, dict) and "status" in answer:
            statuses[answer["status"]] = statuses.get(answer["status"], 0) + 1
        else:
            key = f"HTTP {code}"
            if isinstance(answer, dict) and answer.get("key"):
                key += f" {answer['key']}"
            errors[key] = errors.get(key, 0) + 1
    answered = [t for t in done_at if t is not None]
    latencies.sort()
    return {
        "members": len(cookies),
        "wall_s": (max(answered) - released) if answered else None,
        "p50_ms": statistics.median(latencies) if latencies else None,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else None,
        "max_ms": latencies[-1] if latencies else None,
        "statuses": statuses,
        "errors": errors,
    }


def member_phones(count, offset=10000):
    return [str(PHONE_BASE + offset + k) for k in range(count)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--addr", default="127.0.0.1:3000")
    ap.add_argument("--members", type=int, default=1000)
    ap.add_argument("--capacity", type=int, default=50)
    ap.add_argument("--login-parallel", type=int, default=4)
    args = ap.parse_args()
    organizer = login(args.addr, ORGANIZER_PHONE)
    activity = create_activity(args.addr, organizer, args.capacity)
    cookies, secs = login_many(args.addr, member_phones(args.members), args.login_parallel)
    print(f"activity {activity}; {len(cookies)} members logged in in {secs:.1f} s", file=sys.stderr)
    print(json.dumps(burst(args.addr, activity, cookies), indent=2))


if __name__ == "__main__":
    main()
