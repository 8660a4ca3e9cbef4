"""The Factbook fields c5lens keeps (metric key, topic, kind, template) and how sentences read."""

from __future__ import annotations

import re
from dataclasses import dataclass

from c5lens.base.model import Subject
from c5lens.importers.factbook.figures import Figure

TOPIC_ORDER = (
    "geography",
    "society",
    "governance",
    "economy",
    "trade",
    "resources",
    "energy",
    "security",
)
USD_AMOUNTS = ("USD", "USD million", "USD billion", "USD trillion")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One Factbook field c5lens keeps, and how it becomes facts.

    kind: 'text' (a string fact), 'figure' (one number), 'latest' (the newest year of a
    series), 'series' (every year of a series, one fact each), 'shares' (one fact per
    subfield, each a percentage with its own metric).
    """

    metric: str
    topic: str
    category: str
    field: str
    kind: str
    sub: str | None = None  # the subfield; None for the field's own text
    units: tuple[str | None, ...] = ()  # the units a figure may have ('figure', 'latest', ...)
    of: str | None = None  # what a percentage must be of, as printed
    template: str = ""
    optional: bool = False  # absent in some profiles for a reason (no land borders)
    shares: tuple[str, ...] = ()  # for 'shares': the subfields known, in order


# Sentences are in our own words. {s} is the subject's name, {v} the figure as printed (with $
# and magnitude words), {d} the date phrase (' in 2025'); {est}, {gives} and {that} are the verb,
# 'estimates' for an estimate, else 'puts', 'gives' and 'reports'.
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "capital", "governance", "Government", "Capital", "text", sub="name",
        template="The World Factbook names {value} as the capital of {s}.",
    ),
    FieldSpec(
        "population", "society", "People and Society", "Population", "figure", sub="total",
        units=(None,), template="The World Factbook {est} the population of {s} at {v}{d}.",
    ),
    FieldSpec(
        "area", "geography", "Geography", "Area", "figure", sub="total", units=("sq km",),
        template="The World Factbook {gives} the total area of {s} as {v} sq km{d}.",
    ),
    FieldSpec(
        "land_boundaries", "geography", "Geography", "Land boundaries", "figure", sub="total",
        units=("km",),
        template="The World Factbook {gives} the total length of the land borders of {s} as {v} "
        "km{d}.",
    ),
    FieldSpec(
        "border_countries", "geography", "Geography", "Land boundaries", "text",
        sub="border countries", optional=True,
        template="The World Factbook lists the countries bordering {s} and the length of each "
        "border{d}.",
    ),
    FieldSpec(
        "languages", "society", "People and Society", "Languages", "text", sub="Languages",
        template="The World Factbook lists the languages of {s}{d}.",
    ),
    FieldSpec(
        "ethnic_groups", "society", "People and Society", "Ethnic groups", "text",
        template="The World Factbook breaks down the population of {s} by ethnic group{d}.",
    ),
    FieldSpec(
        "religions", "society", "People and Society", "Religions", "text",
        template="The World Factbook breaks down the population of {s} by religion{d}.",
    ),
    FieldSpec(
        "median_age", "society", "People and Society", "Median age", "figure", sub="total",
        units=("years",), template="The World Factbook {est} the median age in {s} at {v} "
        "years{d}.",
    ),
    FieldSpec(
        "urban_population", "society", "People and Society", "Urbanization", "figure",
        sub="urban population", units=("%",), of="total population",
        template="The World Factbook {est} the share of the population of {s} living in towns "
        "and cities at {v}%{d}.",
    ),
    FieldSpec(
        "internet_users", "society", "Communications", "Internet users", "figure",
        sub="percent of population", units=("%",),
        template="The World Factbook {est} the share of the population of {s} using the "
        "internet at {v}%{d}.",
    ),
    FieldSpec(
        "real_gdp_ppp", "economy", "Economy", "Real GDP (purchasing power parity)", "latest",
        units=USD_AMOUNTS,
        template="The World Factbook {est} the real GDP of {s}, at purchasing power parity, at "
        "{v}{d}.",
    ),
    FieldSpec(
        "real_gdp_per_capita", "economy", "Economy", "Real GDP per capita", "latest",
        units=("USD",),
        template="The World Factbook {est} real GDP per person in {s}, at purchasing power "
        "parity, at {v}{d}.",
    ),
    FieldSpec(
        "real_gdp_growth_rate", "economy", "Economy", "Real GDP growth rate", "series",
        units=("%",), template="",  # see growth_statement
    ),
    FieldSpec(
        "inflation_rate", "economy", "Economy", "Inflation rate (consumer prices)", "latest",
        units=("%",),
        template="The World Factbook {est} consumer price inflation in {s} at {v}%{d}.",
    ),
    FieldSpec(
        "unemployment_rate", "economy", "Economy", "Unemployment rate", "latest", units=("%",),
        template="The World Factbook {est} the unemployment rate of {s} at {v}%{d}.",
    ),
    FieldSpec(
        "exports", "trade", "Economy", "Exports", "latest", units=USD_AMOUNTS,
        template="The World Factbook {est} the exports of goods and services of {s} at "
        "{v}{d}.",
    ),
    FieldSpec(
        "imports", "trade", "Economy", "Imports", "latest", units=USD_AMOUNTS,
        template="The World Factbook {est} the imports of goods and services of {s} at "
        "{v}{d}.",
    ),
    FieldSpec(
        "exports_partners", "trade", "Economy", "Exports - partners", "text",
        template="The World Factbook lists the main buyers of the exports of {s} and the share "
        "of each{d}.",
    ),
    FieldSpec(
        "imports_partners", "trade", "Economy", "Imports - partners", "text",
        template="The World Factbook lists the main suppliers of the imports of {s} and the "
        "share of each{d}.",
    ),
    FieldSpec(
        "natural_resources", "resources", "Geography", "Natural resources", "text",
        template="The World Factbook lists the natural resources of {s}{d}.",
    ),
    FieldSpec(
        "electricity_share", "energy", "Energy", "Electricity generation sources", "shares",
        units=("%",), of="total installed capacity",
        shares=(
            "fossil fuels",
            "nuclear",
            "solar",
            "wind",
            "hydroelectricity",
            "tide and wave",
            "geothermal",
            "biomass and waste",
        ),
        template="The World Factbook {that} that {source} made up {v}% of the installed "
        "electricity generating capacity of {s}{d}.",
    ),
    FieldSpec(
        "military_expenditure", "security", "Military and Security", "Military expenditures",
        "latest", units=("%",), of="GDP",
        template="The World Factbook {est} the military spending of {s} at {v}% of GDP{d}.",
    ),
)  # fmt: skip


# How a sentence names each source of electricity the Factbook lists.
POWER_NAMES = {
    "nuclear": "nuclear power",
    "hydroelectricity": "hydroelectric power",
    "solar": "solar power",
    "wind": "wind power",
    "tide and wave": "tide and wave power",
    "geothermal": "geothermal power",
}


def share_metric(spec: FieldSpec, subfield: str) -> str:
    """The metric of one share of a 'shares' field: electricity_share_fossil_fuels."""
    return f"{spec.metric}_{re.sub(r'[^a-z0-9]+', '_', subfield.lower()).strip('_')}"


def metric_keys() -> list[str]:
    """Every metric key the importer can write, in the order of FIELDS."""
    out = []
    for spec in FIELDS:
        if spec.kind == "shares":
            out += [share_metric(spec, s) for s in spec.shares]
        else:
            out.append(spec.metric)
    return out


# --- wording the sentences ------------------------------------------------------------------------


def subject_name(subject: Subject) -> str:
    """The subject's name as it reads mid-sentence: 'Kazakhstan', 'the United States'."""
    name = subject.name
    if name.startswith(("United ", "European ")) or name.endswith((" Republic", " Islands")):
        return f"the {name}"
    return name


