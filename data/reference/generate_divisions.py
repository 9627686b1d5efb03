"""Write data/reference/divisions.csv: China's provinces, prefectures and counties (GB/T 2260).

Source
    ``cpca/resources/adcodes.csv`` inside the wheel of the PyPI package cpca 0.5.5
    (https://github.com/DQinYuan/chinese_province_city_area_mapper, MIT licence, copyright 2018
    QinYuan Du: ``cpca-0.5.5.dist-info/LICENSE`` in the wheel). Its rows are 12-digit codes of
    the National Bureau of Statistics (统计用区划代码, whose first six digits are the GB/T 2260
    code) with names, taken by cpca from Vonng/adcode (cpca's sync.py). Neither the wheel's
    README nor cpca's GitHub README says which edition. The contents look like the 2016 one
    (as of mid-2016): 哈密市 (2016-02) and 崇明区 (2016-07) are there, while 郫县, 户县, 赣县,
    临安市, 平泉县, 盘县, 怀仁县, 彬县, 滦县, 那曲地区, 莱芜市, 下城区 and 江干区 are still
    there under their old names or at all (changed between late 2016 and 2021). So the register
    lacks every change since: regenerate from a newer source when one is vetted. The ``source``
    column says "edition not stated".

Fetch it (no need to install cpca, which pulls pandas and jieba; this script reads the zip)::

    pip download cpca==0.5.5 --no-deps -d /tmp/cpca

Why a generator: the register is 3,000 rows of codes, parents and romanised names that no one
should type; this script derives them from one pinned file (its sha256 is checked below) so the
CSV can be regenerated and reviewed as a diff. The CSV is committed: building the graph needs
neither the wheel nor pypinyin.

Romanisation: pypinyin 0.55.0 (the latest on PyPI when this was written), installed into the
project's venv by hand for generating (``.venv/bin/pip install pypinyin==0.55.0``); it is not a
dependency of the project. The script refuses another version, whose readings may differ.
Readings pypinyin gets wrong for place names are corrected in ``_CHAR_READINGS`` and
``_READINGS`` (found by listing every stem with a character of several readings).

Run::

    .venv/bin/python data/reference/generate_divisions.py /tmp/cpca/cpca-0.5.5-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import sys
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from fengong.reference.divisions import COLUMNS, COUNTRY, split_name

WHEEL_NAME = "cpca-0.5.5-py3-none-any.whl"
WHEEL_SHA256 = "1635b589506b3e28424032bce61d2488e1f6fac1034a736014e70e043f824fe6"
MEMBER = "cpca/resources/adcodes.csv"
PYPINYIN_VERSION = "0.55.0"
SOURCE = "cpca 0.5.5 adcodes.csv (NBS codes, edition not stated)"
HERE = Path(__file__).resolve().parent

# Rows that are groupings in the NBS table, not places: 市辖区 (a city's districts taken
# together), 县 (Chongqing's counties), 省直辖县级行政区划 (a province's directly governed
# county-level cities). Their children are placed within the province (or city) above.
_GROUPINGS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

# Province-level divisions: (name, slug, English name, English short name). By hand: 陕西 and 山西
# are both "shanxi" in pinyin, and the autonomous and special administrative regions have
# established English names.
_PROVINCES: dict[str, tuple[str, str, str, str]] = {
    "110000": ("北京市", "beijing", "Beijing Municipality", "Beijing"),
    "120000": ("天津市", "tianjin", "Tianjin Municipality", "Tianjin"),
    "130000": ("河北省", "hebei", "Hebei Province", "Hebei"),
    "140000": ("山西省", "shanxi", "Shanxi Province", "Shanxi"),
    "150000": ("内蒙古自治区", "neimenggu", "Inner Mongolia Autonomous Region", "Inner Mongolia"),
    "210000": ("辽宁省", "liaoning", "Liaoning Province", "Liaoning"),
    "220000": ("吉林省", "jilin", "Jilin Province", "Jilin"),
    "230000": ("黑龙江省", "heilongjiang", "Heilongjiang Province", "Heilongjiang"),
    "310000": ("上海市", "shanghai", "Shanghai Municipality", "Shanghai"),
    "320000": ("江苏省", "jiangsu", "Jiangsu Province", "Jiangsu"),
    "330000": ("浙江省", "zhejiang", "Zhejiang Province", "Zhejiang"),
    "340000": ("安徽省", "anhui", "Anhui Province", "Anhui"),
    "350000": ("福建省", "fujian", "Fujian Province", "Fujian"),
    "360000": ("江西省", "jiangxi", "Jiangxi Province", "Jiangxi"),
    "370000": ("山东省", "shandong", "Shandong Province", "Shandong"),
    "410000": ("河南省", "henan", "Henan Province", "Henan"),
    "420000": ("湖北省", "hubei", "Hubei Province", "Hubei"),
    "430000": ("湖南省", "hunan", "Hunan Province", "Hunan"),
    "440000": ("广东省", "guangdong", "Guangdong Province", "Guangdong"),
    "450000": ("广西壮族自治区", "guangxi", "Guangxi Zhuang Autonomous Region", "Guangxi"),
    "460000": ("海南省", "hainan", "Hainan Province", "Hainan"),
    "500000": ("重庆市", "chongqing", "Chongqing Municipality", "Chongqing"),
    "510000": ("四川省", "sichuan", "Sichuan Province", "Sichuan"),
    "520000": ("贵州省", "guizhou", "Guizhou Province", "Guizhou"),
    "530000": ("云南省", "yunnan", "Yunnan Province", "Yunnan"),
    "540000": ("西藏自治区", "xizang", "Xizang Autonomous Region", "Xizang"),
    "610000": ("陕西省", "shaanxi", "Shaanxi Province", "Shaanxi"),
    "620000": ("甘肃省", "gansu", "Gansu Province", "Gansu"),
    "630000": ("青海省", "qinghai", "Qinghai Province", "Qinghai"),
    "640000": ("宁夏回族自治区", "ningxia", "Ningxia Hui Autonomous Region", "Ningxia"),
    "650000": ("新疆维吾尔自治区", "xinjiang", "Xinjiang Uygur Autonomous Region", "Xinjiang"),
    "710000": ("台湾省", "taiwan", "Taiwan Province", "Taiwan"),
    "810000": (
        "香港特别行政区",
        "xianggang",
        "Hong Kong Special Administrative Region",
        "Hong Kong",
    ),
    "820000": ("澳门特别行政区", "aomen", "Macao Special Administrative Region", "Macao"),
}

# English names of the nationalities autonomous areas are named after (as the State Ethnic
# Affairs Commission writes them).
_ETHNIC_EN = {
    "蒙古": "Mongol", "回": "Hui", "藏": "Tibetan", "维吾尔": "Uygur", "苗": "Miao", "彝": "Yi",
    "壮": "Zhuang", "布依": "Bouyei", "朝鲜": "Korean", "满": "Manchu", "侗": "Dong",
    "瑶": "Yao", "白": "Bai", "土家": "Tujia", "哈尼": "Hani", "哈萨克": "Kazak", "傣": "Dai",
    "黎": "Li", "傈僳": "Lisu", "佤": "Va", "畲": "She", "高山": "Gaoshan", "拉祜": "Lahu",
    "水": "Shui", "东乡": "Dongxiang", "纳西": "Naxi", "景颇": "Jingpo", "柯尔克孜": "Kirgiz",
    "土": "Tu", "达斡尔": "Daur", "仫佬": "Mulao", "羌": "Qiang", "布朗": "Blang",
    "撒拉": "Salar", "毛南": "Maonan", "仡佬": "Gelao", "锡伯": "Xibe", "阿昌": "Achang",
    "普米": "Pumi", "塔吉克": "Tajik", "怒": "Nu", "乌孜别克": "Uzbek", "俄罗斯": "Russian",
    "鄂温克": "Ewenki", "德昂": "Deang", "保安": "Bonan", "裕固": "Yugur", "京": "Gin",
    "塔塔尔": "Tatar", "独龙": "Derung", "鄂伦春": "Oroqen", "赫哲": "Hezhen", "门巴": "Monba",
    "珞巴": "Lhoba", "基诺": "Jino", "各": "Various Nationalities",
}  # fmt: skip

# The generic term in English, and in pinyin where it tells two siblings apart.
_GENERIC: dict[str, tuple[str, str]] = {
    "省": ("Province", "sheng"),
    "市": ("City", "shi"),
    "区": ("District", "qu"),
    "县": ("County", "xian"),
    "旗": ("Banner", "qi"),
    "盟": ("League", "meng"),
    "地区": ("Prefecture", "diqu"),
    "新区": ("New Area", "xinqu"),
    "林区": ("Forestry District", "linqu"),
    "矿区": ("Mining District", "kuangqu"),
    "特区": ("Special District", "tequ"),
    "群岛": ("Islands", "qundao"),
    "自治州": ("Autonomous Prefecture", "zizhizhou"),
    "自治县": ("Autonomous County", "zizhixian"),
    "自治旗": ("Autonomous Banner", "zizhiqi"),
    "": ("", ""),
}

# Readings pypinyin 0.55.0 gets wrong in place names. Characters read one way in every name
# here (长治, 朝阳, 成都, 克什克腾, 锡林郭勒; pypinyin: zhang, zhao, dou, shen, lei) …
_CHAR_READINGS = {"长": "chang", "朝": "chao", "都": "du", "什": "shi", "勒": "le"}
# … and whole stems (space-separated syllables), checked against the names' usual romanisation.
_READINGS: dict[str, str] = {
    "泊头": "bo tou",
    "繁峙": "fan shi",
    "洪洞": "hong tong",
    "珲春": "hun chun",
    "闵行": "min hang",
    "蚌山": "beng shan",
    "涡阳": "guo yang",
    "单县": "shan xian",
    "浚县": "xun xian",
    "召陵": "shao ling",
    "覃塘": "qin tang",
    "筠连": "jun lian",
    "荥经": "ying jing",
    "龙圩": "long xu",
    "伽师": "jia shi",
    "佛冈": "fo gang",
    "佛坪": "fo ping",
    "漯河": "luo he",
    "南乐": "nan le",
    "六合": "lu he",
    "万柏林": "wan bai lin",
}

# Names the suffix rules cannot cut: the stem and the English name itself.
_SPECIAL: dict[str, tuple[str, str]] = {
    "460323": ("中沙", "Zhongsha Islands and Their Waters"),  # 中沙群岛的岛礁及其海域
}


@dataclass(frozen=True)
class Row:
    code: str
    id: str
    level: str
    label_zh: str
    label_en: str
    within: str


def read_wheel(wheel: Path) -> list[tuple[str, str]]:
    """(six-digit code, name) from the wheel's adcodes.csv, after checking the wheel's digest."""
    data = wheel.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{wheel}: sha256 {digest}, expected {WHEEL_SHA256} ({WHEEL_NAME})")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = archive.read(MEMBER).decode("utf-8")
    rows: list[tuple[str, str]] = []
    for record in csv.DictReader(io.StringIO(text)):
        code12, name = record["adcode"], record["name"].strip()
        if not re.fullmatch(r"\d{6}0{6}", code12):
            raise SystemExit(f"{MEMBER}: unexpected code {code12!r}")
        rows.append((code12[:6], name))
    codes = [code for code, _ in rows]
    if len(set(codes)) != len(codes):
        raise SystemExit(f"{MEMBER}: a code repeats")
    return rows


def hand_ids(jurisdictions: Path) -> dict[str, str]:
    """code → id for the rows of the hand registry with a six-digit code (those ids win)."""
    with jurisdictions.open(encoding="utf-8", newline="") as handle:
        return {
            row["code"]: row["id"]
            for row in csv.DictReader(handle)
            if re.fullmatch(r"\d{6}", row["code"])
        }


def _syllables(stem: str) -> list[str]:
    if stem in _READINGS:
        return _READINGS[stem].split()
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(stem, style=Style.NORMAL, v_to_u=True, errors="exception")
    syllables = [_CHAR_READINGS.get(c, s) for c, s in zip(stem, syllables, strict=True)]
    if not all(re.fullmatch(r"[a-zü]+", s) for s in syllables):
        raise SystemExit(f"{stem}: no pinyin for {syllables}")
    return syllables


def slug(stem: str) -> str:
    """ascii pinyin without tones: 鞍山 → anshan, 吕梁 → lvliang."""
    return "".join(_syllables(stem)).replace("ü", "v")


def pinyin_name(stem: str) -> str:
    """Pinyin capitalised without tones, with the apostrophe before a, o, e: 西安 → Xi'an."""
    syllables = _syllables(stem)
    text = syllables[0] + "".join(("'" + s) if s[0] in "aoe" else s for s in syllables[1:])
    return text[0].upper() + text[1:]


