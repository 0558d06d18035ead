"""How dates are printed in Polish. Django's own Polish short format is 07-12-2026; people
here read and write 07.12.2026. What is not set here is Django's."""

SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
