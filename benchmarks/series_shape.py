"""The series shape of a synthetic fact base: what an importer of statistics writes.

Subjects x 40 metrics x dates (see series_layout): about 250 subjects x 40 metrics x 100 dates
for 1,000,000 facts, yearly, monthly and weekly (day-precision) series, each from its metric's
own source, with about one period in twenty also given by one or two other sources.
`python benchmarks/generate.py OUT_DIR N_FACTS --shape series` writes one; the profile shape
and the command line are in generate.py, whose topics, vocabulary and quoting this shares.
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path

from generate import TOPICS, _q, _vocabulary

SERIES_METRICS = [
    # (key, unit, topic, description); a fifth of them monthly, a tenth daily, the rest yearly
    ("gdp_current_usd", "USD bn", "economy", "Gross domestic product at current prices"),
    ("gdp_growth", "%", "economy", "Real growth of gross domestic product"),
    ("gdp_per_capita_usd", "USD", "economy", "Gross domestic product per person"),
    ("inflation_cpi", "%", "economy", "Consumer price inflation, year on year"),
    ("policy_rate", "%", "economy", "Central bank policy interest rate"),
    ("unemployment_rate", "%", "society", "Unemployed share of the labour force"),
    ("population", "million", "society", "Resident population"),
    ("urban_population_share", "%", "society", "Share of the population living in towns"),
    ("life_expectancy", "years", "society", "Life expectancy at birth"),
    ("literacy_rate", "%", "society", "Adult literacy rate"),
    ("exports_usd", "USD bn", "trade", "Exports of goods and services"),
    ("imports_usd", "USD bn", "trade", "Imports of goods and services"),
    ("trade_balance_usd", "USD bn", "trade", "Exports less imports of goods and services"),
    ("tariff_rate_mean", "%", "trade", "Mean applied tariff rate, all products"),
    ("fdi_inflow_usd", "USD bn", "economy", "Net inflows of foreign direct investment"),
    ("remittances_gdp_share", "%", "economy", "Personal remittances received, share of GDP"),
    ("government_debt_gdp", "%", "governance", "General government gross debt, share of GDP"),
    ("budget_balance_gdp", "%", "governance", "General government net lending, share of GDP"),
    ("governance_effectiveness", "index", "governance", "Government effectiveness estimate"),
    ("corruption_perception", "score", "governance", "Corruption perceptions score"),
    ("oil_production_kbd", "kb/d", "energy", "Crude oil production"),
    ("gas_production_bcm", "bcm", "energy", "Natural gas production"),
    ("electricity_generation_twh", "TWh", "energy", "Electricity generation"),
    ("renewable_share", "%", "energy", "Renewable share of final energy use"),
    ("energy_imports_share", "%", "energy", "Net energy imports, share of energy use"),
    ("arable_land_share", "%", "resources", "Arable land, share of land area"),
    ("water_withdrawal_bcm", "bcm", "resources", "Annual freshwater withdrawal"),
    ("mineral_rents_gdp", "%", "resources", "Mineral rents, share of GDP"),
    ("forest_area_share", "%", "geography", "Forest area, share of land area"),
    ("mean_temperature", "°C", "geography", "Mean annual air temperature"),
    ("rail_freight_tkm", "bn t-km", "transport", "Goods carried by rail"),
    ("air_passengers", "million", "transport", "Air passengers carried"),
    ("road_density", "km/100 km²", "transport", "Road length per land area"),
    ("military_spending_gdp", "%", "security", "Military expenditure, share of GDP"),
    ("armed_forces_personnel", "thousand", "security", "Armed forces personnel"),
    ("embassies_abroad", "count", "diplomacy", "Embassies maintained abroad"),
    ("treaties_signed", "count", "diplomacy", "Bilateral treaties signed in the period"),
    ("exchange_rate_usd", "per USD", "economy", "Official exchange rate, local currency per USD"),
    ("stock_index", "points", "economy", "Main stock exchange index, close"),
    ("border_crossings", "thousand", "transport", "Recorded border crossings"),
]
_MONTHLY = {"inflation_cpi", "policy_rate", "unemployment_rate", "exports_usd", "imports_usd",
            "trade_balance_usd", "oil_production_kbd", "electricity_generation_twh"}  # fmt: skip
_DAILY = {"exchange_rate_usd", "stock_index", "border_crossings", "treaties_signed"}
SERIES_SOURCES = [
    ("wdi", "World Development Indicators", "World Bank", "database"),
    ("weo", "World Economic Outlook database", "International Monetary Fund", "database"),
    ("undata", "UNdata statistical yearbook", "United Nations Statistics Division", "database"),
    ("ilostat", "ILOSTAT labour statistics", "International Labour Organization", "database"),
    ("iea", "World Energy Balances", "International Energy Agency", "database"),
    ("comtrade", "UN Comtrade trade statistics", "United Nations", "database"),
    ("sipri", "Military Expenditure Database", "SIPRI", "database"),
    ("fao", "FAOSTAT land and water", "Food and Agriculture Organization", "database"),
    ("nso", "National statistical yearbooks", "National statistical offices", "yearbook"),
    ("cbr", "Central bank statistical bulletins", "Central banks", "bulletin"),
    ("ti", "Corruption Perceptions Index", "Transparency International", "index"),
    ("wgi", "Worldwide Governance Indicators", "World Bank", "database"),
]
SERIES_SUBJECT = "country-003"  # a subject present in every size of the series shape
SERIES_METRIC = "gdp_growth"  # a yearly metric
SERIES_OTHER = "country-004"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip


def _periods(kind: str, n: int) -> list[tuple[str, str]]:
    """n periods ending in 2025, newest last, as (as_of, words) at the metric's precision."""
    if kind == "year":
        return [(f"{y}", f"{y}") for y in range(2026 - n, 2026)]
    if kind == "month":
        out = []
        for k in range(n):
            y, m = divmod(2025 * 12 + 11 - (n - 1 - k), 12)
            out.append((f"{y}-{m + 1:02d}", f"{MONTHS[m]} {y}"))
        return out
    last = datetime.date(2025, 12, 31).toordinal()
    out = []
    for k in range(n):
        d = datetime.date.fromordinal(last - (n - 1 - k) * 7)  # weekly readings, day precision
        out.append((d.isoformat(), f"{d.day} {MONTHS[d.month - 1]} {d.year}"))
    return out


