"""The national register of divisions (data/reference/divisions.csv) and the place finder.

Each check has its negative beside it: a wrong parent, a name that must not be found, a shared
name that must stay ambiguous.
"""

from __future__ import annotations

import csv
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from fengong.errors import ReferenceDataError
from fengong.reference.divisions import (
    COLUMNS,
    DIVISIONS_CSV,
    Division,
    Divisions,
    load_divisions,
    split_name,
)

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "data" / "reference" / "generate_divisions.py"
JURISDICTIONS = ROOT / "data" / "reference" / "jurisdictions.csv"
WHEEL = Path(os.environ.get("CPCA_WHEEL", "/tmp/cpca/cpca-0.5.5-py3-none-any.whl"))


@pytest.fixture(scope="module")
def divisions() -> Divisions:
    return load_divisions(DIVISIONS_CSV)


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with DIVISIONS_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def code(divisions: Divisions, code: str) -> Division:
    division = divisions.by_code(code)
    assert division is not None, code
    return division


# -- the register ---------------------------------------------------------------------------


def test_the_csv_loads_with_its_columns_and_all_three_levels(
    divisions: Divisions, rows: list[dict[str, str]]
) -> None:
    assert tuple(rows[0]) == COLUMNS
    assert len(divisions) == len(rows) > 3000
    levels = [r["level"] for r in rows]
    assert levels.count("province") == 34  # 31 + Taiwan, Hong Kong, Macao
    assert 300 < levels.count("prefecture") < 400
    assert levels.count("county") > 2800
    assert set(levels) == {"province", "prefecture", "county"}
    assert load_divisions(DIVISIONS_CSV) is divisions  # cached per path


def test_rows_are_sorted_and_codes_unique(rows: list[dict[str, str]]) -> None:
    codes = [r["code"] for r in rows]
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes)
    assert all(len(c) == 6 and c.isdigit() for c in codes)


def test_every_within_exists_and_provinces_lie_within_china(rows: list[dict[str, str]]) -> None:
    ids = {r["id"] for r in rows}
    for r in rows:
        if r["level"] == "province":
            assert r["within"] == "china", r
        else:
            assert r["within"] in ids, r
            assert r["within"] != "china", r


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        ("210304", "210300"),  # 立山区 in 鞍山市
        ("210300", "210000"),  # 鞍山市 in 辽宁省
        ("110105", "110000"),  # municipal district: straight in Beijing (no 市辖区 level)
        ("500229", "500000"),  # 城口县: in Chongqing (no 县 level)
        ("429004", "420000"),  # 仙桃市: directly governed by Hubei
        ("419001", "410000"),  # 济源市: directly governed by Henan
        ("420114", "420100"),  # 蔡甸区 in 武汉市
        ("222424", "222400"),  # 汪清县 in 延边朝鲜族自治州
    ],
)
def test_parents_follow_the_code_structure(divisions: Divisions, child: str, parent: str) -> None:
    assert divisions.parent(code(divisions, child)) == code(divisions, parent)


def test_a_wrong_parent_is_not_claimed(divisions: Divisions) -> None:
    assert divisions.parent(code(divisions, "210304")) != code(divisions, "210000")
    assert divisions.parent(code(divisions, "210000")) is None
    assert not divisions.contains(code(divisions, "110000"), code(divisions, "220104"))
    assert divisions.contains(code(divisions, "220000"), code(divisions, "220104"))


@pytest.mark.parametrize("grouping", ["110100", "310100", "500100", "500200", "429000", "419000"])
def test_groupings_of_the_nbs_table_are_not_places(divisions: Divisions, grouping: str) -> None:
    """市辖区, 县 and 省直辖县级行政区划 rows group counties; they are not divisions."""
    assert divisions.by_code(grouping) is None


def test_ids_are_unique_and_the_hand_registry_ids_are_kept(
    divisions: Divisions, rows: list[dict[str, str]]
) -> None:
    ids = [r["id"] for r in rows]
    assert len(set(ids)) == len(ids)
    assert code(divisions, "310000").id == "shanghai"
    assert code(divisions, "310107").id == "shanghai-putuo"
    assert code(divisions, "330903").id != "shanghai-putuo"  # the other 普陀区 (Zhoushan)
    with JURISDICTIONS.open(encoding="utf-8", newline="") as handle:
        hand = {r["code"]: r["id"] for r in csv.DictReader(handle) if len(r["code"]) == 6}
    assert hand  # the hand registry does give six-digit codes
    for c, id_ in hand.items():
        assert code(divisions, c).id == id_


