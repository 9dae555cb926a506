"""Build the offline country outlines the story map draws (`data/countries-110m.json`).

Run once by a maintainer, never at view time. The shapes are Natural Earth's 1:110m admin-0
countries (public domain) as shipped inside the geopandas 0.14.4 wheel on PyPI
(`geopandas/datasets/naturalearth_lowres`); this script reads that shapefile with the standard
library and writes each country's rings rounded to 0.01°:

    pip download --no-deps geopandas==0.14.4 -d /tmp/gp
    python -m newsfuse.web.build_map /tmp/gp/geopandas-0.14.4-py3-none-any.whl
"""

from __future__ import annotations

import io
import json
import struct
import sys
import zipfile
from pathlib import Path

MEMBER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
OUT = Path(__file__).parent / "data" / "countries-110m.json"


def read_dbf(data: bytes) -> list[dict[str, str]]:
    records, header_len, record_len = struct.unpack("<xxxxIHH", data[:12])
    fields = []
    offset = 32
    while data[offset] != 0x0D:
        name = data[offset:offset + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[offset + 16]))
        offset += 32
    rows = []
    for i in range(records):
        start = header_len + i * record_len + 1  # skip the deletion flag
        row = {}
        for name, length in fields:
            row[name] = data[start:start + length].decode("utf-8", "replace").strip()
            start += length
        rows.append(row)
    return rows


def read_shp(data: bytes) -> list[list[list[tuple[float, float]]]]:
    shapes = []
    offset = 100
    while offset < len(data):
        _, length = struct.unpack(">ii", data[offset:offset + 8])
        content = data[offset + 8:offset + 8 + 2 * length]
        offset += 8 + 2 * length
        shape_type = struct.unpack("<i", content[:4])[0]
        if shape_type != 5:  # polygon
            shapes.append([])
            continue
        num_parts, num_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{num_parts}i", content[44:44 + 4 * num_parts]))
        base = 44 + 4 * num_parts
        points = [struct.unpack("<dd", content[base + 16 * k:base + 16 * k + 16]) for k in range(num_points)]
        bounds = [*parts, num_points]
        shapes.append([points[bounds[p]:bounds[p + 1]] for p in range(num_parts)])
    return shapes


def build(wheel: Path) -> dict:
    with zipfile.ZipFile(wheel) as archive:
        shp = archive.read(MEMBER + ".shp")
        dbf = archive.read(MEMBER + ".dbf")
    countries = []
    for row, rings in zip(read_dbf(dbf), read_shp(shp)):
        kept = []
        for ring in rings:
            rounded = []
            for lon, lat in ring:
                point = (round(lon, 2), round(lat, 2))
                if not rounded or rounded[-1] != point:
                    rounded.append(point)
            if len(rounded) >= 4:
                kept.append(rounded)
        if kept:
            countries.append({"name": row.get("name", ""), "iso_a3": row.get("iso_a3", ""), "rings": kept})
    return {
        "source": "Natural Earth 1:110m admin-0 countries (public domain), via geopandas 0.14.4 "
                  "datasets/naturalearth_lowres",
        "countries": countries,
    }


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        sys.exit(__doc__)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    body = build(Path(argv[0]))
    buffer = io.StringIO()
    json.dump(body, buffer, ensure_ascii=False, separators=(",", ":"))
    OUT.write_text(buffer.getvalue() + "\n", encoding="utf-8")
    print(f"wrote {len(body['countries'])} countries to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
