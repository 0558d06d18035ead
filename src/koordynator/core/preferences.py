"""Text size and contrast chosen by the visitor, kept in a cookie so they work without JS."""

from __future__ import annotations

from dataclasses import dataclass

TEXT_SIZES = ("normal", "large", "larger")
CONTRASTS = ("normal", "high")


@dataclass(frozen=True)
class DisplayPreferences:
    COOKIE = "kdn_display"

    text_size: str = "normal"
    contrast: str = "normal"

    @classmethod
    def from_cookie(cls, value: str) -> DisplayPreferences:
        parts = dict(item.split("=", 1) for item in value.split("|") if "=" in item)
        text_size = parts.get("text", "normal")
        contrast = parts.get("contrast", "normal")
        return cls(
            text_size=text_size if text_size in TEXT_SIZES else "normal",
            contrast=contrast if contrast in CONTRASTS else "normal",
        )

    def to_cookie(self) -> str:
        return f"text={self.text_size}|contrast={self.contrast}"

    @property
    def html_classes(self) -> str:
        classes = [f"text-size-{self.text_size}"]
        if self.contrast == "high":
            classes.append("high-contrast")
        return " ".join(classes)
