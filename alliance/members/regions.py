"""UN M49 sub-regions of the countries and regions of Asia (51 codes), from the World Bank's
country metadata (CC BY 4.0) as listed in the project's shared reference data. Countries outside
Asia have no sub-region here and are grouped as "Elsewhere"."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubRegion(models.TextChoices):
    CENTRAL_ASIA = "central-asia", _("Central Asia")
    EASTERN_ASIA = "eastern-asia", _("Eastern Asia")
    SOUTH_EASTERN_ASIA = "south-eastern-asia", _("South-eastern Asia")
    SOUTHERN_ASIA = "southern-asia", _("Southern Asia")
    WESTERN_ASIA = "western-asia", _("Western Asia")
    ELSEWHERE = "elsewhere", _("Elsewhere")


SUBREGION_OF_COUNTRY: dict[str, SubRegion] = {
    "AE": SubRegion.WESTERN_ASIA,
    "AF": SubRegion.SOUTHERN_ASIA,
    "AM": SubRegion.WESTERN_ASIA,
    "AZ": SubRegion.WESTERN_ASIA,
    "BD": SubRegion.SOUTHERN_ASIA,
    "BH": SubRegion.WESTERN_ASIA,
    "BN": SubRegion.SOUTH_EASTERN_ASIA,
    "BT": SubRegion.SOUTHERN_ASIA,
    "CN": SubRegion.EASTERN_ASIA,
    "CY": SubRegion.WESTERN_ASIA,
    "GE": SubRegion.WESTERN_ASIA,
    "HK": SubRegion.EASTERN_ASIA,
    "ID": SubRegion.SOUTH_EASTERN_ASIA,
    "IL": SubRegion.WESTERN_ASIA,
    "IN": SubRegion.SOUTHERN_ASIA,
    "IQ": SubRegion.WESTERN_ASIA,
    "IR": SubRegion.SOUTHERN_ASIA,
    "JO": SubRegion.WESTERN_ASIA,
    "JP": SubRegion.EASTERN_ASIA,
    "KG": SubRegion.CENTRAL_ASIA,
    "KH": SubRegion.SOUTH_EASTERN_ASIA,
    "KP": SubRegion.EASTERN_ASIA,
    "KR": SubRegion.EASTERN_ASIA,
    "KW": SubRegion.WESTERN_ASIA,
    "KZ": SubRegion.CENTRAL_ASIA,
    "LA": SubRegion.SOUTH_EASTERN_ASIA,
    "LB": SubRegion.WESTERN_ASIA,
    "LK": SubRegion.SOUTHERN_ASIA,
    "MM": SubRegion.SOUTH_EASTERN_ASIA,
    "MN": SubRegion.EASTERN_ASIA,
    "MO": SubRegion.EASTERN_ASIA,
    "MV": SubRegion.SOUTHERN_ASIA,
    "MY": SubRegion.SOUTH_EASTERN_ASIA,
    "NP": SubRegion.SOUTHERN_ASIA,
    "OM": SubRegion.WESTERN_ASIA,
    "PH": SubRegion.SOUTH_EASTERN_ASIA,
    "PK": SubRegion.SOUTHERN_ASIA,
    "PS": SubRegion.WESTERN_ASIA,
    "QA": SubRegion.WESTERN_ASIA,
    "SA": SubRegion.WESTERN_ASIA,
    "SG": SubRegion.SOUTH_EASTERN_ASIA,
    "SY": SubRegion.WESTERN_ASIA,
    "TH": SubRegion.SOUTH_EASTERN_ASIA,
    "TJ": SubRegion.CENTRAL_ASIA,
    "TL": SubRegion.SOUTH_EASTERN_ASIA,
    "TM": SubRegion.CENTRAL_ASIA,
    "TR": SubRegion.WESTERN_ASIA,
    "TW": SubRegion.EASTERN_ASIA,
    "UZ": SubRegion.CENTRAL_ASIA,
    "VN": SubRegion.SOUTH_EASTERN_ASIA,
    "YE": SubRegion.WESTERN_ASIA,
}

# Shown as regions, not countries, as the alliance speaks of "countries and regions".
REGIONS_NOT_COUNTRIES = frozenset({"HK", "MO", "TW"})


def subregion_of(country_code: str) -> SubRegion:
    return SUBREGION_OF_COUNTRY.get(country_code.upper(), SubRegion.ELSEWHERE)
