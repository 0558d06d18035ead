"""Events under load: registration throughput with many people at once on one event, and
the public event page.

A real server (gunicorn, in a subprocess) serves the throwaway database; CLIENTS threads
post registrations to the API over HTTP at the same moment. Afterwards the places taken
must equal the capacity, the rest on the waiting list, with no number twice.

Usage: DATABASE_URL=postgres://... .venv/bin/python bench/bench_events.py
       (CLIENTS=200 REGISTRATIONS=400 CAPACITY=150 by default; SQLite works too)
"""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.db import connection

from common import measure, throwaway_database

CLIENTS = int(os.environ.get("CLIENTS", "200"))
REGISTRATIONS = int(os.environ.get("REGISTRATIONS", "400"))
CAPACITY = int(os.environ.get("CAPACITY", "150"))
ROOT = Path(__file__).resolve().parent.parent
SQLITE_FILE = Path(os.environ.get("BENCH_SQLITE", "/tmp/koordynator-bench-events.sqlite3"))

if connection.vendor == "sqlite":
    # The server runs in another process: it needs the database in a file.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = str(SQLITE_FILE)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings.get("USER") or ""
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def _start_server(port: int) -> subprocess.Popen[bytes]:
    # SQLite has one writer at a time: one worker thread; PostgreSQL: what 2 cores carry.
    workers, threads = ("1", "1") if connection.vendor == "sqlite" else ("3", "8")
    environment = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "koordynator.config.settings.test",
        "PYTHONPATH": str(ROOT / "src"),
        "DATABASE_CONN_MAX_AGE": "0",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "koordynator.config.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--backlog=2048",
            "--timeout=120",
            "--log-level=warning",
        ],
        env=environment,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        start_new_session=True,  # stopped as a group, whatever happens to this process
    )
    for _attempt in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/events/", timeout=2):
                return server
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("the server did not start")


def _stop(server: subprocess.Popen[bytes]) -> None:
    """Quick shutdown of gunicorn and its workers (SIGQUIT), then SIGKILL if need be."""
    try:
        os.killpg(server.pid, signal.SIGQUIT)
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
    except ProcessLookupError:
        pass
    time.sleep(0.5)  # let PostgreSQL see the workers' sessions end


def _register(url: str, n: int) -> int:
    body = json.dumps(
        {
            "first_name": "Jan",
            "last_name": f"Nowak {n}",
            "email": f"osoba{n}@example.org",
            "organisation_name": f"Stowarzyszenie {n}",
            "consent_personal_data": True,
        }
    ).encode()
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError):
        return 0


def main() -> None:
    with throwaway_database():
        from datetime import timedelta

        from django.utils import timezone

        from koordynator.events import services
        from koordynator.events.models import Registration
        from koordynator.territory.services import region_create, units_import
        from koordynator.territory.terc import builtin_units

        units_import(records=builtin_units())
        region = region_create(
            voivodeship_code="06", slug="lubelskie", coordinator_name="ROPS w Lublinie"
        )
        starts = timezone.now() + timedelta(days=14)
        event = services.event_create(
            region=region,
            data={
                "kind": "conference",
                "title": "Konferencja „Dni z Ekonomią Społeczną”",
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=6),
                "is_published": True,
                "has_registration": True,
                "capacity": CAPACITY,
            },
            actor=None,
        )
        connection.close()  # the server's processes take over the database
        port = _free_port()
        server = _start_server(port)
        try:
            url = f"http://127.0.0.1:{port}/api/v1/events/{event.pk}/registrations"
            barrier = threading.Barrier(CLIENTS)

            def client(n: int) -> int:
                if n < CLIENTS:
                    barrier.wait()
                return _register(url, n)

            start = time.perf_counter()
            with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
                statuses = list(pool.map(client, range(REGISTRATIONS)))
            elapsed = time.perf_counter() - start
            created = statuses.count(201)
            print(
                f"{'registrations, ' + str(CLIENTS) + ' parallel clients, one event':<60} "
                f"{created / elapsed:7.1f} /s  ({created} of {REGISTRATIONS} in {elapsed:.1f} s, "
                f"{connection.vendor}; failures: {REGISTRATIONS - created})"
            )
            confirmed = Registration.objects.filter(event=event, status="confirmed").count()
            waiting = list(
                Registration.objects.filter(event=event, status="waitlisted").values_list(
                    "queue_number", flat=True
                )
            )
            print(
                f"{'  places taken / capacity; waiting list':<60} {confirmed} / {CAPACITY}; "
                f"{len(waiting)} waiting, numbers unique: {len(set(waiting)) == len(waiting)}"
            )
            assert confirmed == min(CAPACITY, created), "more confirmed than places"

            page = f"http://127.0.0.1:{port}/events/{event.pk}/"

            def get_page() -> None:
                with urllib.request.urlopen(page, timeout=30) as response:
                    response.read()

            measure("public event page (over HTTP)", get_page, repeat=200)
        finally:
            _stop(server)
            connection.close()


if __name__ == "__main__":
    main()
