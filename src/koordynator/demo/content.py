"""News posts and fixed pages of the demo region.

The posts retell, in new words, the kind of news regional centres publish: a committee
sitting, a networking meeting with photos and recruitment rules, a call for the "Zakup
Prospołeczny" mark, workshops for local governments, and one post scheduled for later.
People, phone numbers and addresses in them are invented. The photos are drawn here
(abstract illustrations, described as such) and the PDF is written here too.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from koordynator.accounts.enums import Role
from koordynator.accounts.models import Membership
from koordynator.content.enums import PageSlug
from koordynator.content.models import Page, Post
from koordynator.content.services import (
    page_save,
    pages_create_defaults,
    post_create,
    post_document_add,
    post_image_add,
    post_publish,
    post_schedule,
    slug_for,
)
from koordynator.territory.models import Region

DEMO_NOTE = "*Wpis przykładowy w danych demonstracyjnych: osoby i dane kontaktowe są fikcyjne.*"


@dataclass(frozen=True)
class DemoPost:
    title: str
    lead: str
    body: str
    tags: list[str]
    days_ago: int | None  # None: a draft; negative: scheduled for later
    cover_alt: str = ""  # a cover illustration, described so
    photos: list[tuple[str, str]] = field(default_factory=list)  # (alt text, caption)
    document: str = ""


POSTS = [
    DemoPost(
        title="Pierwsze posiedzenie Regionalnego Komitetu Rozwoju Ekonomii Społecznej nowej kadencji",
        lead=(
            "Komitet powołany przez Zarząd Województwa zebrał się po raz pierwszy. Członkowie "
            "omówili zasady pracy, nowy podział na subregiony OWES i plan promocji znaku "
            "„Zakup Prospołeczny”."
        ),
        body="""
Regionalny Komitet Rozwoju Ekonomii Społecznej rozpoczął nową kadencję. Na pierwszym
posiedzeniu spotkali się przedstawiciele samorządu województwa i samorządów lokalnych,
podmiotów ekonomii społecznej, nauki, biznesu i organizacji pozarządowych.

## Czym zajmował się Komitet

1. Regulaminem pracy i harmonogramem posiedzeń – Komitet będzie obradował co najmniej
   dwa razy w roku.
2. Zmianami w systemie wsparcia po nowym podziale województwa na subregiony Ośrodków
   Wsparcia Ekonomii Społecznej.
3. Standardami działania akredytowanych OWES i sposobem ich monitorowania.
4. Źródłami finansowania ekonomii społecznej w nowej perspektywie finansowej.

## Co dalej

Spotkanie zakończyła dyskusja o tym, jak upowszechniać znak „Zakup Prospołeczny” wśród
kupujących i samorządów. Protokół z posiedzenia opublikujemy po jego przyjęciu.
""",
        tags=["RKRES", "OWES"],
        days_ago=40,
        cover_alt="Ilustracja: postacie przy stole obrad – posiedzenie Komitetu",
    ),
    DemoPost(
        title="Spotkanie sieciujące Centrów i Klubów Integracji Społecznej",
        lead=(
            "Trzydzieści osób z CIS i KIS z całego województwa przez dwa dni pracowało nad "
            "zasadami wspólnej sieci współpracy podmiotów reintegracyjnych."
        ),
        body="""
Przedstawiciele Centrów Integracji Społecznej i Klubów Integracji Społecznej spotkali się,
aby zbudować regionalną sieć współpracy podmiotów reintegracyjnych.

## Program

- przegląd przepisów o zatrudnieniu socjalnym i tego, jak zmienia się rola CIS i KIS
  w lokalnych społecznościach,
- warsztaty o standardach reintegracji społecznej i zawodowej,
- współpraca z samorządami, OWES i pracodawcami, by lepiej wykorzystać lokalne zasoby,
- zakładanie spółdzielni socjalnych przez absolwentów CIS.

Uczestnicy odwiedzili też pracownie gastronomiczną, krawiecką i remontowo-budowlaną
gospodarzy spotkania. Dziękujemy wszystkim za udział i zapraszamy na kolejne spotkania –
zasady rekrutacji opisuje regulamin w załączniku.
""",
        tags=["CIS i KIS", "spotkania sieciujące"],
        days_ago=12,
        cover_alt="Ilustracja: postacie przy wspólnym stole – spotkanie sieciujące",
        photos=[
            (
                "Ilustracja: postacie przy stole – sesja otwierająca",
                "Sesja otwierająca",
            ),
            ("Ilustracja: postacie przy stole – praca w grupach", "Warsztaty w grupach"),
            ("Ilustracja: postacie przy stole – prezentacja ekspertki", ""),
            (
                "Ilustracja: postacie przy stole – wizyta w pracowni gastronomicznej",
                "Wizyta w pracowni gastronomicznej",
            ),
            (
                "Ilustracja: postacie przy stole – wizyta w pracowni krawieckiej",
                "Pracownia krawiecka",
            ),
            ("Ilustracja: postacie przy stole – podsumowanie spotkania", "Uczestnicy spotkania"),
        ],
        document="Regulamin rekrutacji na spotkania sieciujące",
    ),
    DemoPost(
        title="Nabór wniosków o znak „Zakup Prospołeczny”",
        lead=(
            "Podmioty ekonomii społecznej z regionu mogą zgłaszać swoje produkty i usługi do "
            "certyfikacji. Znak przyznajemy bezpłatnie, na rok."
        ),
        body="""
