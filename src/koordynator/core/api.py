"""What every API router shares: RFC 9457 problem responses and pagination."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Annotated, Any, Generic, Protocol, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

logger = logging.getLogger("koordynator.api")

PROBLEM_CONTENT_TYPE = "application/problem+json"

Row = TypeVar("Row")
Row_co = TypeVar("Row_co", covariant=True)
Out = TypeVar("Out")


class Rows(Protocol[Row_co]):
    """What a list endpoint pages: a queryset, or anything counted and sliced like one
    (e.g. `registry.selectors.RankedEntities`)."""

    def count(self) -> int: ...

    def __getitem__(self, item: slice) -> Iterable[Row_co]: ...


class Page(Generic[Out]):
    """A list endpoint's answer to ninja's `@paginate`: the paginator counts `rows` and
    slices them, and only the rows of the page asked for are read and converted to
    `Out`, the schema the endpoint documents. `convert` turns one row; `convert_page`
    turns a page at once, for outputs that read something for all its rows together."""

    def __init__(
        self,
        rows: Rows[Row] | Sequence[Row],
        convert: Callable[[Row], Out] | None = None,
        *,
        convert_page: Callable[[list[Row]], list[Out]] | None = None,
        notice: str = "",
    ) -> None:
        self._rows: Any = rows
        self.notice = notice
        self._convert_page: Callable[[list[Any]], list[Out]]
        if convert_page is not None and convert is None:
            self._convert_page = convert_page
        elif convert is not None and convert_page is None:
            each = convert
            self._convert_page = lambda page: [each(row) for row in page]
        else:
            raise TypeError("Give either convert or convert_page.")

    def count(self) -> int:
        rows = self._rows
        return len(rows) if isinstance(rows, Sequence) else int(rows.count())

    def __len__(self) -> int:
        # ninja's paginator counts with len() what has no `.all().count()`.
        return self.count()

    def __getitem__(self, item: slice) -> list[Out]:
        return self._convert_page(list(self._rows[item]))


# A record's id as a client names it: ids are 64-bit, so a larger one names nothing and is
# refused as input instead of reaching the database's integers.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
# A number a client sends, as the column that keeps it can hold it on PostgreSQL: a count
# (PositiveIntegerField, an integer) or a small one (PositiveSmallIntegerField, a smallint).
# SQLite would keep larger ones, so the bound is the document's, not the database's.
Quantity = Annotated[int, Field(ge=0, le=2_147_483_647)]
SmallQuantity = Annotated[int, Field(ge=0, le=32_767)]

YEAR_MIN, YEAR_MAX = 2000, 2100
# A year a client names: every record here lies within it, and so does `datetime.date`.
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]

# PostgreSQL refuses a time zone offset past ±15:59 (real zones lie within -12:00 and +14:00).
MAX_UTC_OFFSET = timedelta(hours=15, minutes=59)


def _storable(value: datetime) -> datetime:
    offset = value.utcoffset()
    if offset is not None and abs(offset) > MAX_UTC_OFFSET:
        raise PydanticCustomError("datetime_offset", "The time zone offset lies past ±15:59.")
    # Near the ends of what `datetime` holds, moving to UTC or local time overflows.
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise PydanticCustomError(
            "datetime_year", "The year lies out of range.", {"min": YEAR_MIN, "max": YEAR_MAX}
        )
    return value


# A date and time a client sends, in a year and offset every database and page can take.
DateTimeIn = Annotated[datetime, AfterValidator(_storable)]

# A page further than this is past any list here; the bound keeps offset + limit within the
# 64-bit integers SQL's OFFSET takes, so a huge offset is a 422, not a database error.
MAX_OFFSET = 1_000_000_000


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """ninja's limit/offset paging (`NINJA_PAGINATION_CLASS`) with both numbers bounded in
    the documented schema, for every list endpoint at once."""

    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


class NoticedPagination(BoundedLimitOffsetPagination):
    """ninja's limit/offset pages with a `notice`: what a search did to find its rows
    (`Page(..., notice=)`), null when there is nothing to say."""

    class Output(LimitOffsetPagination.Output):
        notice: str | None = None

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page["notice"] = getattr(queryset, "notice", "") or None
        return page


def _titles() -> dict[int, str]:
    return {
        400: _("Bad request"),
        401: _("Authentication required"),
        403: _("Forbidden"),
        404: _("Not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        413: _("Request too large"),
        422: _("Invalid input"),
        429: _("Too many requests"),
        500: _("Server error"),
    }


class FieldError(Schema):
    field: str
    message: str


class Problem(Schema):
    """An error as RFC 9457 describes it; `errors` lists field errors for 422."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: list[FieldError] = []


def problem_response(
    *, status: int, detail: str = "", errors: list[dict[str, str]] | None = None
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _titles().get(status, _("Error")),
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)


