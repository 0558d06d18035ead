"""Parallel requests: the event's row lock lets one person take the last place, a double
submit makes one registration, a cancellation promotes exactly one person waiting, and
bad input writes nothing. PostgreSQL only; the HTTP tests go through pytest-django's
live server, which answers each request in its own thread with its own connection."""

import http.cookiejar
import json
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from koordynator.core.models import AuditEntry
from koordynator.events import services
from koordynator.events.models import Registration
from koordynator.events.services import Application, Attendee
from koordynator.events.tokens import registration_token
from tests.factories.events import EventFactory
from tests.markers import postgresql_only


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_registrations_for_the_last_place_are_not_both_confirmed(committed_territory):
    event = EventFactory(capacity=1)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def register(n: int) -> None:
        try:
            barrier.wait()
            services.registration_create(
                event=event,
                application=Application(
                    person=Attendee(first_name="Jan", last_name="Nowak", email=f"j{n}@ex.org"),
                    organisation_name="Fundacja",
                    consent_personal_data=True,
                ),
            )
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(Registration.objects.values_list("status", flat=True)) == [
        "confirmed",
        "waitlisted",
    ]


# --- Over HTTP ---------------------------------------------------------------------------------


def _open(opener, request) -> tuple[int, bytes]:
    """Send the request; a connection the test server's short listen queue refused was
    never read, so it is sent again, as a browser would."""
    for attempt in range(20):
        try:
            with opener.open(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except (ConnectionResetError, ConnectionRefusedError, urllib.error.URLError) as error:
            reason = getattr(error, "reason", error)
            if not isinstance(reason, ConnectionResetError | ConnectionRefusedError):
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("the live server refused every attempt")


def _post_json(url: str, payload: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    status, body = _open(urllib.request.build_opener(), request)
    return status, json.loads(body or b"{}")


def _in_parallel(count: int, call) -> list:
    """Run `call(n)` for n in range(count) on `count` threads released together."""
    barrier = threading.Barrier(count)

    def run(n: int):
        barrier.wait()
        return call(n)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def _person(n: int, **extra) -> dict:
    return {
        "first_name": "Jan",
        "last_name": f"Nowak {n}",
        "email": f"jan{n}@example.org",
        "organisation_name": f"Fundacja {n}",
        "consent_personal_data": True,
        **extra,
    }


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_thirty_parallel_posts_never_confirm_more_than_the_places(committed_territory, live_server):
    event = EventFactory(capacity=10)
    url = f"{live_server.url}/api/v1/events/{event.pk}/registrations"
    results = _in_parallel(30, lambda n: _post_json(url, _person(n)))
    assert [status for status, _body in results] == [201] * 30
    statuses = sorted(Registration.objects.values_list("status", flat=True))
    assert statuses == ["confirmed"] * 10 + ["waitlisted"] * 20
    numbers = sorted(
        Registration.objects.filter(status="waitlisted").values_list("queue_number", flat=True)
    )
    assert numbers == list(range(1, 21))


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_double_submitted_form_makes_one_registration(committed_territory, live_server):
    event = EventFactory(capacity=5)
    page_url = f"{live_server.url}/events/{event.pk}/"
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    with opener.open(page_url, timeout=60) as response:
        html = response.read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": csrf,
            "first_name": "Anna",
            "last_name": "Wiśniewska",
            "email": "anna@example.org",
            "organisation_name": "Spółdzielnia Socjalna Razem",
            "consent_personal_data": "on",
            "colleagues-TOTAL_FORMS": "0",
            "colleagues-INITIAL_FORMS": "0",
        }
    ).encode()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    submitter = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(cookies), NoRedirect()
    )

    def submit(_n: int) -> tuple[int, str]:
        request = urllib.request.Request(
            page_url, data=form, headers={"Referer": page_url}, method="POST"
        )
        status, body = _open(submitter, request)
        return status, body.decode()

    results = sorted(_in_parallel(2, submit), key=lambda result: result[0])
    assert [status for status, _html in results] == [200, 302]
    assert "anna@example.org" in results[0][1]
    assert "error-summary" in results[0][1]
    assert Registration.objects.filter(email="anna@example.org").count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_parallel_cancellations_promote_exactly_one_person(committed_territory, live_server):
    event = EventFactory(capacity=1)
    first = services.registration_create(
        event=event,
        application=Application(
            person=Attendee(first_name="Jan", last_name="Pierwszy", email="first@ex.org"),
            organisation_name="Fundacja",
            consent_personal_data=True,
        ),
    )
    for n in range(3):
        services.registration_create(
            event=event,
            application=Application(
                person=Attendee(first_name="Ewa", last_name=f"Czeka {n}", email=f"w{n}@ex.org"),
                organisation_name="Fundacja",
                consent_personal_data=True,
            ),
        )
    url = f"{live_server.url}/api/v1/registrations/{first.pk}/cancel"
    token = registration_token(first)
    results = _in_parallel(6, lambda _n: _post_json(url, {"token": token}))
    assert sorted(status for status, _body in results) == [200] + [409] * 5
    rows = list(
        Registration.objects.order_by("id").values_list("last_name", "status", "queue_number")
    )
    assert rows == [
        ("Pierwszy", "cancelled", None),
        ("Czeka 0", "confirmed", None),
        ("Czeka 1", "waitlisted", 2),
        ("Czeka 2", "waitlisted", 3),
    ]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_parallel_bad_input_writes_nothing(committed_territory, live_server):
    event = EventFactory(capacity=3)
    url = f"{live_server.url}/api/v1/events/{event.pk}/registrations"
    bad = [
        _person(0, consent_personal_data=False),
        _person(1, email="not-an-address"),
        _person(2, first_name=""),
        _person(3, organisation_name=""),
        {**_person(4), "colleagues": [{"first_name": "Ewa", "last_name": ""}]},
    ]
    results = _in_parallel(len(bad), lambda n: _post_json(url, bad[n]))
    assert [status for status, _body in results] == [422] * len(bad)
    assert not Registration.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="events.").exists()
