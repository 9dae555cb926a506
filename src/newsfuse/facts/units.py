"""Units a figure is written in, as canonical codes: ISO 4217 for money, pint unit codes for
physical quantities and durations ("km", "GB", "lbf*ft", "degC"), "percent", "percentage_point",
"fraction" and "count" for the rest.

Codes are what the report carries; pint (loaded on first use) converts between codes of one
dimension, so "5 km" and "5,000 m" are the same figure when measures are compared.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

# unit code -> kind of figure (the concept family the benchmark and docs/facts.md use)
KINDS: dict[str, str] = {}


def _kind(kind: str, codes: str) -> None:
    for code in codes.split():
        KINDS[code] = kind


_kind("length", "km m cm mm dm pm mi ft inch yd nmi light_year")
_kind("mass", "kg g mg ug t ton lb oz dram")
_kind("speed", "mph km/h knot m/s")
_kind("data", "B kB MB GB TB PB bit Mbit Gbit Mbit/s Gbit/s Tbit/s")
_kind("energy", "kWh MWh GWh TWh J kJ MJ kcal Btu")
_kind("power", "W kW MW GW hp")
_kind("torque", "N*m lbf*ft")
_kind("area", "km**2 m**2 mi**2 ft**2 acre hectare")
_kind("volume", "L mL gallon m**3 ft**3 oil_barrel tablespoon teaspoon cup")
_kind("temperature", "degC degF K")
_kind("frequency", "rpm Hz kHz MHz GHz")
_kind("pressure", "psi")
_kind("charge", "mA*h A*h")
_kind("angle", "degree radian turn")
_kind("duration", "s min h day week month year decade century")

# Written forms after a number -> code. Matched case-insensitively, longest first.
WORDS: dict[str, str] = {}


def _words(code: str, forms: str) -> None:
    for form in forms.split("|"):
        WORDS[form] = code


_words("km", "km|kms|kilometre|kilometres|kilometer|kilometers|-kilometre|-kilometer")
_words("m", "metre|metres|meter|meters")
_words("cm", "cm|centimetre|centimetres|centimeter|centimeters")
_words("mm", "mm|millimetre|millimetres|millimeter|millimeters")
_words("dm", "decimetre|decimetres|decimeter|decimeters")
_words("pm", "picometre|picometres|picometer|picometers")
_words("mi", "mile|miles")
_words("nmi", "nautical mile|nautical miles")
_words("ft", "ft|foot|feet")
_words("inch", "inch|inches")
_words("yd", "yard|yards|yd|yds")
_words("light_year", "light-year|light-years|light year|light years")
_words("kg", "kg|kgs|kilogram|kilograms|kilogramme|kilogrammes|kilo|kilos")
_words("g", "gram|grams|gramme|grammes")
_words("mg", "mg|milligram|milligrams")
_words("ug", "µg|mcg|microgram|micrograms")
_words("t", "tonne|tonnes|metric ton|metric tons|metric tonne|metric tonnes")
_words("ton", "ton|tons")
_words("lb", "lb|lbs|pound|pounds")
_words("oz", "oz|ounce|ounces")
_words("dram", "dram|drams")
_words("mph", "mph|miles per hour|miles an hour|mile per hour")
_words("km/h", "km/h|kph|kmh|km per hour|kilometres per hour|kilometers per hour|kilometres an hour|"
                "kilometers an hour|kilometer per hour|kilometre per hour")
_words("knot", "knot|knots")
_words("m/s", "m/s|metres per second|meters per second")
_words("B", "byte|bytes")
_words("kB", "kb|kilobyte|kilobytes")
_words("MB", "mb|megabyte|megabytes")
_words("GB", "gb|gigabyte|gigabytes")
_words("TB", "tb|terabyte|terabytes")
_words("PB", "pb|petabyte|petabytes")
_words("bit", "bit|bits")
_words("Mbit", "megabit|megabits")
_words("Gbit", "gigabit|gigabits")
_words("Mbit/s", "mbps|mbit/s|mb/s|megabits per second")
_words("Gbit/s", "gbps|gbit/s|gigabits per second")
_words("Tbit/s", "tbps|tbit/s|terabits per second")
_words("mA*h", "mah|milliamp-hours|milliampere-hours|milliamp hours")
_words("kWh", "kwh|kilowatt-hour|kilowatt-hours|kilowatt hour|kilowatt hours")
_words("MWh", "mwh|megawatt-hour|megawatt-hours|megawatt hours")
_words("GWh", "gwh|gigawatt-hour|gigawatt-hours|gigawatt hours")
_words("TWh", "twh|terawatt-hour|terawatt-hours|terawatt hours")
_words("J", "joule|joules")
_words("kJ", "kj|kilojoule|kilojoules")
_words("MJ", "mj|megajoule|megajoules")
_words("kcal", "kcal|calorie|calories|kilocalorie|kilocalories")
_words("Btu", "btu|btus")
_words("W", "watt|watts")
_words("kW", "kw|kilowatt|kilowatts")
_words("MW", "mw|megawatt|megawatts")
_words("GW", "gw|gigawatt|gigawatts")
_words("hp", "hp|bhp|horsepower|horse power|brake horsepower")
_words("N*m", "nm|n·m|n-m|newton-metre|newton-metres|newton-meter|newton-meters|newton metres|newton meters")
_words("lbf*ft", "lb-ft|lb ft|lb.-ft.|pound-feet|pound-foot|pound feet|foot-pounds|foot-pound|ft-lb|ft-lbs")
_words("km**2", "km2|km²|sq km|square kilometre|square kilometres|square kilometer|square kilometers")
_words("m**2", "m2|m²|sq m|square metre|square metres|square meter|square meters")
_words("mi**2", "sq mi|square mile|square miles")
_words("ft**2", "sq ft|sqft|square foot|square feet")
_words("acre", "acre|acres")
_words("hectare", "ha|hectare|hectares")
_words("L", "litre|litres|liter|liters")
_words("mL", "ml|millilitre|millilitres|milliliter|milliliters")
_words("gallon", "gallon|gallons|gal")
_words("m**3", "m3|m³|cubic metre|cubic metres|cubic meter|cubic meters")
_words("ft**3", "cubic foot|cubic feet|cu ft")
_words("oil_barrel", "barrel|barrels|bbl")
_words("tablespoon", "tablespoon|tablespoons|tbsp")
_words("teaspoon", "teaspoon|teaspoons|tsp")
_words("cup", "cup|cups")
_words("degC", "°c|℃|degrees celsius|degree celsius|celsius|deg celsius|degrees centigrade|centigrade|c degrees|"
                "degrees c|deg c|celcius|degrees celcius|centigrate")
_words("degF", "°f|℉|degrees fahrenheit|degree fahrenheit|fahrenheit|deg fahrenheit|f degrees|degrees f|deg f|farenheit|"
                "degrees farenheit")
_words("K", "kelvin|kelvins")
_words("rpm", "rpm|revolutions per minute|r.p.m.")
_words("Hz", "hz|hertz")
_words("kHz", "khz|kilohertz")
_words("MHz", "mhz|megahertz")
_words("GHz", "ghz|gigahertz")
_words("psi", "psi")
_words("degree", "degree|degrees|°|deg|deg.")
_words("radian", "radian|radians")
_words("turn", "turn|turns")
_words("s", "second|seconds|secs")
_words("min", "minute|minutes|mins")
_words("h", "hour|hours|hrs")
_words("day", "day|days")
_words("week", "week|weeks")
_words("month", "month|months")
_words("year", "year|years|yr|yrs")
_words("decade", "decade|decades")
_words("century", "century|centuries")

# Short forms that are written glued to the number and are case-sensitive ("5G" is a network, "5g" grams;
# "4K" a screen; "2m" metres only when no money is around, see scan.py).
SYMBOLS: dict[str, str] = {"g": "g", "t": "t", "m": "m", "L": "L", "l": "L", "W": "W", "J": "J", "h": "h",
                           "s": "s", "K": "K", "°": "degree", "GB": "GB", "MB": "MB", "TB": "TB", "KB": "kB",
                           "kB": "kB", "PB": "PB", "Gb": "Gbit", "Mb": "Mbit", "C": "degC", "F": "degF"}

# Money: ISO 4217 codes and the ways news writes them.
CURRENCY_SIGNS = {"us$": "USD", "us $": "USD", "u.s. $": "USD", "usd$": "USD", "a$": "AUD", "au$": "AUD",
                  "c$": "CAD", "ca$": "CAD", "can$": "CAD", "nz$": "NZD", "hk$": "HKD", "s$": "SGD", "r$": "BRL",
                  "nt$": "TWD", "mx$": "MXN", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR",
                  "rs": "INR", "rs.": "INR", "₩": "KRW", "₽": "RUB", "₺": "TRY", "₦": "NGN", "₪": "ILS",
                  "₱": "PHP", "fr.": "CHF", "r": "ZAR"}
CURRENCY_WORDS = {
    "us dollar": "USD", "us dollars": "USD", "u.s. dollars": "USD", "united states dollars": "USD",
    "american dollars": "USD", "dollar": "USD", "dollars": "USD", "bucks": "USD",
    "australian dollar": "AUD", "australian dollars": "AUD", "canadian dollar": "CAD", "canadian dollars": "CAD",
    "new zealand dollars": "NZD", "new zealand dollar": "NZD", "hong kong dollars": "HKD", "hong kong dollar": "HKD",
    "singapore dollars": "SGD", "taiwan dollars": "TWD", "taiwanese dollars": "TWD",
    "euro": "EUR", "euros": "EUR", "pounds sterling": "GBP", "sterling": "GBP", "british pounds": "GBP",
    "british pound": "GBP", "yen": "JPY", "japanese yen": "JPY", "yuan": "CNY", "chinese yuan": "CNY",
    "renminbi": "CNY", "rupee": "INR", "rupees": "INR", "indian rupees": "INR", "sri lankan rupees": "LKR",
    "sri lankan rupee": "LKR", "pakistani rupees": "PKR", "mexican pesos": "MXN", "mexican peso": "MXN",
    "pesos": "MXN", "swiss francs": "CHF", "swiss franc": "CHF", "francs": "CHF", "turkish lira": "TRY",
    "lira": "TRY", "rubles": "RUB", "roubles": "RUB", "ruble": "RUB", "rouble": "RUB", "rand": "ZAR",
    "reais": "BRL", "kronor": "SEK", "swedish kronor": "SEK", "norwegian kroner": "NOK", "danish kroner": "DKK",
    "zloty": "PLN", "zlotys": "PLN", "forint": "HUF", "shekels": "ILS", "shekel": "ILS", "naira": "NGN",
    "rupiah": "IDR", "ringgit": "MYR", "baht": "THB", "dirhams": "AED", "dirham": "AED", "riyals": "SAR",
    "won": "KRW", "korean won": "KRW", "dinars": "RSD", "serbian dinars": "RSD", "lari": "GEL",
    "georgian lari": "GEL", "kip": "LAK", "lao kip": "LAK", "colones": "CRC", "colón": "CRC",
    "costa rican colón": "CRC", "bitcoin": "BTC", "bitcoins": "BTC", "rmb": "CNY", "kuai": "CNY",
    "dutch guilders": "NLG", "guilders": "NLG", "netherlands guilders": "NLG", "finnish markka": "FIM",
    "markka": "FIM", "markkaa": "FIM", "pesetas": "ESP", "peseta": "ESP",
}
# Minor units: the figure is converted to the major unit (19 cents = 0.19 USD).
MINOR = {"cent": "USD", "cents": "USD", "pence": "GBP", "penny": "GBP", "p": "GBP", "euro cents": "EUR",
         "satoshi": "BTC", "sen": "JPY"}
MINOR_DIVISOR = {"satoshi": 1e8}
# Written forms after "per"/"a" that make a price a rate ("$58.24 per barrel", "$2 a share").
# ("£4bn a year" is an annual amount, not a price per year: periods are not rates here.)
RATE_NOUNS = frozenset("barrel share ounce tonne ton gallon litre liter hour night person head unit kilowatt-hour "
                       "kwh mile kilometre kilometer seat ticket kilo kilogram pound".split())


@lru_cache(maxsize=1)
def iso_currencies() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies) | {"BTC"}


def kind_of(unit: str) -> str:
    """count, money, percent, percentage_point, fraction, or a physical kind (length, duration, ...)."""
    if unit in ("count", "percent", "percentage_point", "fraction", "point"):
        return unit
    base = unit.split("/")[0]
    if base.isupper() and len(base) == 3:
        return "money"
    return KINDS.get(unit, "count")


@lru_cache(maxsize=1)
def registry():
    """The pint unit registry (2.5 s of CPU to build: used to write `unit_factors.py`, not at run time)."""
    import pint

    return pint.UnitRegistry()


def pint_factor(unit: str, to: str) -> float | None:
    """How many `to` one `unit` is, as pint converts it; None when they do not convert."""
    if unit == to:
        return 1.0
    if unit not in KINDS or to not in KINDS or KINDS[unit] != KINDS[to] or KINDS[unit] == "temperature":
        return None
    try:
        value = float(registry().Quantity(1.0, unit).to(to).magnitude)
    except Exception:  # pint raises its own error types for incompatible units
        return None
    return value if math.isfinite(value) else None


def pint_factors() -> dict[tuple[str, str], float]:
    """Every conversion between two codes of one kind, from pint: what `unit_factors.py` holds."""
    by_kind: dict[str, list[str]] = {}
    for code, kind in KINDS.items():
        by_kind.setdefault(kind, []).append(code)
    table = {}
    for codes in by_kind.values():
        for unit in codes:
            for to in codes:
                value = pint_factor(unit, to)
                if unit != to and value is not None:
                    table[(unit, to)] = value
    return dict(sorted(table.items()))


def factor(unit: str, to: str) -> float | None:
    """How many `to` one `unit` is (km -> m: 1000), None when they do not convert.

    Read from `unit_factors.py`, pint's conversions written out once (`python -m
    newsfuse.facts.units` rewrites it; a test fails when it differs from pint)."""
    if unit == to:
        return 1.0
    from newsfuse.facts.unit_factors import FACTORS

    return FACTORS.get((unit, to))


def write_factors(path: str) -> None:
    lines = ['"""pint\'s conversions between the unit codes of `newsfuse.facts.units.KINDS`, written by',
             '`python -m newsfuse.facts.units` (building pint\'s registry costs 2.5 s of CPU a run)."""', "",
             "FACTORS: dict[tuple[str, str], float] = {"]
    lines += [f"    ({unit!r}, {to!r}): {value!r}," for (unit, to), value in pint_factors().items()]
    lines += ["}", ""]
    with open(path, "w", encoding="utf-8") as out:
        out.write("\n".join(lines))


_SPACE = re.compile(r"\s+")


def normal_form(text: str) -> str:
    return _SPACE.sub(" ", text.strip().lower())


if __name__ == "__main__":
    import pathlib

    write_factors(str(pathlib.Path(__file__).with_name("unit_factors.py")))
