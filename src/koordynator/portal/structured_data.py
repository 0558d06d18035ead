"""schema.org data of public pages, as JSON-LD that search engines read."""

from __future__ import annotations

import json
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from koordynator.registry.models import Entity

# Characters that could end the <script> element or confuse an HTML parser.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict[str, Any]) -> SafeString:
    """`data` as the body of a <script type="application/ld+json"> element."""
    # JSON with <, > and & escaped cannot end the script element.
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_ESCAPES))  # noqa: S308


def organization(entity: Entity, *, url: str) -> dict[str, Any]:
    """An entity as a schema.org Organization (only what its public profile shows)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": url,
        "url": url,
        "name": entity.name,
    }
    if entity.short_name:
        data["alternateName"] = entity.short_name
    if entity.description:
        data["description"] = entity.description
    if entity.website:
        data["sameAs"] = [entity.website]
    if entity.email:
        data["email"] = entity.email
    if entity.phone:
        data["telephone"] = entity.phone
    if entity.year_founded:
        data["foundingDate"] = str(entity.year_founded)
    if entity.nip:
        data["taxID"] = entity.nip
        data["vatID"] = f"PL{entity.nip}"
    identifiers = [
        {"@type": "PropertyValue", "propertyID": key.upper(), "value": getattr(entity, key)}
        for key in ("krs", "regon")
        if getattr(entity, key)
    ]
    if identifiers:
        data["identifier"] = identifiers
    powiat = entity.gmina.parent
    voivodeship = powiat.parent if powiat is not None else None
    address = {
        "@type": "PostalAddress",
        "streetAddress": entity.address,
        "postalCode": entity.postal_code,
        "addressLocality": entity.locality or entity.gmina.name,
        "addressRegion": voivodeship.name if voivodeship is not None else "",
        "addressCountry": "PL",
    }
    data["address"] = {key: value for key, value in address.items() if value}
    if entity.latitude is not None and entity.longitude is not None:
        data["location"] = {
            "@type": "Place",
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": entity.latitude,
                "longitude": entity.longitude,
            },
        }
    offers = [tag.name for tag in entity.offer_tags.all()]
    if offers:
        data["knowsAbout"] = offers
    return data
