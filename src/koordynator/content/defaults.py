"""The text a fixed page starts with, until the region's staff write their own.

These are Polish public documents, not interface text, so they are not translated: an
accessibility statement follows the structure of the Polish template (the act of 4 April
2019 on the digital accessibility of public bodies' websites), the privacy information
follows art. 13 GDPR (RODO). Staff should complete the details marked as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import formats, timezone, translation

from koordynator.territory.models import Region

from .enums import PageSlug


@dataclass(frozen=True)
class PageText:
    title: str
    body: str


def _publisher(region: Region | None) -> tuple[str, str]:
    """The publisher's name and the area it serves."""
    if region is None:
        return (
            "Operator platformy koordynator",
            "wszystkich województw obsługiwanych przez platformę",
        )
    return region.coordinator_name, f"województwa {region.voivodeship.name}"


def _accessibility(region: Region | None, today: date) -> PageText:
    publisher, area = _publisher(region)
    day = formats.date_format(today, "j E Y")
    body = f"""
## Wstęp

{publisher} zobowiązuje się zapewnić dostępność swojej strony internetowej zgodnie
z ustawą z dnia 4 kwietnia 2019 r. o dostępności cyfrowej stron internetowych i aplikacji
mobilnych podmiotów publicznych. Niniejsza deklaracja dostępności dotyczy portalu ekonomii
społecznej {area} prowadzonego na platformie koordynator.

## Data publikacji i aktualizacji

- Data publikacji strony internetowej: {day} r.
- Data ostatniej istotnej aktualizacji: {day} r.

## Status pod względem zgodności z ustawą

Strona internetowa jest **częściowo zgodna** z ustawą o dostępności cyfrowej z powodu
niezgodności wymienionych poniżej:

- część dokumentów dołączonych do aktualności (np. regulaminy w formacie PDF) może nie być
  w pełni dostępna cyfrowo, jeśli przygotowali je inni autorzy;
- mapa podmiotów ekonomii społecznej ma wersję tekstową w katalogu, ale sama mapa nie jest
  w pełni obsługiwana czytnikami ekranu.

Na stronie można powiększyć tekst, włączyć wysoki kontrast i poruszać się wyłącznie
za pomocą klawiatury; pierwszy klawisz Tab pokazuje odnośnik „Przejdź do treści głównej”.

## Przygotowanie deklaracji dostępności

- Deklarację sporządzono dnia {day} r.
- Deklarację sporządzono na podstawie samooceny przeprowadzonej przez podmiot publiczny,
  wspartej automatycznymi testami zgodności z WCAG 2.1 na poziomie AA.
- Deklaracja była ostatnio poddana przeglądowi i aktualizacji dnia {day} r.

## Informacje zwrotne i dane kontaktowe

Jeśli zauważysz problem z dostępnością strony albo potrzebujesz informacji w innej formie,
napisz lub zadzwoń do nas. Dane osoby odpowiedzialnej za dostępność cyfrową podajemy na
stronie *Kontakt*. Tą samą drogą można złożyć wniosek o udostępnienie informacji
niedostępnej oraz skargę na brak zapewnienia dostępności.

## Procedura wnioskowo-skargowa

Każdy ma prawo zażądać zapewnienia dostępności cyfrowej tej strony lub jej elementu.
Można też poprosić o udostępnienie informacji w inny sposób, na przykład przez odczytanie
niedostępnego dokumentu albo opisanie zawartości zdjęcia.

Żądanie powinno zawierać:

1. dane osoby, która je zgłasza,
2. wskazanie strony internetowej lub jej elementu, którego dotyczy,
3. sposób kontaktu,
4. jeśli chodzi o inny sposób dostępu do informacji – dogodną formę jej przekazania.

Żądanie realizujemy niezwłocznie, nie później niż w ciągu 7 dni od jego otrzymania. Jeśli
nie jest to możliwe, informujemy o tym i podajemy termin realizacji, nie dłuższy niż
2 miesiące. Jeśli zapewnienie dostępności nie jest możliwe, proponujemy inny sposób dostępu
do informacji.

Jeśli odmówimy realizacji żądania, można złożyć skargę na brak zapewnienia dostępności
cyfrowej. Po wyczerpaniu tej procedury można złożyć wniosek do Rzecznika Praw
Obywatelskich.

## Dostępność architektoniczna

Informacje o dostępności siedziby {publisher} (wejście, winda, toalety, miejsca
parkingowe dla osób z niepełnosprawnościami, możliwość wejścia z psem asystującym,
tłumacz polskiego języka migowego) podajemy na stronie *Kontakt*. Prosimy o wcześniejsze
zgłoszenie potrzeb związanych z wizytą – przygotujemy spotkanie w dostępnym miejscu.
"""
    return PageText("Deklaracja dostępności", body.strip())