def series_layout(n_facts: int, dates: int | None = None, subjects: int | None = None):
    """(subjects, dates) for n_facts over the 40 metrics: 250 x 100 at a million."""
    m = len(SERIES_METRICS)
    if dates is None and subjects is None:
        subjects = min(250, max(5, n_facts // (m * 100)))
    if subjects is None:
        subjects = max(1, -(-n_facts // (m * dates)))
    if dates is None:
        dates = max(1, -(-n_facts // (m * subjects)))
    return subjects, dates


def generate_series(
    out: Path,
    n_facts: int,
    seed: int = 7,
    dates: int | None = None,
    subjects: int | None = None,
    disputed: float = 0.05,
) -> Path:
    """Write an importer-shaped base of exactly n_facts facts into out (which must not exist).

    Subjects x 40 metrics x dates (see series_layout); each (subject, metric) series comes from
    the metric's own source, and about `disputed` of its periods also have a value from one or
    two other sources (the extra values take the places of the oldest periods, so the count is
    exact). One file per `<subject>/<topic>.yaml` holding that topic's metrics; dates at year,
    month or day precision by metric; statements of 20-40 words with Zipf-distributed filler.
    """
    rng = random.Random(seed)
    words, _weights = _vocabulary(rng)
    cum, total = [], 0.0
    for rank in range(len(words)):
        total += 1 / (rank + 1)
        cum.append(total)
    n_subj, n_dates = series_layout(n_facts, dates, subjects)
    syll = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n_subj:
        name = "".join(rng.choice(syll) for _ in range(rng.randint(2, 3))).capitalize()
        name += rng.choice(("ia", "stan", "land", "ria", "ova", "ar"))
        if name not in seen:
            seen.add(name)
            names.append(name)
    keys = [f"country-{i:03d}" for i in range(n_subj)]
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out.mkdir(parents=True)
    lines = ["subjects:"]
    for i, (key, name) in enumerate(zip(keys, names, strict=True)):
        a2 = letters[i // 26 % 26] + letters[i % 26]
        lines += [
            f"  - key: {key}",
            f"    name: {name}",
            "    kind: country",
            f"    iso: {{alpha2: {a2}, alpha3: X{a2}, numeric: '{i + 1:03d}'}}",
            "    factbook: null",
            f"    names: [Republic of {name}, {name}n]",
        ]
    (out / "subjects.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["topics:"] + [f"  - key: {t}\n    description: Facts about {t}." for t in TOPICS]
    (out / "topics.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["sources:"]
    for i, (sid, title, publisher, kind) in enumerate(SERIES_SOURCES):
        lines += [
            f"  - id: {sid}",
            f"    title: {title}",
            "    author: null",
            f"    publisher: {publisher}",
            f"    published: '2026-{1 + i % 12:02d}'",
            f"    kind: {kind}",
            f"    document: {sid}-extract.csv",
            f"    url: https://data.example.org/{sid}",
        ]
    (out / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["metrics:"]
    for key, unit, topic, desc in SERIES_METRICS:
        lines += [f"  - key: {key}", f"    unit: {_q(unit)}", f"    topic: {topic}",
                  f"    description: {desc}."]  # fmt: skip
    (out / "metrics.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    src_ids = [s[0] for s in SERIES_SOURCES]
    src_title = {s[0]: s[1] for s in SERIES_SOURCES}
    prec = {k: "day" if k in _DAILY else "month" if k in _MONTHLY else "year"
            for k, *_ in SERIES_METRICS}  # fmt: skip
    periods = {p: _periods(p, n_dates) for p in ("year", "month", "day")}
    by_topic: dict[str, list[int]] = {}
    for j, (_k, _u, topic, _d) in enumerate(SERIES_METRICS):
        by_topic.setdefault(topic, []).append(j)
    choices, rand, randint = rng.choices, rng.random, rng.randint
    written = 0
    for s, subject in enumerate(keys):
        name = names[s]
        (out / subject).mkdir()
        for topic in TOPICS:
            body = [f"subject: {subject}", f"topic: {topic}", "facts:"]
            for j in by_topic.get(topic, ()):
                key, unit, _t, desc = SERIES_METRICS[j]
                count = min(n_dates, n_facts - written)
                if count <= 0:
                    continue
                main = src_ids[j % len(src_ids)]
                mkey = key.replace("_", "-")
                level = 10 ** rng.uniform(0, 3)
                # The newest periods, each from the metric's source and now and then from one
                # or two others too, until the pair's `count` facts are placed.
                cells: list[tuple[tuple[str, str], list[str]]] = []
                slots, pi = count, n_dates - 1
                while slots > 0:
                    srcs = [main]
                    slots -= 1
                    if slots > 0 and rand() < disputed:
                        others = rng.sample([x for x in src_ids if x != main], randint(1, 2))
                        srcs += others[:slots]
                        slots -= len(srcs) - 1
                    cells.append((periods[prec[key]][pi], srcs))
                    pi -= 1
                cells.reverse()
                value = level
                for (as_of, when), srcs in cells:
                    value = max(0.01, value * (1 + rng.gauss(0.01, 0.05)))
                    for src in srcs:
                        v = value if src == main else value * (1 + rng.uniform(-0.12, 0.12))
                        filler = " ".join(choices(words, cum_weights=cum, k=randint(6, 16)))
                        fid = f"{subject}.{mkey}-{as_of}" + ("" if src == main else f"-{src}")
                        stmt = (
                            f"{desc} of {name} stood at {v:.2f} {unit} in {when}, "
                            f"according to the {src_title[src]}; {filler}."
                        )
                        body.append(
                            f"  - id: {fid}\n"
                            f"    statement: {_q(stmt)}\n"
                            f"    metric: {key}\n"
                            f"    value: {v:.2f}\n"
                            f"    unit: {_q(unit)}\n"
                            f"    as_of: '{as_of}'\n"
                            f"    source: {src}\n"
                            f"    locator: Table {1 + j}, {name}, {when}"
                        )
                        if rand() < 0.1:
                            body.append(f"    notes: {_q('Provisional estimate; ' + filler[:60])}")
                        written += 1
            if len(body) > 3:
                (out / subject / f"{topic}.yaml").write_text(
                    "\n".join(body) + "\n", encoding="utf-8"
                )
    return out
