"""Gunicorn's settings for Sharaka (bin/serve passes `--config deploy/gunicorn.conf.py`).

Each value is chosen for a small commune's server (2 to 4 cores, nginx in front on the same machine)
and can be changed through the environment without editing this file:

- BIND (default 127.0.0.1:8000): loopback only; nginx is the one that listens on the network.
- WEB_CONCURRENCY: worker processes (default: two per CPU, at least 2).
- WEB_THREADS: threads per worker (default 2; always 1 for `sync`, which gunicorn would otherwise
  quietly turn into gthread).
- WEB_TIMEOUT: seconds a request may run before its worker is restarted (default 60).
- FORWARDED_ALLOW_IPS: the proxies whose X-Forwarded-Proto gunicorn believes (default: the loopback
  when SHARAKA_TRUSTED_PROXIES is 1 or more, nobody otherwise).

- WEB_WORKER_CLASS: `gthread` (default) or `sync`, to compare them (`python -m bench.load --worker-class`).

Why (docs/operations.md, "Serving", has the measurements):

- Worker class `gthread`, not `sync`. With sync workers, `timeout` is the longest a response may
  take: the IATI activity file streams for 28 s at the region's scale (bench/README.md) and would be
  cut at 60 s at the national one; a gthread worker's heartbeat runs beside its requests, so a long
  stream is not killed, and a stuck request still is. A sync worker also holds one request at a
  time: two exports, or two slow clients if nginx does not buffer, stop the whole site. With threads
  a worker serves other requests while one waits on the network or the database. Django's pages
  spend most of their time in Python (templates), which the GIL serialises inside one process, so the
  processes (not the threads) give the CPU parallelism: two workers per core, two threads each.
  Measured with bench/load.py (2026-12-05, 50 users, docs/performance.md): the class does not change
  what a request costs in CPU, but under overload gthread answered 2-8x more requests within 30 s
  than sync, and at commune scale with think time sync's p95 was 40x its unloaded p95 against
  1.5-6.6x for gthread.
- Two workers per CPU with two threads each (4 x 2 on two cores), rather than one worker per CPU with
  four threads (2 x 4): the same number of threads and database connections (workers x threads per
  instance, 8 on 2 cores, below PostgreSQL's default of 100 even with two instances), but a slow
  page holds up one thread of two in its process instead of one of four, and the GIL is shared by
  fewer threads. Measured at region scale with bench/load.py on 2026-12-07, twice on each database
  (bench/README.md, "Load test"): on PostgreSQL 4 x 2 served 13% and 36% more requests closed loop
  and its p95 with think time was 65-70 ms against 94; on SQLite once 12% more and 65 ms against
  104, once the same (33 req/s) and 94 ms against 75. `(2 x cores) + 1` sync workers is the usual
  advice for processes that wait on I/O; each extra process costs ~80 MB.
- timeout 60 s: a PDF report takes about half a second and exports stream in pieces (gthread's
  timeout is the worker's heartbeat, not the length of one response), so 60 s is only reached by a
  stuck worker, which is then restarted.
- graceful_timeout 30 s: on a restart (deploy, `systemctl reload`) a request in progress has 30 s to
  finish before its worker is stopped; the service manager's stop timeout should be longer than that.
- max_requests 1000 with jitter 100: each worker is replaced after about a thousand requests (not all
  at the same moment), which bounds any slow growth of memory (caches in libraries, fragmentation).
- keepalive 5 s: browsers reuse the connection through nginx for the page's static files.
- No access log: the application writes one line per request itself, with its request id, user and
  duration (sharaka/operations/requestlog.py); gunicorn's own line would say the same thing twice.
- No control socket: it would be one file per user (~/.gunicorn/gunicorn.ctl) that two instances on
  one machine would fight over; systemd sends the signals instead.
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise SystemExit(f"gunicorn.conf.py: {name} must be a whole number, not {value!r}") from None
    if number < 1:
        raise SystemExit(f"gunicorn.conf.py: {name} must be 1 or more, not {number}")
    return number


bind = [address.strip() for address in os.environ.get("BIND", "127.0.0.1:8000").split(",") if address.strip()]
wsgi_app = "sharaka.wsgi:application"

worker_class = os.environ.get("WEB_WORKER_CLASS", "gthread")  # `sync` only for comparison (bench/load.py)
workers = _int("WEB_CONCURRENCY", max(2, 2 * (os.cpu_count() or 1)))
# A sync worker has one thread: with `threads` above 1 gunicorn quietly runs gthread instead.
threads = 1 if worker_class == "sync" else _int("WEB_THREADS", 2)

timeout = _int("WEB_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
max_requests = 1000
max_requests_jitter = 100

# X-Forwarded-Proto (and the like) is believed only from the proxies Sharaka trusts: the same rule as
# SECURE_PROXY_SSL_HEADER in settings.py, so that a client reaching gunicorn directly cannot claim https.
_trusted = os.environ.get("SHARAKA_TRUSTED_PROXIES", "0").strip() not in ("", "0")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1" if _trusted else "")

accesslog = None  # one line per request comes from the application (sharaka.request logger)
errorlog = "-"  # gunicorn's own messages (start, stop, a worker restarted) to the standard error
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
control_socket_disable = True
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # heartbeat files off the disk
proc_name = "sharaka"