def _privacy(region: Region | None, today: date) -> PageText:
    publisher, area = _publisher(region)
    body = f"""
Zgodnie z art. 13 rozporządzenia Parlamentu Europejskiego i Rady (UE) 2016/679 (RODO)
informujemy, jak przetwarzamy dane osobowe osób korzystających z portalu ekonomii
społecznej {area}.

## Administrator danych

Administratorem danych osobowych jest {publisher}. Dane kontaktowe administratora
podajemy na stronie *Kontakt*.

## Inspektor ochrony danych

Administrator wyznaczył inspektora ochrony danych. Można się z nim kontaktować we
wszystkich sprawach dotyczących przetwarzania danych osobowych i korzystania z praw
z tym związanych – pocztą elektroniczną lub listownie na adres administratora
z dopiskiem „Inspektor ochrony danych”.

## Cele i podstawy prawne przetwarzania

| Cel | Podstawa prawna |
|---|---|
| prowadzenie rejestru i katalogu podmiotów ekonomii społecznej | art. 6 ust. 1 lit. e RODO w związku z ustawą o ekonomii społecznej |
| rekrutacja na spotkania, szkolenia i wizyty studyjne | art. 6 ust. 1 lit. c i e RODO, a w zakresie danych dobrowolnych – zgoda (lit. a) |
| obsługa kont użytkowników panelu | art. 6 ust. 1 lit. e RODO |
| rozpatrywanie wniosków i skarg, w tym dotyczących dostępności | art. 6 ust. 1 lit. c RODO |

Portal używa wyłącznie niezbędnych plików cookie: sesji, zabezpieczenia formularzy oraz
zapamiętania wybranego rozmiaru tekstu, kontrastu i języka. Nie używamy plików cookie
reklamowych ani analitycznych.

## Okres przechowywania

Dane przechowujemy przez czas potrzebny do realizacji celu, a następnie przez okres
wynikający z przepisów o archiwizacji (instrukcji kancelaryjnej) oraz z zasad projektów
współfinansowanych ze środków Unii Europejskiej.

## Odbiorcy danych

Dane mogą otrzymać podmioty uprawnione na podstawie przepisów prawa oraz podmioty, które
na zlecenie administratora utrzymują system informatyczny, na podstawie umowy powierzenia.

## Prawa osób, których dane dotyczą

Przysługuje Ci prawo do:

- dostępu do swoich danych i otrzymania ich kopii,
- sprostowania danych,
- usunięcia lub ograniczenia przetwarzania, w przypadkach określonych w RODO,
- wniesienia sprzeciwu wobec przetwarzania,
- cofnięcia zgody w dowolnym momencie, jeśli dane przetwarzamy na jej podstawie,
- wniesienia skargi do Prezesa Urzędu Ochrony Danych Osobowych (ul. Stawki 2,
  00-193 Warszawa).

Dane nie są wykorzystywane do zautomatyzowanego podejmowania decyzji ani profilowania.
"""
    return PageText("Informacja o przetwarzaniu danych osobowych", body.strip())


def _contact(region: Region | None, today: date) -> PageText:
    publisher, area = _publisher(region)
    body = f"""
Portal ekonomii społecznej {area} prowadzi **{publisher}**.

## Sekretariat

Adres, numer telefonu i adres poczty elektronicznej sekretariatu uzupełnia redakcja
portalu.

## Koordynacja ekonomii społecznej

W sprawach rejestru podmiotów, spotkań sieciujących, Regionalnego Komitetu Rozwoju
Ekonomii Społecznej i znaku „Zakup Prospołeczny” prosimy o kontakt z zespołem ds. ekonomii
społecznej.

## Dostępność

Zgłoszenia dotyczące dostępności portalu i siedziby przyjmuje osoba odpowiedzialna
za dostępność. Zobacz też *Deklarację dostępności*.
"""
    return PageText("Kontakt", body.strip())


_BUILDERS = {
    PageSlug.ACCESSIBILITY: _accessibility,
    PageSlug.PRIVACY: _privacy,
    PageSlug.CONTACT: _contact,
}


def default_page_text(slug: str, region: Region | None, today: date | None = None) -> PageText:
    with translation.override("pl"):  # the dates are written in Polish words
        return _BUILDERS[PageSlug(slug)](region, today or timezone.localdate())