def _ethnic_en(ethnic: tuple[str, ...]) -> str:
    names = [_ETHNIC_EN[e] for e in ethnic]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _name_en(code: str, label: str) -> tuple[str, str]:
    """(English proper name with its generic term, English short name): Anshan City, Anshan."""
    if code in _SPECIAL:
        stem, english = _SPECIAL[code]
        return english, pinyin_name(stem)
    parts = split_name(label)
    short = pinyin_name(parts.stem)
    generic = _GENERIC[parts.suffix][0]
    if parts.ethnic and parts.ethnic != (parts.stem,):
        generic = f"{_ethnic_en(parts.ethnic)} {generic}"
    return (f"{short} {generic}" if generic else short), short


def _stem(code: str, label: str) -> str:
    return _SPECIAL[code][0] if code in _SPECIAL else split_name(label).stem


def build(source: list[tuple[str, str]], hand: dict[str, str]) -> tuple[list[Row], list[str]]:
    """The register's rows by code (levels and parents from the codes, ids, English names),
    and the sibling slug clashes that were settled by the generic term."""
    names = {code: name for code, name in source if name not in _GROUPINGS}
    provinces = sorted(c for c in names if c.endswith("0000"))
    if set(provinces) != set(_PROVINCES):
        raise SystemExit(
            f"provinces differ from the table: {sorted(set(provinces) ^ set(_PROVINCES))}"
        )
    parent: dict[str, str] = {}
    level: dict[str, str] = {}
    for code in names:
        if code.endswith("0000"):
            level[code], parent[code] = "province", ""
        elif code.endswith("00"):
            level[code], parent[code] = "prefecture", code[:2] + "0000"
        else:
            city = code[:4] + "00"
            level[code], parent[code] = "county", city if city in names else code[:2] + "0000"
        if parent[code] and parent[code] not in names:
            raise SystemExit(f"{code} {names[code]}: no division {parent[code]} above it")

    children: dict[str, list[str]] = defaultdict(list)
    for code in sorted(names):
        children[parent[code]].append(code)
    ids: dict[str, str] = {}
    english_short: dict[str, str] = {}
    english: dict[str, str] = {}
    collisions: list[str] = []

    def place(code: str, prefix: str) -> None:
        """Give ``code``'s children their ids (prefix-slug), resolving clashes by suffix."""
        kids = children.get(code, [])
        slugs = {k: slug(_stem(k, names[k])) for k in kids}
        if code == "":
            slugs = {k: _PROVINCES[k][1] for k in kids}
        by_slug: dict[str, list[str]] = defaultdict(list)
        for k in kids:
            by_slug[slugs[k]].append(k)
        for same in by_slug.values():
            if len(same) > 1:
                for k in same:
                    suffix = split_name(names[k]).suffix
                    if split_name(names[k]).stem != names[k] and _GENERIC[suffix][1]:
                        slugs[k] += "-" + _GENERIC[suffix][1]
                collisions.append(" / ".join(f"{k} {names[k]} → {slugs[k]}" for k in same))
        for k in kids:
            ids[k] = hand.get(k, f"{prefix}-{slugs[k]}" if prefix else slugs[k])
            place(k, ids[k])

    place("", "")
    for code in sorted(names):
        if level[code] == "province":
            chinese, _, english[code], english_short[code] = _PROVINCES[code]
            if chinese != names[code]:
                raise SystemExit(f"{code}: {names[code]} in the source, {chinese} in the table")
            continue
        name, english_short[code] = _name_en(code, names[code])
        above = [parent[code]]
        if level[above[0]] == "prefecture":
            above.append(parent[above[0]])
        english[code] = ", ".join([name, *(english_short[a] for a in above)])

    rows = [
        Row(c, ids[c], level[c], names[c], english[c], ids[parent[c]] if parent[c] else COUNTRY)
        for c in sorted(names)
    ]
    seen: dict[str, str] = {}
    for row in rows:
        if row.id in seen:
            raise SystemExit(f"id {row.id} for {seen[row.id]} and {row.code}")
        seen[row.id] = row.code
    for code, id_ in hand.items():
        if code in names and ids[code] != id_:
            raise SystemExit(f"{code}: hand id {id_} lost")
    return rows, collisions


