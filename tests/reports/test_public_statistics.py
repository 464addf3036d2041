"""Importing the public statistics: values checked against the source files by hand, flags,
idempotence, refusal of wrong files, and the series the edition reads."""

from __future__ import annotations

import csv
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from alliance.core.models import AuditEntry
from alliance.reports import queries
from alliance.reports.models import Country, PublicValue
from alliance.reports.services.public_import import DATA_DIR, import_public_statistics

pytestmark = pytest.mark.django_db


def rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def imported(db):
    return import_public_statistics()


def value(code: str, iso3: str, year: int, breakdown: str = "") -> PublicValue:
    return PublicValue.objects.get(code=code, country__iso3=iso3, year=year, breakdown=breakdown)


def test_countries_come_from_the_world_bank_metadata(imported):
    source = rows("asia_countries.csv")
    assert Country.objects.count() == len(source) == 51
    india = Country.objects.get(iso3="IND")
    row = next(r for r in source if r["iso3"] == "IND")
    assert (india.iso2, india.name, india.subregion, india.income_group) == (
        row["iso2"],
        row["wb_name"],
        row["un_m49_subregion"],
        row["wb_income_group"],
    )
    # No World Bank name: the platform's own name for the region (settings.COUNTRIES_OVERRIDE).
    assert Country.objects.get(iso3="TWN").name == "Taiwan, China"


def test_gross_enrolment_ratios_by_sex_with_estimate_flags(imported):
    source = rows("uis_tertiary_ger_by_sex_asia.csv")
    estimate = next(r for r in source if r["nature_female"] == "E" and r["ger_female"])
    stored = value("GER_TERTIARY", estimate["iso3"], int(estimate["year"]), "female")
    assert stored.value == float(estimate["ger_female"])
    assert stored.flags == "estimate"
    country_data = next(r for r in source if r["nature_male"] == "C" and r["ger_male"])
    stored = value("GER_TERTIARY", country_data["iso3"], int(country_data["year"]), "male")
    assert (stored.value, stored.flags) == (float(country_data["ger_male"]), "")
    expected = sum(1 for r in source for b in ("total", "female", "male") if r[f"ger_{b}"])
    assert PublicValue.objects.filter(code="GER_TERTIARY").count() == expected


def test_enrolment_ratios_over_100_are_kept(imported):
    source = rows("uis_tertiary_ger_by_sex_asia.csv")
    over = [r for r in source if r["ger_total"] and float(r["ger_total"]) > 100]
    assert over, "the source has ratios over 100"
    for r in over:
        assert value("GER_TERTIARY", r["iso3"], int(r["year"]), "total").value == float(
            r["ger_total"]
        )


def test_mobile_students_and_net_flow_with_uis_estimates(imported):
    source = rows("uis_mobile_students_asia.csv")
    inbound = next(
        r
        for r in source
        if r["uis_indicator"] == "26637" and r["iso3"] == "ARE" and r["year"] == "2011"
    )
    assert value("MOBILE_IN", "ARE", 2011).value == float(inbound["value"]) == 48653.0
    net = next(
        r for r in source if r["uis_indicator"] == "MENF.5T8" and r["qualifier"] == "UIS_EST"
    )
    stored = value("MOBILE_NET_FLOW", net["iso3"], int(net["year"]))
    assert (stored.value, stored.flags) == (float(net["value"]), "estimate")
    nil = next(r for r in source if r["magnitude"] == "NIL")
    assert "nil" in value(
        "MOBILE_IN" if nil["uis_indicator"] == "26637" else "MOBILE_NET_FLOW",
        nil["iso3"],
        int(nil["year"]),
    ).flags.split(",")
    assert PublicValue.objects.filter(code__in=["MOBILE_IN", "MOBILE_NET_FLOW"]).count() == len(
        source
    )


def test_mobility_rates_and_expenditure(imported):
    owid = rows("owid_student_mobility_rates_asia.csv")
    both = next(
        r for r in owid if r["inbound_mobility_rate_pct"] and r["outbound_mobility_ratio_pct"]
    )
    year = int(both["year"])
    assert value("MOBILITY_IN_RATE", both["iso3"], year).value == float(
        both["inbound_mobility_rate_pct"]
    )
    assert value("MOBILITY_OUT_RATIO", both["iso3"], year).value == float(
        both["outbound_mobility_ratio_pct"]
    )
    # Afghanistan 2003 has no inbound rate: nothing is stored for it.
    assert not PublicValue.objects.filter(
        code="MOBILITY_IN_RATE", country__iso3="AFG", year=2003
    ).exists()
    wdi = rows("wdi_gov_expenditure_education_pct_gdp_asia.csv")
    afg = next(r for r in wdi if r["iso3"] == "AFG" and r["year"] == "2010")
    stored = value("GOV_EXP_EDU_GDP", "AFG", 2010)
    assert stored.value == float(afg["value"]) == 3.47945
    assert (stored.source, stored.licence) == (
        "World Bank, World Development Indicators",
        "CC BY 4.0",
    )


