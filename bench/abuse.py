#!/usr/bin/env python3
"""Abuse load for keydesk-server, loopback only and bounded in time and connections.

While 1,000 slow-header connections (one header line a second, never finishing), 1,000 idle keep-alive
connections and 20 connections each trying to upload 1 GiB chunked at full speed are kept open, a separate
well-behaved client asks for GET /livez and POST /oauth/token one after the other and records latencies.
Phases: calm (no abuse), abuse, recovery (abuse stopped). The server's RSS is sampled every 100 ms.

  abuse.py PORT SERVER_PID KEY_ID SECRET [--seconds N]
Prints one JSON object with the figures; bench/abuse.sh formats them.
"""
import asyncio
import base64
import http.client
import json
import multiprocessing
import resource
import socket
import sys
import time

HOST = "127.0.0.1"
SLOW_HEADER = 1000
IDLE_KEEPALIVE = 1000
UPLOADERS = 20
UPLOAD_BYTES = 1 << 30
RSS_ABORT_MB = 4096  # the run stops if the server grows past this (it would take the machine down)


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return -1
    return -1


def source(i):
    # Abusers come from 127.0.1.x .. 127.0.4.x so per-address caps do not simply refuse them all; the
    # well-behaved client uses 127.0.0.1.
    return (f"127.0.{1 + (i // 250) % 4}.{1 + i % 250}", 0)


async def open_from(port, i):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    sock.bind(source(i))
    await asyncio.get_running_loop().sock_connect(sock, (HOST, port))
    return await asyncio.open_connection(sock=sock)


async def slow_header(port, i, stop, stats):
    while not stop.is_set():
        try:
            reader, writer = await open_from(port, i)
            stats["slow_opened"] += 1
            writer.write(b"GET /livez HTTP/1.1\r\nHost: x\r\n")
            n = 0
            while not stop.is_set():
                await writer.drain()
                try:  # any answer (or the connection closing) ends this round
                    await asyncio.wait_for(reader.read(1024), timeout=1.0)
                    break
                except asyncio.TimeoutError:
                    pass
                writer.write(b"X-Slow-%d: %d\r\n" % (n, n))
                n += 1
            writer.close()
        except (OSError, asyncio.TimeoutError):
            stats["slow_errors"] += 1
            await asyncio.sleep(0.2)


async def idle_keepalive(port, i, stop, stats):
    while not stop.is_set():
        try:
            reader, writer = await open_from(port, i)
            writer.write(b"GET /livez HTTP/1.1\r\nHost: x\r\n\r\n")
            await writer.drain()
            await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=5)
            stats["idle_opened"] += 1
            while not stop.is_set() and not reader.at_eof():
                try:
                    if not await asyncio.wait_for(reader.read(1024), timeout=0.5):
                        break
                except asyncio.TimeoutError:
                    pass
            writer.close()
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError):
            stats["idle_errors"] += 1
            await asyncio.sleep(0.2)


async def uploader(port, i, stop, stats):
    chunk = b"%x\r\n" % 65536 + b"a" * 65536 + b"\r\n"
    sent = 0
    while not stop.is_set() and sent < UPLOAD_BYTES:
        try:
            reader, writer = await open_from(port, 2000 + i)
            writer.write(b"POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Transfer-Encoding: chunked\r\n\r\n")
            while not stop.is_set() and sent < UPLOAD_BYTES:
                writer.write(chunk)
                await writer.drain()
                sent += 65536
                stats["upload_bytes"] += 65536
            writer.close()
        except (OSError, asyncio.TimeoutError):
            stats["upload_refusals"] += 1
            await asyncio.sleep(0.01)


async def abuse(port, seconds, stats):
    stop = asyncio.Event()
    tasks = [asyncio.create_task(slow_header(port, i, stop, stats)) for i in range(SLOW_HEADER)]
    tasks += [asyncio.create_task(idle_keepalive(port, SLOW_HEADER + i, stop, stats))
              for i in range(IDLE_KEEPALIVE)]
    tasks += [asyncio.create_task(uploader(port, i, stop, stats)) for i in range(UPLOADERS)]
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.wait(tasks, timeout=3)
    for t in tasks:
        t.cancel()


