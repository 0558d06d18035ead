"""The text a fixed page starts with, until the region's staff write their own.

These are public documents, not interface text, so they are written out here rather than
in the message catalogue: an accessibility statement follows the structure of the Polish
template (the act of 4 April 2019 on the digital accessibility of public bodies' websites),
the privacy information follows art. 13 GDPR (RODO). Staff should complete the details
marked as such. Each has an English version, shown to English readers for as long as the
page keeps its default text (`shown_text`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import formats, timezone, translation

from koordynator.territory.models import Region

from .enums import PageSlug
from .models import Page


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


def _publisher_en(region: Region | None) -> tuple[str, str]:
    if region is None:
        return "The operator of the koordynator platform", "every voivodeship the platform serves"
    return region.coordinator_name, f"the {region.voivodeship.name.capitalize()} Voivodeship"


def _accessibility_en(region: Region | None, today: date) -> PageText:
    publisher, area = _publisher_en(region)
    day = formats.date_format(today, "j F Y")
    body = f"""
## Introduction

{publisher} is committed to making its website accessible in accordance with the Polish
Act of 4 April 2019 on the digital accessibility of the websites and mobile applications of
public bodies. This accessibility statement applies to the social economy portal of {area},
run on the koordynator platform.

## Dates of publication and update

- Date of publication of the website: {day}.
- Date of the last significant update: {day}.

## Compliance status

The website is **partially compliant** with the Act on digital accessibility, because of
the non-compliances listed below:

- some documents attached to news posts (e.g. rules in PDF) may not be fully accessible if
  they were prepared by other authors;
- the map of social economy entities has a text version in the directory, but the map
  itself is not fully supported by screen readers.

On the website you can enlarge the text, switch on high contrast and move with the
keyboard alone; the first Tab key press shows the link "Skip to main content".

## Preparation of this statement

- The statement was prepared on {day}.
- It is based on a self-assessment by the public body, supported by automated tests of
  conformance with WCAG 2.1 at level AA.
- The statement was last reviewed and updated on {day}.

## Feedback and contact details

If you notice an accessibility problem or need information in another form, write to us or
call us. The person responsible for digital accessibility is named on the *Contact* page.
Requests for inaccessible information and complaints about a lack of accessibility can be
made the same way.

## Request and complaint procedure

Everyone has the right to request the digital accessibility of this website or one of its
elements. You may also ask for information in another way, for example by having an
inaccessible document read out or a photo described.

A request should contain:

1. the details of the person making it,
2. the web page or element it concerns,
3. how to contact you,
4. for another way of accessing information, the form that suits you.

We deal with a request without delay, within 7 days of receiving it at the latest. If that
is not possible, we say so and give a date, no later than 2 months. If accessibility cannot
be ensured, we offer another way of accessing the information.

If we refuse a request, you may file a complaint about the lack of digital accessibility.
Once that procedure is exhausted, you may apply to the Commissioner for Human Rights
(Rzecznik Praw Obywatelskich).

## Architectural accessibility

Information on the accessibility of the premises of {publisher} (entrance, lift, toilets,
parking spaces for people with disabilities, entry with an assistance dog, a Polish sign
language interpreter) is given on the *Contact* page. Please let us know your needs before
a visit: we will arrange a meeting in an accessible place.
"""
    return PageText("Accessibility statement", body.strip())


def _privacy_en(region: Region | None, today: date) -> PageText:
    publisher, area = _publisher_en(region)
    body = f"""
In accordance with Article 13 of Regulation (EU) 2016/679 of the European Parliament and of
the Council (GDPR), we explain how we process the personal data of the people who use the
social economy portal of {area}.

## Controller

The controller of personal data is {publisher}. The controller's contact details are on the
*Contact* page.

## Data protection officer

The controller has appointed a data protection officer, who can be contacted on any matter
concerning the processing of personal data and the rights related to it, by e-mail or by
post at the controller's address marked "Data protection officer".

## Purposes and legal bases of processing

| Purpose | Legal basis |
|---|---|
| keeping the register and directory of social economy entities | Art. 6(1)(e) GDPR with the Act on the social economy |
| registration for meetings, training and study visits | Art. 6(1)(c) and (e) GDPR; for voluntary data, consent (Art. 6(1)(a)) |
| user accounts of the panel | Art. 6(1)(e) GDPR |
| handling requests and complaints, including on accessibility | Art. 6(1)(c) GDPR |

The portal uses only necessary cookies: the session, form protection, and remembering the
chosen text size, contrast and language. We use no advertising or analytics cookies.

## Retention period

We keep data for as long as the purpose requires, and then for the period required by the
rules on archiving and by the rules of projects co-financed by the European Union.

## Recipients of the data

Data may be disclosed to bodies entitled by law and to the bodies that maintain the IT
system on the controller's behalf under a data processing agreement.

## Your rights

You have the right to:

- access your data and receive a copy,
- have your data rectified,
- have it erased or its processing restricted, in the cases set out in the GDPR,
- object to the processing,
- withdraw your consent at any time, where we process data on the basis of consent,
- lodge a complaint with the President of the Personal Data Protection Office (Prezes
  Urzędu Ochrony Danych Osobowych, ul. Stawki 2, 00-193 Warszawa).

Data are not used for automated decision-making or profiling.
"""
    return PageText("Personal data protection", body.strip())


def _contact_en(region: Region | None, today: date) -> PageText:
    publisher, area = _publisher_en(region)
    body = f"""
The social economy portal of {area} is run by **{publisher}**.

## Office

The address, telephone number and e-mail address of the office are completed by the
portal's editors.

## Social economy coordination

For the register of entities, networking meetings, the Regional Committee for the
Development of the Social Economy and the "Zakup Prospołeczny" mark, please contact the
social economy team.

## Accessibility

Reports about the accessibility of the portal and of the premises are received by the
person responsible for accessibility. See also the *Accessibility statement*.
"""
    return PageText("Contact", body.strip())


_BUILDERS_EN = {
    PageSlug.ACCESSIBILITY: _accessibility_en,
    PageSlug.PRIVACY: _privacy_en,
    PageSlug.CONTACT: _contact_en,
}


def default_page_text(
    slug: str, region: Region | None, today: date | None = None, *, language: str = "pl"
) -> PageText:
    """The default text of a fixed page, in Polish (what is stored and edited) or, for
    `language` "en", in English."""
    builders = _BUILDERS_EN if language == "en" else _BUILDERS
    with translation.override(language):  # the dates are written in the language's words
        return builders[PageSlug(slug)](region, today or timezone.localdate())


def shown_text(page: Page) -> PageText:
    """What a reader in the active language sees of `page`: in English, the English
    default for as long as the page keeps the Polish default it was created with (a page
    staff have written stays as they wrote it)."""
    own = PageText(page.title, page.body)
    if translation.get_language() != "en":
        return own
    created = timezone.localdate(page.created_at) if page.created_at else None
    if own != default_page_text(page.slug, page.region, created):
        return own
    return default_page_text(page.slug, page.region, created, language="en")