def test_importing_again_changes_nothing(imported):
    count = PublicValue.objects.count()
    again = import_public_statistics()
    assert (again.created, again.updated, again.unchanged) == (0, 0, count)
    assert PublicValue.objects.count() == count
    assert AuditEntry.objects.filter(action="reports.import_public_statistics").count() == 2


def test_a_changed_value_is_updated_in_place(tmp_path, imported):
    for name in DATA_DIR.glob("*.csv"):
        shutil.copy(name, tmp_path / name.name)
    path = tmp_path / "wdi_gov_expenditure_education_pct_gdp_asia.csv"
    path.write_text(
        path.read_text().replace(
            "AFG,Afghanistan,SE.XPD.TOTL.GD.ZS,2010,3.47945",
            "AFG,Afghanistan,SE.XPD.TOTL.GD.ZS,2010,3.5",
        )
    )
    result = import_public_statistics(tmp_path)
    assert (result.created, result.updated) == (0, 1)
    assert value("GOV_EXP_EDU_GDP", "AFG", 2010).value == 3.5


def test_a_file_with_wrong_columns_is_refused_and_nothing_is_imported(tmp_path, db):
    for name in DATA_DIR.glob("*.csv"):
        shutil.copy(name, tmp_path / name.name)
    (tmp_path / "owid_student_mobility_rates_asia.csv").write_text(
        "entity,iso3,year,rate\nX,AFG,2000,1\n"
    )
    with pytest.raises(ValidationError) as caught:
        import_public_statistics(tmp_path)
    assert caught.value.messages == [
        "owid_student_mobility_rates_asia.csv does not have the expected columns. Expected: "
        "entity, iso3, year, inbound_mobility_rate_pct, outbound_mobility_ratio_pct. "
        "Found: entity, iso3, year, rate. Nothing was imported."
    ]
    assert (Country.objects.count(), PublicValue.objects.count()) == (0, 0)


def test_the_command_imports_and_reports_its_counts(db):
    out = StringIO()
    call_command("report", "import-public", "--dir", str(DATA_DIR), stdout=out)
    assert out.getvalue().startswith("Public statistics imported from ")
    assert "51 countries" in out.getvalue()
    assert PublicValue.objects.exists()


def test_the_command_says_what_is_wrong(tmp_path, db):
    (tmp_path / "asia_countries.csv").write_text("iso3,name\n")
    with pytest.raises(CommandError, match="Expected: iso2, iso3, un_m49_subregion"):
        call_command("report", "import-public", "--dir", str(tmp_path))
    with pytest.raises(CommandError, match="no such folder"):
        call_command("report", "import-public", "--dir", str(tmp_path / "missing"))


def test_public_series_for_the_edition(imported):
    series = queries.public_series("GER_TERTIARY")
    source = rows("uis_tertiary_ger_by_sex_asia.csv")
    assert len(series) == sum(1 for r in source if r["ger_total"])
    myanmar_1992 = next(p for p in series if p.country_iso3 == "MMR" and p.year == 1992)
    assert (myanmar_1992.value, myanmar_1992.flags, myanmar_1992.breakdown) == (
        4.36611,
        "",
        "total",
    )
    assert myanmar_1992.country_name == "Myanmar"
    female = queries.public_series("GER_TERTIARY", "female")
    assert next(p for p in female if p.country_iso3 == "MMR" and p.year == 1992).value == 4.78373
    countries = queries.countries()
    assert len(countries) == 51
    assert [c.name for c in countries] == sorted(c.name for c in countries)


def test_the_shipped_files_are_the_shared_ones():
    shared = Path("/work/shared/data/public")
    if not shared.is_dir():
        pytest.skip("the shared data is not on this machine")
    for name in DATA_DIR.glob("*.csv"):
        assert name.read_bytes() == (shared / name.name).read_bytes(), name.name