def abuser_process(port, seconds, queue):
    resource.setrlimit(resource.RLIMIT_NOFILE, (resource.getrlimit(resource.RLIMIT_NOFILE)[1],) * 2)
    stats = {k: 0 for k in ("slow_opened", "slow_errors", "idle_opened", "idle_errors", "upload_bytes",
                            "upload_refusals")}
    asyncio.run(abuse(port, seconds, stats))
    queue.put(stats)


def well_behaved(port, key_id, secret, seconds):
    """Sequential requests on a keep-alive connection (reopened on failure); latencies in ms."""
    basic = base64.b64encode(f"{key_id}:{secret}".encode()).decode()
    latencies = {"livez": [], "token": []}
    failures = {"livez": 0, "token": 0}
    conn = None
    end = time.monotonic() + seconds
    turn = 0
    while time.monotonic() < end:
        name = "livez" if turn % 2 == 0 else "token"
        turn += 1
        start = time.monotonic()
        try:
            if conn is None:
                conn = http.client.HTTPConnection(HOST, port, timeout=2, source_address=("127.0.0.1", 0))
            if name == "livez":
                conn.request("GET", "/livez")
            else:
                conn.request("POST", "/oauth/token", body="grant_type=client_credentials",
                             headers={"Authorization": "Basic " + basic,
                                      "Content-Type": "application/x-www-form-urlencoded"})
            res = conn.getresponse()
            res.read()
            ok = res.status == (204 if name == "livez" else 200)
            if res.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException):
            ok = False
            if conn:
                conn.close()
            conn = None
        elapsed = (time.monotonic() - start) * 1000
        if ok:
            latencies[name].append(elapsed)
        else:
            failures[name] += 1
            latencies[name].append(max(elapsed, 2000.0))  # a failure counts as a timeout
        time.sleep(0.005)
    return latencies, failures


def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(len(values) * p / 100))], 2)


def summarise(latencies, failures):
    return {name: {"n": len(v), "p50": percentile(v, 50), "p99": percentile(v, 99),
                   "max": round(max(v), 1) if v else None, "failed": failures[name]}
            for name, v in latencies.items()}


def sample_rss(pid, seconds):
    peak = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        rss = rss_mb(pid)
        peak = max(peak, rss)
        if rss > RSS_ABORT_MB:
            return peak, True
        time.sleep(0.1)
    return peak, False


def main():
    port, pid, key_id, secret = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    seconds = int(sys.argv[sys.argv.index("--seconds") + 1]) if "--seconds" in sys.argv else 20
    result = {"rss_start_mb": round(rss_mb(pid), 1)}
    pool = multiprocessing.get_context("fork")
    with pool.Pool(1) as client:
        calm = client.apply_async(well_behaved, (port, key_id, secret, 5))
        result["calm"] = summarise(*calm.get())

        queue = pool.Queue()
        abuser = pool.Process(target=abuser_process, args=(port, seconds, queue))
        abuser.start()
        time.sleep(3)  # let the abuse build up before measuring
        during = client.apply_async(well_behaved, (port, key_id, secret, seconds - 4))
        peak, aborted = sample_rss(pid, seconds - 3)
        if aborted:
            abuser.kill()
        result["abuse"] = summarise(*during.get())
        result["rss_peak_mb"] = round(peak, 1)
        result["rss_aborted"] = aborted
        result["abuse_stats"] = queue.get(timeout=10) if not aborted else {}
        abuser.join(10)

        time.sleep(2)
        after = client.apply_async(well_behaved, (port, key_id, secret, 5))
        result["recovered"] = summarise(*after.get())
        result["rss_after_mb"] = round(rss_mb(pid), 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