def figure_words(fig: Figure) -> str:
    """The figure as a sentence shows it: 20,432,662; $739.385 billion; 4.8 (before a %)."""
    unit = fig.printed_unit or fig.unit
    if unit and unit.startswith("USD"):
        sign = "-" if fig.printed.startswith("-") else ""
        mag = unit[4:]
        return f"{sign}${fig.printed.lstrip('-')}" + (f" {mag}" if mag else "")
    return fig.printed


def growth_statement(s: str, fig: Figure, d: str) -> str:
    """The sentence for one year of real GDP growth: grew, shrank or did not grow."""
    est = "estimates" if fig.qualifier == "estimate" else "reports"
    if fig.value > 0:
        return f"The World Factbook {est} that the real GDP of {s} grew by {fig.printed}%{d}."
    if fig.value < 0:
        return (
            f"The World Factbook {est} that the real GDP of {s} shrank by "
            f"{fig.printed.lstrip('-')}%{d}."
        )
    return f"The World Factbook {est} that the real GDP of {s} did not grow (0%){d}."


@dataclass(frozen=True)
class Remark:
    """A caution on one generated fact whose value is kept as printed.

    `expect` is the part of the value the caution is about: if a profile's value no longer
    contains it, the import reports the remark instead of attaching it to a value it does not
    describe.
    """

    expect: str
    text: str


# Cautions on values kept as the Factbook prints them, by profile file name and the locator's
# Category › Field › subfield. Data, not code: add a line here and run the import again.
REMARKS: dict[tuple[str, str], Remark] = {
    ("kz.json", "Economy › Imports - partners"): Remark(
        expect="Gambia, The 4%",
        text=(
            'c5lens caution: kept as printed. The Factbook puts The Gambia ("Gambia, The")'
            " among Kazakhstan's top five import partners at 4%, level with Turkey and the USA;"
            " no other source in the base confirms this share, and it may be an error in the"
            " Factbook's data, so check it elsewhere before using it."
        ),
    ),
}
