"""The import pages' forms: the upload and the column mapping."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koordynator.territory.models import Region

from .columns import FIELD_LABELS, column_label
from .reading import MAX_FILE_SIZE


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (CSV or XLSX)"),
        help_text=gettext_lazy(
            "The first row with column names is the header; one entity per row. "
            "CSV may be separated by semicolons or commas, in UTF-8 or Windows-1250."
        ),
    )
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"), queryset=Region.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ModelChoiceField)
        region.queryset = regions

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx", ".xlsm")):
            raise ValidationError(_("Choose a CSV or XLSX file."))
        if upload.size > MAX_FILE_SIZE:
            raise ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_SIZE // (1024 * 1024)}
            )
        return upload


class MappingForm(forms.Form):
    """One select per column: which field the column holds."""

    def __init__(self, *args: Any, headers: list[str], fields: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        choices = [("", gettext_lazy("— do not import —")), *FIELD_LABELS.items()]
        for index, _header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=column_label(headers, index),
                choices=choices,
                required=False,
                initial=fields[index] if index < len(fields) else "",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        seen: dict[str, int] = {}
        for index in range(len(self.headers)):
            key = data.get(f"column_{index}") or ""
            if not key:
                continue
            if key in seen:
                self.add_error(
                    f"column_{index}",
                    _("Column “%(other)s” already holds %(field)s.")
                    % {"other": column_label(self.headers, seen[key]), "field": FIELD_LABELS[key]},
                )
            seen[key] = index
        if not seen:
            raise ValidationError(_("Choose what at least one column holds."))
        return data

    def mapping_fields(self) -> list[str]:
        return [self.cleaned_data.get(f"column_{i}") or "" for i in range(len(self.headers))]

    def rows(self) -> list[tuple[int, str, forms.BoundField]]:
        return [(i, header, self[f"column_{i}"]) for i, header in enumerate(self.headers)]