def render(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow([r.code, r.id, r.level, r.label_zh, r.label_en, r.within, SOURCE])
    return out.getvalue()


def generate(
    wheel: Path, jurisdictions: Path = HERE / "jurisdictions.csv"
) -> tuple[str, list[str]]:
    """The text of divisions.csv from the wheel (and the hand registry's ids), and the clashes."""
    import pypinyin

    if pypinyin.__version__ != PYPINYIN_VERSION:
        raise SystemExit(
            f"pypinyin {pypinyin.__version__} installed; the register was generated with "
            f"{PYPINYIN_VERSION}: pip install pypinyin=={PYPINYIN_VERSION}"
        )
    rows, collisions = build(read_wheel(wheel), hand_ids(jurisdictions))
    return render(rows), collisions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, nargs="?", default=Path("/tmp/cpca") / WHEEL_NAME)
    parser.add_argument("--out", type=Path, default=HERE / "divisions.csv")
    parser.add_argument("--jurisdictions", type=Path, default=HERE / "jurisdictions.csv")
    args = parser.parse_args(argv)
    text, collisions = generate(args.wheel, args.jurisdictions)
    args.out.write_text(text, encoding="utf-8")
    for line in collisions:
        print("siblings share a slug:", line, file=sys.stderr)
    print(f"{args.out}: {text.count(chr(10)) - 1} divisions", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