def test_ids_and_english_names_read_well(divisions: Divisions) -> None:
    lishan = code(divisions, "210304")
    assert lishan.id == "liaoning-anshan-lishan"
    assert lishan.label_en == "Lishan District, Anshan, Liaoning"
    assert code(divisions, "210300").label_en == "Anshan City, Liaoning"
    assert code(divisions, "210000").label_en == "Liaoning Province"
    assert code(divisions, "650000").label_en == "Xinjiang Uygur Autonomous Region"
    assert code(divisions, "610000").id == "shaanxi"  # not shanxi: that is 山西
    assert code(divisions, "140000").id == "shanxi"
    assert code(divisions, "140400").id == "shanxi-changzhi"  # 长 read chang, not zhang
    assert code(divisions, "110105").id == "beijing-chaoyang"  # 朝 read chao, not zhao
    # siblings sharing a slug keep their suffix: 临夏市 and 临夏县
    assert code(divisions, "622901").id == "gansu-linxia-linxia-shi"
    assert code(divisions, "622921").id == "gansu-linxia-linxia-xian"


def test_paths_and_full_names(divisions: Divisions) -> None:
    lishan = code(divisions, "210304")
    assert [d.code for d in divisions.path(lishan)] == ["210000", "210300", "210304"]
    assert divisions.full_name(lishan) == "辽宁省鞍山市立山区"
    assert divisions.full_name(code(divisions, "110105")) == "北京市朝阳区"  # no 市辖区
    assert divisions.by_id("liaoning-anshan-lishan") == lishan
    assert divisions.by_id("anshan-lishan") is None


def test_names_strip_suffixes_but_keep_one_character_stems() -> None:
    assert split_name("鞍山市").stem == "鞍山"
    assert split_name("广西壮族自治区").stem == "广西"
    assert split_name("延边朝鲜族自治州").stem == "延边"
    assert split_name("城区").stem == "城区"  # 城 alone is no name
    assert split_name("郊区").stem == "郊区"
    assert split_name("矿区").stem == "矿区"
    assert split_name("井陉矿区").stem == "井陉"


# -- the loader rejects broken files --------------------------------------------------------


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join([",".join(COLUMNS), *lines]) + "\n", encoding="utf-8")
    return path


