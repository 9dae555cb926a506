"""The offline gazetteer: packaged places, the curated supplement, and the user's own file."""

from __future__ import annotations

import json

import pytest

from newsfuse.entities import Gazetteer
from newsfuse.errors import ConfigError


def test_lookup_ignores_case_and_diacritics(gazetteer):
    for spelling in ("Zvečan", "Zvecan", "Zveçan", "ZVECAN"):
        place = gazetteer.lookup(spelling)
        assert place is not None and place.country == "XK"
    assert gazetteer.lookup("Banjské").name == "Banjska"  # from the curated supplement


def test_countries_have_positions_and_kosovo_its_code(gazetteer):
    kosovo = gazetteer.lookup("Kosovo")
    assert kosovo.kind == "country" and kosovo.country == "XK"
    assert gazetteer.lookup("U.S.").country == "US"
    assert gazetteer.lookup("Britain").country == "GB"


def test_unknown_names_are_not_places(gazetteer):
    assert gazetteer.lookup("Stoltenberg") is None
    assert gazetteer.lookup("") is None


def test_a_user_csv_gives_coordinates_to_a_place_the_package_lacks(tmp_path, gazetteer):
    assert gazetteer.lookup("Vrhovac Donji") is None
    user = tmp_path / "places.csv"
    user.write_text("name,lat,lon,country,alternate_names\nVrhovac Donji,43.01,20.75,XK,Donji Vrhovac;Vrhovci\n",
                    encoding="utf-8")
    place = Gazetteer.load(user).lookup("Donji Vrhovac")
    assert (place.name, place.lat, place.lon, place.country) == ("Vrhovac Donji", 43.01, 20.75, "XK")


def test_a_user_json_file_works_too(tmp_path):
    user = tmp_path / "places.json"
    user.write_text(json.dumps({"Vrhovac Donji": {"lat": 43.01, "lon": 20.75, "country": "xk"}}), encoding="utf-8")
    assert Gazetteer.load(user).lookup("vrhovac donji").country == "XK"


@pytest.mark.parametrize("name, content", [
    ("bad.csv", "name,lat,lon,country\nVrhovac Donji,north,20.75,XK\n"),
    ("bad.csv", "name,lat,lon,country\nVrhovac Donji,43.01,20.75,Kosovo\n"),
    ("bad.csv", "name,lat,lon,country\n,43.01,20.75,XK\n"),
    ("bad.json", "{not json"),
    ("bad.json", "[1, 2]"),
])
def test_a_malformed_user_file_is_a_config_error_naming_it(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=name):
        Gazetteer.load(path)


def test_a_missing_user_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="nowhere.csv"):
        Gazetteer.load(tmp_path / "nowhere.csv")