def _field_name(location: Any) -> str:
    # ninja reports ("query", "level") or ("body", "payload", "nip"); keep the field's path.
    parts = [
        str(part) for part in location if part not in ("body", "query", "path", "form", "payload")
    ]
    return ".".join(parts) or "__all__"


def _messages() -> dict[str, str]:
    """Pydantic's English error messages, said in the user's language."""
    return {
        "missing": _("This field is required."),
        "string_pattern_mismatch": _("The value does not have the required format."),
        "literal_error": _("Choose one of: %(expected)s."),
        "enum": _("Choose one of: %(expected)s."),
        "int_parsing": _("Enter a whole number."),
        "int_type": _("Enter a whole number."),
        "float_parsing": _("Enter a number."),
        "bool_parsing": _("Enter true or false."),
        "greater_than_equal": _("Enter a value of at least %(ge)s."),
        "less_than_equal": _("Enter a value of at most %(le)s."),
        "greater_than": _("Enter a value greater than %(gt)s."),
        "less_than": _("Enter a value less than %(lt)s."),
        "string_too_long": _("Enter at most %(max_length)s characters."),
        "string_too_short": _("Enter at least %(min_length)s characters."),
        "string_type": _("Enter text."),
        "date_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
        "datetime_parsing": _("Enter a date and time in ISO 8601 format."),
        "datetime_offset": _("Enter a time zone offset between -15:59 and +15:59."),
        "datetime_year": _("Enter a date between %(min)s and %(max)s."),
        "json_invalid": _("The request body is not valid JSON."),
        "model_attributes_type": _("The request body must be a JSON object."),
    }


def _message(error: dict[str, Any]) -> str:
    template = _messages().get(error.get("type", ""))
    if template is None:
        return str(error.get("msg", ""))
    try:
        return template % error.get("ctx", {})
    except (KeyError, TypeError):
        return str(error.get("msg", ""))


def _validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"field": _field_name(e.get("loc", ())), "message": _message(e)} for e in errors]


class DomainValidationError(Exception):
    """Raised by services for input that breaks a business rule; answered as 422."""

    def __init__(self, errors: dict[str, str] | str) -> None:
        self.errors = {"__all__": errors} if isinstance(errors, str) else errors
        super().__init__("; ".join(self.errors.values()))


class Conflict(DomainValidationError):
    """The records as they stand refuse the change (a status, another record that names
    this one): a page shows the message, the API answers 409 Conflict, not 422: the input
    is fine, the state is not."""


class TransitionNotAllowed(Conflict):
    """The record's state does not allow the change (`core.workflow`)."""


def install_problem_handlers(api: NinjaAPI) -> None:
    """Make every failure of `api` answer application/problem+json, and never a traceback."""

    def on_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        return problem_response(
            status=422,
            detail=_("Some fields are invalid."),
            errors=_validation_errors(exc.errors),
        )

    def on_domain_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        return problem_response(
            status=422,
            detail=_("Some fields are invalid."),
            errors=[{"field": field, "message": message} for field, message in exc.errors.items()],
        )

    def on_conflict(request: HttpRequest, exc: Any) -> HttpResponse:
        return problem_response(
            status=409,
            detail=" ".join(exc.errors.values()),
            errors=[{"field": field, "message": message} for field, message in exc.errors.items()],
        )

    def on_authentication(request: HttpRequest, exc: Any) -> HttpResponse:
        response = problem_response(
            status=401, detail=_("Send a valid token: Authorization: Bearer <token>.")
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    def on_not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        # Forbidden objects answer like missing ones, so their existence does not leak.
        return problem_response(
            status=404, detail=_("There is no such resource, or you may not see it.")
        )

    def on_forbidden(request: HttpRequest, exc: Any) -> HttpResponse:
        return problem_response(status=403, detail=_("Your role does not allow this."))

    def on_http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return problem_response(status=exc.status_code, detail=str(exc.message))

    def on_too_large(request: HttpRequest, exc: Any) -> HttpResponse:
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return problem_response(
            status=413, detail=_("Send a request body of at most %(limit)s.") % {"limit": limit}
        )

    def on_unexpected(request: HttpRequest, exc: Any) -> HttpResponse:
        logger.exception("Unhandled API error on %s %s", request.method, request.path)
        return problem_response(status=500, detail=_("The request failed; it has been logged."))

    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(DomainValidationError, on_domain_validation)
    api.add_exception_handler(Conflict, on_conflict)
    api.add_exception_handler(AuthenticationError, on_authentication)
    api.add_exception_handler(AuthorizationError, on_forbidden)
    api.add_exception_handler(PermissionDenied, on_forbidden)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(RequestDataTooBig, on_too_large)
    api.add_exception_handler(Exception, on_unexpected)


def not_found_view(request: HttpRequest, rest: str = "") -> HttpResponse:
    return problem_response(status=404, detail=_("There is no such API path."))