def test_the_loader_rejects_a_dangling_within(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.csv", ["210000,liaoning,province,辽宁省,L,china,s"])
    assert len(load_divisions(good)) == 1
    bad = _write(
        tmp_path / "bad.csv",
        [
            "210000,liaoning,province,辽宁省,L,china,s",
            "210300,liaoning-anshan,prefecture,鞍山市,A,jilin,s",
        ],
    )
    with pytest.raises(ReferenceDataError, match="within"):
        load_divisions(bad)


def test_the_loader_rejects_a_repeated_id_and_a_wrong_level(tmp_path: Path) -> None:
    twice = _write(
        tmp_path / "twice.csv",
        ["210000,liaoning,province,辽宁省,L,china,s", "220000,liaoning,province,吉林省,J,china,s"],
    )
    with pytest.raises(ReferenceDataError, match="repeats"):
        load_divisions(twice)
    level = _write(tmp_path / "level.csv", ["210300,anshan,province,鞍山市,A,china,s"])
    with pytest.raises(ReferenceDataError, match="level"):
        load_divisions(level)


# -- finding names --------------------------------------------------------------------------


def test_find_gives_every_name_with_its_position(divisions: Divisions) -> None:
    found = divisions.find("鞍山市立山区人民政府")
    assert [(f.word, f.start, f.end) for f in found] == [("鞍山市", 0, 3), ("立山区", 3, 6)]
    assert [[c.code for c in f.candidates] for f in found] == [["210300"], ["210304"]]
    assert divisions.find("人民政府办公厅") == []


def test_a_shared_name_is_narrowed_only_by_the_name_before_it(divisions: Divisions) -> None:
    (_, chaoyang) = divisions.find("北京市朝阳区")
    assert [c.code for c in chaoyang.candidates] == ["110105"]
    (alone,) = divisions.find("朝阳区")
    assert [c.code for c in alone.candidates] == ["110105", "220104"]


def test_short_names_need_a_government_word_or_a_division_beside_them(
    divisions: Divisions,
) -> None:
    assert [f.word for f in divisions.find("辽宁鞍山立山区")] == ["辽宁", "鞍山", "立山区"]
    assert [f.word for f in divisions.find("立山人民政府")] == ["立山"]
    assert [f.word for f in divisions.find("上海普陀")] == ["上海", "普陀"]
    assert divisions.find("鞍山钢铁") == []  # a short name alone, before an ordinary word
    assert divisions.find("立山") != []  # …unless it is the whole text (an issuer field)


def test_ordinary_words_are_not_places(divisions: Divisions) -> None:
    for text in (
        "维护和平，建设平安",  # 和平区, 平安区: short names that are words
        "推进城区、新区和社区建设",  # 城区 is a division's full name, 新区 and 社区 are not
        "发展沿海城市和县域经济",  # 海城市, 和县
        "提高县级统筹，形成县域特色",  # 高县, 成县
        "普安办〔2020〕18号",  # 普陀区安全生产委员会办公室, not 普安县
        "区规划资源局",  # not 资源县
        "区应急局会同区建管委",  # not 会同县
        "公安局",  # not 公安县
        "和平区域",  # 和平区 before 域
    ):
        assert divisions.find(text) == [], text
    # … while the same names are found where they do name places
    assert [f.word for f in divisions.find("天津市和平区")] == ["天津市", "和平区"]
    assert [f.word for f in divisions.find("和县人民政府")] == ["和县"]
    assert [f.word for f in divisions.find("攀枝花市东区")] == ["攀枝花市", "东区"]
    assert [f.word for f in divisions.find("延边州人民政府")] == ["延边州"]


# -- resolving a document's jurisdiction ----------------------------------------------------


def test_a_district_government(divisions: Divisions) -> None:
    r = divisions.resolve("鞍山市立山区人民政府")
    assert r is not None and r.division is not None
    assert r.division.code == "210304"
    assert r.division.code != "210300"  # the most specific, not the city
    assert [e.found.word for e in r.evidence] == ["鞍山市", "立山区"]
    assert "鞍山市" in r.reason and "210304" in r.reason


def test_a_city_government(divisions: Divisions) -> None:
    r = divisions.resolve("许昌市人民政府")
    assert r is not None and r.division is not None
    assert r.division.code == "411000"
    assert r.division.code != "411023"  # 许昌县, same short name


def test_a_shared_district_name_settled_by_the_city_before_it(divisions: Divisions) -> None:
    r = divisions.resolve("北京市朝阳区")
    assert r is not None and r.division is not None
    assert r.division.code == "110105"
    assert not r.ambiguous


def test_a_shared_district_name_alone_is_ambiguous(divisions: Divisions) -> None:
    r = divisions.resolve("朝阳区人民政府")
    assert r is not None
    assert r.ambiguous and r.division is None  # no guess
    assert len(r.candidates) >= 2
    assert {c.code for c in r.candidates} == {"110105", "220104"}
    assert "朝阳区" in r.reason


def test_a_higher_level_name_in_another_text_settles_it(divisions: Divisions) -> None:
    r = divisions.resolve("朝阳区人民政府", "长春市朝阳区关于加强安全生产的通知")
    assert r is not None and r.division is not None
    assert r.division.code == "220104"
    assert r.text == 0  # the issuer named it; the title settled it
    assert [(e.text, e.found.word) for e in r.evidence] == [(0, "朝阳区"), (1, "长春市")]
    # a title naming both cities settles nothing
    both = divisions.resolve("朝阳区人民政府", "北京市、长春市")
    assert both is not None and both.ambiguous


def test_a_province(divisions: Divisions) -> None:
    r = divisions.resolve("浙江省人民政府办公厅")
    assert r is not None and r.division is not None
    assert r.division.code == "330000"
    assert r.division.level == "province"


def test_the_state_council_names_no_division(divisions: Divisions) -> None:
    assert divisions.resolve("国务院办公厅") is None
    assert divisions.resolve("", None) is None
    assert divisions.resolve("国务院办公厅", "浙江省") is not None  # a later text can name one


def test_putuo(divisions: Divisions) -> None:
    alone = divisions.resolve("普陀区人民政府")
    assert alone is not None and alone.ambiguous
    assert {c.code for c in alone.candidates} == {"310107", "330903"}
    shanghai = divisions.resolve("上海市普陀区人民政府")
    assert shanghai is not None and shanghai.division is not None
    assert shanghai.division.id == "shanghai-putuo"
    zhoushan = divisions.resolve("普陀区人民政府", "舟山市")
    assert zhoushan is not None and zhoushan.division is not None
    assert zhoushan.division.id != "shanghai-putuo"


def test_a_unique_district_name_needs_no_city(divisions: Divisions) -> None:
    r = divisions.resolve("蔡甸区人民政府")
    assert r is not None and r.division is not None
    assert r.division.code == "420114"
    assert [d.label_zh for d in divisions.path(r.division)] == ["湖北省", "武汉市", "蔡甸区"]


def test_ordinary_area_words_resolve_to_nothing(divisions: Divisions) -> None:
    assert divisions.resolve("加强城区、新区和社区的安全管理") is None
    assert divisions.resolve("大同市城区人民政府") is not None  # 城区 after its city


def test_two_places_off_each_others_path_are_ambiguous(divisions: Divisions) -> None:
    r = divisions.resolve("江苏省、浙江省联合印发")
    assert r is not None and r.ambiguous
    assert {c.code for c in r.candidates} == {"320000", "330000"}
    gulou = divisions.resolve("江苏省鼓楼区")  # two 鼓楼区 in Jiangsu: not the province
    assert gulou is not None and gulou.ambiguous
    assert {c.code for c in gulou.candidates} == {"320106", "320302"}


# -- the generator --------------------------------------------------------------------------


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_divisions", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up while being made
    spec.loader.exec_module(module)
    return module


def _ready() -> ModuleType:
    if not WHEEL.is_file():
        pytest.skip(f"{WHEEL} not here (pip download cpca==0.5.5 --no-deps -d /tmp/cpca)")
    pypinyin = pytest.importorskip("pypinyin", reason="pypinyin is for generating only")
    generator = _generator()
    if pypinyin.__version__ != generator.PYPINYIN_VERSION:
        pytest.skip(
            f"pypinyin {pypinyin.__version__}, the register uses {generator.PYPINYIN_VERSION}"
        )
    return generator


def test_the_generator_is_deterministic_and_matches_the_committed_csv() -> None:
    generator = _ready()
    first, _ = generator.generate(WHEEL, JURISDICTIONS)
    second, _ = generator.generate(WHEEL, JURISDICTIONS)
    assert first.encode() == second.encode()
    assert first.encode() == DIVISIONS_CSV.read_bytes()


def test_the_generator_refuses_another_wheel(tmp_path: Path) -> None:
    generator = _generator()
    fake = tmp_path / "cpca-0.5.5-py3-none-any.whl"
    fake.write_bytes(b"not the wheel")
    with pytest.raises(SystemExit, match="sha256"):
        generator.read_wheel(fake)


def test_a_zone_s_committee_names_no_division(divisions: Divisions) -> None:
    # 东城区管委会 is a development zone's committee (许昌 has one); Beijing's 东城区 is not meant
    assert [f.word for f in divisions.find("各县（市、区）政府，东城区管委会")] == []
    assert [f.word for f in divisions.find("东城区人民政府")] == ["东城区"]


def test_a_name_the_text_puts_under_a_city_the_register_does_not_leaves_the_city(
    divisions: Divisions,
) -> None:
    resolution = divisions.resolve("许昌市东城区建设方案")
    assert resolution is not None and resolution.division is not None
    assert resolution.division.label_zh == "许昌市"
    # the negative: a district the register has under the city is the district
    resolution = divisions.resolve("北京市东城区人民政府")
    assert resolution is not None and resolution.division is not None
    assert resolution.division.code == "110101"