Rozpoczynamy nabór wniosków o Znak Promocyjny Ekonomii Społecznej „Zakup Prospołeczny”
dla produktów i usług dobrej jakości, wytwarzanych przez podmioty ekonomii społecznej
z województwa.

## Kto może złożyć wniosek

Podmiot ekonomii społecznej, który:

- działa co najmniej 6 miesięcy,
- realizuje cele społeczne,
- co najmniej 30% przychodów uzyskuje z własnej działalności,
- dołączy do wniosku co najmniej 2 rekomendacje.

## Jak przebiega certyfikacja

1. Ocena formalna wniosku.
2. Ocena produktu lub usługi przez Kapitułę.
3. Decyzja i umowa licencyjna na 1 rok – bez opłat.

Znak pomaga dotrzeć do klientów, którzy przy zakupach chcą wspierać cele społeczne.
Licencję można przedłużyć, składając nowy wniosek.
""",
        tags=["Zakup Prospołeczny"],
        days_ago=5,
        cover_alt="Ilustracja: postacie przy stole – rozmowa o znaku „Zakup Prospołeczny”",
    ),
    DemoPost(
        title="Warsztaty o lokalnych planach rozwoju ekonomii społecznej",
        lead=(
            "Zapraszamy samorządy powiatów i gmin na 20 warsztatów, z których powstanie "
            "16 lokalnych planów rozwoju ekonomii społecznej."
        ),
        body="""
Rozwój ekonomii społecznej opiera się na lokalnych zasobach i wsparciu samorządów.
Dlatego w miastach powiatowych województwa organizujemy warsztaty z ekspertem, który
pokaże, jak przygotować lokalny plan rozwoju ekonomii społecznej – dla powiatu, gminy lub
kilku gmin.

## Dla kogo

Dla pracowników jednostek samorządu terytorialnego, ośrodków pomocy społecznej i powiatowych
centrów pomocy rodzinie oraz dla partnerów społecznych.

## Zgłoszenia

Zgłoszenia przyjmujemy telefonicznie lub e-mailem. Informacji udziela specjalistka
ds. organizacyjnych, pani Ewa Przykładowa, tel. 81 000 00 00,
e-mail [warsztaty@rops-demo.example](mailto:warsztaty@rops-demo.example).
""",
        tags=["JST", "warsztaty"],
        days_ago=2,
    ),
    DemoPost(
        title="Targi Ekonomii Społecznej – zapraszamy wystawców",
        lead=(
            "Spółdzielnie socjalne, CIS, ZAZ, WTZ i organizacje pozarządowe mogą zgłaszać "
            "stoiska na wrześniowe Targi Ekonomii Społecznej."
        ),
        body="""
Targi to okazja, by pokazać mieszkańcom, firmom i samorządom produkty i usługi podmiotów
ekonomii społecznej. Stoiska są bezpłatne; liczba miejsc jest ograniczona.

Formularz zgłoszeniowy i regulamin targów opublikujemy wraz z tym ogłoszeniem.
""",
        tags=["targi"],
        days_ago=-10,
    ),
    DemoPost(
        title="Wizyta studyjna w spółdzielniach socjalnych – relacja",
        lead="Relacja z wizyty studyjnej przedstawicieli samorządów i OWES.",
        body="Szkic relacji: uzupełnić o wnioski uczestników i zdjęcia.",
        tags=["wizyty studyjne"],
        days_ago=None,
    ),
]

DEMO_CONTACT = """
Portal prowadzi **{publisher}**.

*Dane kontaktowe w wersji demonstracyjnej są fikcyjne.*

## Sekretariat

ul. Przykładowa 1, 20-000 Lublin
tel. 81 000 00 00
e-mail: [sekretariat@rops-demo.example](mailto:sekretariat@rops-demo.example)

Sekretariat jest czynny od poniedziałku do piątku w godzinach 7.30–15.30.

## Zespół ds. ekonomii społecznej

Rejestr podmiotów, spotkania sieciujące, Regionalny Komitet Rozwoju Ekonomii Społecznej,
znak „Zakup Prospołeczny”: tel. 81 000 00 01,
e-mail [ekonomia@rops-demo.example](mailto:ekonomia@rops-demo.example).

## Dostępność

Koordynatorka ds. dostępności: Anna Przykładowa, tel. 81 000 00 02,
e-mail [dostepnosc@rops-demo.example](mailto:dostepnosc@rops-demo.example).
Budynek ma podjazd i windę; toaleta dostosowana do potrzeb osób z niepełnosprawnościami
jest na parterze. Można wejść z psem asystującym. Tłumacza polskiego języka migowego
zapewniamy po wcześniejszym zgłoszeniu (co najmniej 3 dni robocze).
"""

PALETTE = [
    ((11, 79, 138), (255, 210, 74)),
    ((20, 108, 46), (240, 240, 230)),
    ((122, 75, 0), (255, 236, 200)),
    ((74, 82, 89), (173, 216, 230)),
    ((164, 22, 26), (255, 228, 225)),
    ((8, 58, 102), (200, 230, 201)),
]


def _illustration(number: int) -> io.BytesIO:
    """A small abstract picture: people around a table, in the site's colours."""
    dark, light = PALETTE[number % len(PALETTE)]
    middle = tuple((a + b) // 2 for a, b in zip(dark, light, strict=True))
    rng = random.Random(number)
    width, height = 960, 720
    picture = Image.new("RGB", (width, height), light)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 580, width, height), fill=dark)
    left, right = 140 + rng.randint(0, 60), 820 - rng.randint(0, 60)

    def person(x: int, y: int, colour: tuple[int, ...]) -> None:
        draw.ellipse((x - 55, y + 55, x + 55, y + 175), fill=colour)  # shoulders
        draw.ellipse((x - 32, y, x + 32, y + 64), fill=colour)  # head

    back = rng.randint(3, 5)
    for index in range(back):
        person(left + 60 + index * (right - left - 120) // max(back - 1, 1), 170, middle)
    draw.rounded_rectangle((left, 300, right, 420), radius=30, fill=(255, 255, 255))
    front = rng.randint(2, 4)
    for index in range(front):
        person(left + 110 + index * (right - left - 220) // max(front - 1, 1), 400, dark)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80)
    buffer.seek(0)
    return buffer


def _pdf(title: str) -> io.BytesIO:
    """A one-page PDF that says what it is (plain ASCII: the built-in font has no Polish)."""
    lines = [title, "Dokument przykladowy w danych demonstracyjnych koordynatora."]
    text = (
        "BT /F1 14 Tf 72 770 Td 18 TL "
        + " ".join(
            "({}) '".format(
                line.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")
            )
            for line in lines
        )
        + " ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text.encode()),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    out.seek(0)
    return out


def _author(region: Region) -> Any:
    membership = (
        Membership.objects.filter(region=region, role=Role.REGIONAL_COORDINATOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


@transaction.atomic
def load_demo_content(region: Region) -> None:
    """The demo region's news and fixed pages. Running it again changes nothing."""
    author = _author(region)
    if not Page.objects.filter(region=region, slug=PageSlug.CONTACT).exists():
        page_save(
            region=region,
            slug=PageSlug.CONTACT,
            title="Kontakt",
            body=DEMO_CONTACT.format(publisher=region.coordinator_name).strip(),
            actor=author,
        )
    pages_create_defaults(region=region, actor=author)
    now = timezone.now()
    existing = set(Post.objects.filter(region=region).values_list("slug", flat=True))
    for number, spec in enumerate(POSTS):
        if slug_for(spec.title) in existing:
            continue
        post = post_create(
            region=region,
            data={
                "title": spec.title,
                "lead": spec.lead,
                "body": f"{spec.body.strip()}\n\n{DEMO_NOTE}",
                "tags": spec.tags,
                "cover_alt": spec.cover_alt,
            },
            cover=_illustration(number * 10 + 9) if spec.cover_alt else None,
            actor=author,
        )
        for index, (alt_text, caption) in enumerate(spec.photos):
            post_image_add(
                post=post,
                upload=_illustration(number * 10 + index),
                alt_text=alt_text,
                caption=caption,
                actor=author,
            )
        if spec.document:
            post_document_add(
                post=post,
                upload=_pdf(spec.document),
                file_name="regulamin-rekrutacji.pdf",
                title=spec.document,
                actor=author,
            )
        if spec.days_ago is None:
            continue
        moment = now - timedelta(days=spec.days_ago, hours=number)
        if spec.days_ago < 0:
            post_schedule(post=post, publish_at=moment, actor=author)
        else:
            post_publish(post=post, published_at=moment, actor=author)
