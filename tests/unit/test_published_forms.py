"""Forms met in published documents held out from the first collection (issue 15): each read
here from a short text in our own words, with the reading that must not happen beside it."""

from __future__ import annotations

import re

import pytest

from fengong.ingest.cells import strip_etc
from fengong.ingest.layout import parse_source
from fengong.ingest.reader import decode_source
from fengong.ingest.records import TableDocument
from fengong.reference import Registry


def _read(text: str) -> TableDocument:
    return parse_source(decode_source(text.encode("utf-8"), "x.txt"))


def _roles(table: TableDocument) -> list[tuple[str, str, str]]:
    """(task text's first four characters after its number, role, name) for every name."""
    return [
        (_NUMBER.sub("", t.text)[:4], role, m.text)
        for s in table.sections
        for ms in s.measures
        for t in ms.tasks
        for role, cell in (("lead", t.lead), ("support", t.support))
        if cell is not None
        for m in cell.mentions
    ]


_NUMBER = re.compile(r"^[\s(（)）⑴-⒇\d.、]+")
HEAD = "某某省人民政府关于印发重点工作分工方案的通知\n某政发〔2024〕3号\n"


def test_items_numbered_with_one_character_parentheses_are_items() -> None:
    table = _read(
        HEAD
        + """\
一、主要目标
（一）约束性指标。
1.资源指标。
⑴耕地保有量保持稳定。
责任单位：省自然资源厅。
⑵用水总量控制在目标内。
牵头单位：省水利厅。
责任单位：省水利厅、省农业农村厅。
"""
    )
    assert _roles(table) == [
        ("耕地保有", "lead", "省自然资源厅"),
        ("用水总量", "lead", "省水利厅"),
        ("用水总量", "support", "省水利厅"),
        ("用水总量", "support", "省农业农村厅"),
    ]


def test_unnumbered_measures_each_closing_with_roles_are_tasks_of_their_own() -> None:
    table = _read(
        HEAD
        + """\
一、目标任务
（一）约束性指标
耕地保有量保持稳定。（省自然资源厅牵头）
用水效率达到国家要求。（省水利厅、省发展改革委等部门按职责分工负责）
"""
    )
    assert _roles(table) == [
        ("耕地保有", "lead", "省自然资源厅"),
        ("用水效率", "lead", "省水利厅"),
        ("用水效率", "lead", "省发展改革委"),
    ]


def test_measures_closed_by_their_own_parentheses_in_one_paragraph_are_tasks_each() -> None:
    table = _read(
        HEAD
        + """\
一、目标任务
（一）主要指标。
1.指标的责任部门。
能耗降低18%。(市发展改革委、市工信委牵头)排放减少8%。(市环保局牵头)氨氮减少10%。
(市环保局、市水务局牵头)森林覆盖率达到12%。(市林业局负责)
"""
    )
    assert _roles(table) == [
        ("能耗降低", "lead", "市发展改革委"),
        ("能耗降低", "lead", "市工信委"),
        ("排放减少", "lead", "市环保局"),
        ("氨氮减少", "lead", "市环保局"),  # its parenthesis opens the next line
        ("氨氮减少", "lead", "市水务局"),
        ("森林覆盖", "lead", "市林业局"),  # 负责 beside no 牵头 of its own: it leads
    ]


def test_an_item_with_one_parenthesis_keeps_its_sentences_together() -> None:
    table = _read(
        HEAD
        + "一、任务\n（一）推进项目建设。加快审批，压缩时限。（省发展改革委牵头，省自然资源厅配合）\n"
    )
    assert _roles(table) == [
        ("推进项目", "lead", "省发展改革委"),
        ("推进项目", "support", "省自然资源厅"),
    ]


def test_a_heading_names_the_lead_of_its_tasks_once() -> None:
    table = _read(
        HEAD
        + """\
一、省长负责的工作
（一）省发展改革委牵头的工作
1.扩大有效投资。
2.做好项目储备。
协同单位：省财政厅。
"""
    )
    tasks = table.sections[0].measures[0].tasks
    assert [m.text for m in tasks[0].lead.mentions] == ["省发展改革委"]
    assert tasks[1].lead is None and tasks[1].lead_merged  # continues, as a merged cell
    assert [m.text for m in tasks[1].support.mentions] == ["省财政厅"]


def test_a_leader_s_heading_names_no_lead() -> None:
    table = _read(
        HEAD
        + """\
一、重点工作
（一）副省长负责的工作
1.扩大有效投资。（省发展改革委牵头）
"""
    )
    assert [r for r in _roles(table) if r[1] == "lead"] == [("扩大有效", "lead", "省发展改革委")]


def test_a_national_notice_says_who_with_whom() -> None:
    table = _read("""\
国务院办公厅关于落实某意见有关措施分工的通知
国办函〔2015〕47号
一、工作分工
（一）关于“稳定生产”的问题，由农业部会同财政部、粮食局等部门研究提出落实意见。
（二）关于“培育主体”的问题，由农业部牵头，工商总局等部门参与。
""")
    assert _roles(table) == [
        ("关于“稳", "lead", "农业部"),
        ("关于“稳", "support", "财政部"),
        ("关于“稳", "support", "粮食局"),
        ("关于“培", "lead", "农业部"),
        ("关于“培", "support", "工商总局"),
    ]


def test_a_sentence_opening_with_you_is_no_assignment() -> None:
    with pytest.raises(Exception, match="nothing readable"):
        _read(HEAD + "一、总体要求\n（一）由此带来的问题，要认真研究提出意见。\n")


def test_a_name_the_text_breaks_off_inside_is_left_out_with_a_warning() -> None:
    table = _read(HEAD + "一、任务\n1.加强监管。（牵头单位：省市场监管局；责任单位：省商务厅、省人")
    assert ("加强监管", "support", "省人") not in _roles(table)
    assert ("加强监管", "support", "省商务厅") in _roles(table)
    assert any("ends inside a name ('省人')" in w.message for w in table.warnings)


def test_a_whole_name_at_the_end_of_the_text_stays() -> None:
    table = _read(HEAD + "一、任务\n1.加强监管。\n牵头单位：省市场监管局\n责任单位：省商务厅")
    assert ("加强监管", "support", "省商务厅") in _roles(table)
    assert not any("ends inside" in w.message for w in table.warnings)


def test_a_number_in_parentheses_on_its_own_line_is_the_document_s() -> None:
    table = _read("某市人民政府办公厅关于任务分工的通知\n（某府办发〔2012〕19号）\n"
                  "一、任务\n1.加强监管。（市市场监管局牵头）\n")  # fmt: skip
    assert table.head.number == "某府办发〔2012〕19号"


def test_a_number_cited_in_parentheses_within_a_sentence_is_not() -> None:
    table = _read("某市人民政府办公厅关于任务分工的通知\n为落实《意见》（某政发〔2011〕8号），制定本方案。\n"
                  "一、任务\n1.加强监管。（市市场监管局牵头）\n")  # fmt: skip
    assert table.head.number == ""


def test_etc_with_a_qualifier_ends_an_open_list() -> None:
    assert strip_etc("省环保厅等省直有关部门") == ("省环保厅", True)
    assert strip_etc("市住建局等市级有关部门") == ("市住建局", True)
    assert strip_etc("省直有关部门") == ("省直有关部门", False)


def test_a_national_organ_files_its_document_under_china(registry: Registry) -> None:
    assert registry.find_jurisdiction(["国务院办公厅"]).place == "china"
    assert registry.find_jurisdiction(["中央环保督察反馈意见整改方案"]).place is None


def test_a_web_table_one_cell_per_line_reads_empty_cells_exactly() -> None:
    table = _read("""\
某市重点工作推进情况表

序号

工作任务

牵头部门

配合部门

推进情况

1

新开工项目120个

市发改委

\xa0

已开工68个

2

新增就业5万人

市人社局

各区人民政府

完成2.9万人
""")
    assert _roles(table) == [
        ("新开工项", "lead", "市发改委"),
        ("新增就业", "lead", "市人社局"),
        ("新增就业", "support", "各区人民政府"),
    ]


def test_items_run_on_after_a_colon_in_a_page_saved_as_one_line() -> None:
    table = _read(HEAD + "一、省长负责的工作 具体负责以下工作: (一)省审计厅牵头的工作 强化审计监督。"
                  "协同部门:省财政厅、省地税局。 (二)省编办牵头的工作 推进机构改革。")  # fmt: skip
    assert _roles(table) == [
        ("省审计厅", "lead", "省审计厅"),  # the task's text is its heading's: 省审计厅牵头的工作…
        ("省审计厅", "support", "省财政厅"),
        ("省审计厅", "support", "省地税局"),
        ("省编办牵", "lead", "省编办"),
    ]


def test_an_annex_line_above_labelled_items_does_not_end_the_document() -> None:
    table = _read(HEAD + "附件:2020年主要目标任务分解方案\n某某市人民政府\n2020年1月18日\n附件\n"
                  "1.地区生产总值增长6%。牵头单位:市发改委;责任单位:各县(市)区政府\n")  # fmt: skip
    assert _roles(table) == [
        ("地区生产", "lead", "市发改委"),
        ("地区生产", "support", "各县(市)区政府"),
    ]


def test_an_annex_list_at_the_end_stays_out_of_the_items() -> None:
    table = _read(HEAD + "一、任务\n1.加强监管。（市市场监管局牵头）\n附件:1.任务清单\n2.进度表\n")
    assert [m.number for s in table.sections for m in s.measures] == ["1."]


def test_a_bracket_closing_a_labelled_value_is_kept_when_the_value_opened_it() -> None:
    table = _read(
        HEAD + "一、任务\n1.做好防控。\n责任单位:市卫生健康委等,各县(市、区)政府(管委会)\n"
    )
    assert ("做好防控", "lead", "各县(市、区)政府(管委会)") in _roles(table)


def test_labels_inside_square_brackets_are_one_parenthesis() -> None:
    table = _read(
        HEAD
        + "一、目标\n(一)地区生产总值增长11%。[牵头单位:县发改局(粮食局);责任单位:各镇人民政府]\n"
    )
    assert _roles(table) == [
        ("地区生产", "lead", "县发改局(粮食局)"),
        ("地区生产", "support", "各镇人民政府"),
    ]


def test_clauses_then_a_labelled_sentence_in_one_bracket() -> None:
    table = _read(HEAD + "一、任务\n1.加强准入管理。〔市生态环境局、水利局等按职责分工负责。"
                  "责任单位:各县(市、区)人民政府。以下均需落实,不再列出。〕\n")  # fmt: skip
    assert _roles(table) == [
        ("加强准入", "lead", "市生态环境局"),
        ("加强准入", "lead", "水利局"),
        ("加强准入", "lead", "各县(市、区)人民政府"),
    ]


def test_a_text_that_breaks_off_inside_the_last_parenthesis_is_read_as_far_as_it_goes() -> None:
    table = _read(HEAD + "一、目标\n（一）主要预期目标。增长8%左右（分管副省长负责，省发改委牵头，"
                  "省统计局、省财政厅等按职责分")  # fmt: skip
    assert _roles(table) == [
        ("主要预期", "lead", "省发改委"),
        ("主要预期", "support", "省统计局"),
        ("主要预期", "support", "省财政厅"),
    ]
    assert any(
        "breaks off inside this item's role parenthesis" in w.message for w in table.warnings
    )


def test_names_whose_role_word_is_lost_are_not_given_one() -> None:
    table = _read(HEAD + "一、目标\n（一）主要预期目标。（省发改委牵头，省统计局、省财政厅")
    assert _roles(table) == [("主要预期", "lead", "省发改委")]


def test_a_parenthesis_closed_in_full_gives_no_warning_of_a_cut() -> None:
    table = _read(HEAD + "一、目标\n（一）主要预期目标。（省发改委牵头，省统计局配合）")
    assert not any("breaks off" in w.message for w in table.warnings)


def test_a_standing_rule_inside_a_parenthesis_names_no_one() -> None:
    table = _read(HEAD + "一、任务\n（一）扩大投资。（分管副省长负责，省发改委牵头。明确牵头部门的，其他有关部门配合，"
                  "不逐一列出，下同）\n（二）推进铁路建设。（省交通运输厅、省发改委等负责，列第一位的为牵头部门，下同）\n")  # fmt: skip
    assert _roles(table) == [
        ("扩大投资", "lead", "省发改委"),
        ("推进铁路", "lead", "省交通运输厅"),
        ("推进铁路", "support", "省发改委"),
    ]


def test_names_after_the_clauses_of_a_labelled_value_take_the_label_s_role() -> None:
    table = _read(HEAD + "一、任务\n1.落实减税降费。\n责任单位:省财政厅牵头,省税务局、省国资委\n")
    assert _roles(table) == [
        ("落实减税", "lead", "省财政厅"),
        ("落实减税", "support", "省税务局"),
        ("落实减税", "support", "省国资委"),
    ]


def test_the_first_listed_leads_or_gathers_by_the_document_s_rule() -> None:
    table = _read(HEAD + "说明：除标注为“牵头”单位外，列第一位的为牵头或汇总单位。\n一、任务\n"
                  "1.办好峰会。\n责任单位:省数字办、省工信厅\n")  # fmt: skip
    assert _roles(table) == [("办好峰会", "lead", "省数字办"), ("办好峰会", "support", "省工信厅")]


def test_collectives_are_parties_of_their_own() -> None:
    table = _read(HEAD + "一、任务\n1.抓好落实。（各地区、各有关部门负责）\n2.加强督查。（有关部门和各地区负责）\n"
                  "3.做好保障。（各县、区政府负责）\n")  # fmt: skip
    assert _roles(table) == [
        ("抓好落实", "lead", "各地区"),
        ("抓好落实", "lead", "各有关部门"),
        ("加强督查", "lead", "有关部门"),
        ("加强督查", "lead", "各地区"),
        ("做好保障", "lead", "各县、区政府"),  # places sharing one department: one mention
    ]


def test_main_cooperating_units_support() -> None:
    table = _read(
        HEAD
        + "1.创建国家卫生县城。\n牵头责任单位:县卫健委\n主要协作单位:各乡镇人民政府、县政府有关部门\n"
    )
    assert _roles(table) == [
        ("创建国家", "lead", "县卫健委"),
        ("创建国家", "support", "各乡镇人民政府"),
        ("创建国家", "support", "县政府有关部门"),
    ]


def test_a_page_saved_as_one_long_line_is_read_item_by_item() -> None:
    line = (
        "各镇人民政府: 现印发给你们,请认真贯彻执行。各级各部门要高度重视,加强组织领导,明确具体任务,"
        "细化工作方案,确保按时完成既定的目标任务。 某县人民政府办公室 2022年4月18日 (此件公开发布) "
        "重点工作责任分解 一、某某县长牵头重点工作 1.全县生产总值增长7.5%左右。 "
        "责任单位:县发改局(首位单位为牵头单位,下同)、县财政局 2.严控三公经费。 责任单位:县财政局、"
        "县审计局 二、某某副县长牵头重点工作 1.加强法治政府建设,提高决策科学化水平。 责任单位:县司法局"
    )
    assert len(line) > 200
    assert _roles(_read(line)) == [
        ("全县生产", "lead", "县发改局"),
        ("全县生产", "support", "县财政局"),
        ("严控三公", "lead", "县财政局"),
        ("严控三公", "support", "县审计局"),
        ("加强法治", "lead", "县司法局"),
    ]


def test_a_short_line_with_a_space_before_a_number_stays_one_paragraph() -> None:
    table = _read(HEAD + "一、任务\n1.完成目标 2.5万吨以上。（市发改委牵头）\n")
    assert [t.text for s in table.sections for m in s.measures for t in m.tasks] == [
        "完成目标 2.5万吨以上。（市发改委牵头）"
    ]


def test_a_table_whose_first_column_names_the_trade_or_field() -> None:
    table = _read("某镇安全生产专项整治工作计划\n专项整治行业名称 | 时间安排 | 责任单位 |\n"
                  "烟花爆竹 | 1月份 | 安监站 安监所 |\n电力设施 | 3月份 | 电管所 |\n")  # fmt: skip
    assert [(r[1], r[2]) for r in _roles(table)] == [
        ("lead", "安监站"),
        ("lead", "安监所"),
        ("lead", "电管所"),
    ]


def test_a_text_without_numbering_reads_its_paragraphs_that_close_with_roles() -> None:
    table = _read("近日，某省人民政府办公厅印发分工方案。\n其中明确：推动数字经济发展，建设数据中心集群。"
                  "（省工业和信息化厅牵头，省发展改革委、省商务厅等配合）\n方案还要求各地抓好落实。\n")  # fmt: skip
    assert _roles(table) == [
        ("其中明确", "lead", "省工业和信息化厅"),
        ("其中明确", "support", "省发展改革委"),
        ("其中明确", "support", "省商务厅"),
    ]


def test_a_text_without_numbering_or_roles_is_still_refused() -> None:
    with pytest.raises(Exception, match="nothing readable"):
        _read("近日，某省人民政府办公厅印发分工方案。\n方案要求各地抓好落实。\n")


def test_names_alone_beside_a_standing_rule_follow_the_rule() -> None:
    table = _read(HEAD + "一、调整能源结构\n（一）控制煤炭消费。\n1.制订控制方案。（省经信委、省发改委（省能源局）。"
                  "列第一位者为牵头部门，下同）\n")  # fmt: skip
    assert _roles(table) == [
        ("制订控制", "lead", "省经信委"),
        ("制订控制", "support", "省发改委（省能源局）"),
    ]


def test_a_web_table_without_a_number_column_starts_rows_at_numbered_tasks() -> None:
    table = _read("""\
某区政府工作报告主要工作任务分解表

主要工作任务

牵头单位

责任单位

一、优结构、谋发展

1.完善现代化产业体系。

区发改局

区工信局、各街道办事处

2.发展战略性新兴产业。

发改局

区工信局

各街道办事处

3.培育未来产业。

区科技局

区工信局
""")
    assert _roles(table) == [
        ("完善现代", "lead", "区发改局"),
        ("完善现代", "support", "区工信局"),
        ("完善现代", "support", "各街道办事处"),
        ("发展战略", "lead", "发改局"),
        ("发展战略", "support", "区工信局"),  # the cell's two paragraphs, one list
        ("发展战略", "support", "各街道办事处"),
        ("培育未来", "lead", "区科技局"),
        ("培育未来", "support", "区工信局"),
    ]


def test_roles_in_the_item_s_last_sentence() -> None:
    table = _read(
        HEAD
        + "一、重点工程\n1.水利化工程:新增水田面积100万亩。省水利厅牵头,省发改委、环保厅等单位配合。\n"
    )
    assert _roles(table) == [
        ("水利化工", "lead", "省水利厅"),
        ("水利化工", "support", "省发改委"),
        ("水利化工", "support", "环保厅"),
    ]


def test_a_rule_for_the_measures_below_names_no_one_here() -> None:
    table = _read(HEAD + "一、任务\n1.加快就业。(省人力资源社会保障厅牵头,省财政厅配合;以下措施均需各市人民政府"
                  "落实,不再列出)\n")  # fmt: skip
    assert _roles(table) == [
        ("加快就业", "lead", "省人力资源社会保障厅"),
        ("加快就业", "support", "省财政厅"),
    ]


def test_the_box_s_issuer_names_the_place_a_placeless_title_does_not(registry: Registry) -> None:
    from fengong.ingest.resolve import resolve_document

    table = _read("索 引 号: 0001/2020-105482 发布日期: 2020-06-28 发布机构: 下陆区政府办公室\n"
                  "区人民政府办公室关于印发重点工作责任分解的通知\n一、任务\n"
                  "1.加强监管。（区市场监管局牵头）\n")  # fmt: skip
    assert table.head.issuer == "区人民政府办公室"
    assert resolve_document(table, registry).jurisdiction == "hubei-huangshi-xialu"


def test_a_page_that_begins_inside_the_plan_keeps_its_first_roles() -> None:
    table = _read("""\
责任单位:省市场监管局、省委网信办、省发展改革委
3.加强食品药品全链条闭环监管。
责任单位:省市场监管局、省药监局
四、某某副省长牵头重点工作
1.优化企业发展环境。
责任单位:省经信厅、省财政厅
""")
    assert [r[2] for r in _roles(table) if r[1] == "lead"] == [
        "省市场监管局", "省委网信办", "省发展改革委", "省市场监管局", "省药监局", "省经信厅",
        "省财政厅",
    ]  # fmt: skip


def test_a_website_s_credits_at_the_top_are_no_roles() -> None:
    table = _read("主办单位:中共某市委宣传部\n承办单位:某某网\n某市人民政府办公室关于印发任务分工的通知\n"
                  "一、任务\n1.推进码头整治。(责任单位:市交通运输局)\n")  # fmt: skip
    assert _roles(table) == [("推进码头", "lead", "市交通运输局")]


def test_more_role_words_published_documents_use() -> None:
    table = _read(
        HEAD
        + """\
一、治理畜牧业产品污染
由省经贸委承办,省农业厅、质监局协办。治理工作目标:定点屠宰率达85%以上。
（一）由省经贸委负责,省农业厅、环保局配合,加快无公害基地建设。
二、促进就业
1.实施就业优先政策。(市发展改革委牵头,市委组织部、国家统计局济宁调查队参加)
2.稳定农民工就业。
责任单位:市人力社保局、市农业农村局分别牵头
"""
    )
    assert _roles(table) == [
        ("一、治理", "lead", "省经贸委"),  # the section's own text is a measure
        ("一、治理", "support", "省农业厅"),
        ("一、治理", "support", "质监局"),
        ("由省经贸", "lead", "省经贸委"),
        ("由省经贸", "support", "省农业厅"),
        ("由省经贸", "support", "环保局"),
        ("实施就业", "lead", "市发展改革委"),
        ("实施就业", "support", "市委组织部"),
        ("实施就业", "support", "国家统计局济宁调查队"),
        ("稳定农民", "lead", "市人力社保局"),
        ("稳定农民", "lead", "市农业农村局"),
    ]


def test_a_leader_s_assistant_is_no_department() -> None:
    table = _read(
        HEAD
        + "一、某某省长负责的工作（某某秘书长、某某省长助理协助）\n（一）强化监察。（省监察厅牵头）\n"
    )
    assert _roles(table) == [("强化监察", "lead", "省监察厅")]


def test_the_first_listed_rule_in_other_words() -> None:
    for rule in ("列第一位者为工作牵头单位或汇总单位，下同", "排名第一的部门为牵头责任单位，下同"):
        table = _read(HEAD + f"一、任务\n1.支持企业。\n责任单位:市经信局、市财政局({rule})\n")
        assert _roles(table) == [
            ("支持企业", "lead", "市经信局"),
            ("支持企业", "support", "市财政局"),
        ]


def test_items_above_the_first_heading_of_a_page_that_begins_inside_the_plan() -> None:
    table = _read("""\
(四)编制并公布年度报告。指导各地、各部门按照
《条例》要求编制年度报告。此项工作由省府办公厅负责,省监察厅配合。
二、深入推进行政权力公开透明运行
(五)开展试点工作。(省法制办牵头)
""")
    assert _roles(table) == [
        ("编制并公", "lead", "省府办公厅"),
        ("编制并公", "support", "省监察厅"),
        ("开展试点", "lead", "省法制办"),
    ]


def test_lists_with_generic_words_and_places_sharing_a_government() -> None:
    table = _read(HEAD + "一、任务\n1.编制准入清单。〔市生态环境局牵头,市发展和改革局参与,各县、区人民政府(管委会)负责落实。〕\n"
                  "2.推进数字政府。(市大数据局牵头,市直有关部门、单位配合)\n"
                  "3.做好乡村治理。(乡镇人民政府按职责分工分别负责)\n"
                  "4.整治散乱污企业。(市生态环境局、工业和信息化局牵头督导,市公安局配合)\n")  # fmt: skip
    assert _roles(table) == [
        ("编制准入", "lead", "市生态环境局"),
        ("编制准入", "support", "市发展和改革局"),
        ("编制准入", "support", "各县、区人民政府(管委会)"),
        ("推进数字", "lead", "市大数据局"),
        ("推进数字", "support", "市直有关部门、单位"),
        ("做好乡村", "lead", "乡镇人民政府"),
        ("整治散乱", "lead", "市生态环境局"),
        ("整治散乱", "lead", "工业和信息化局"),
        ("整治散乱", "support", "市公安局"),
    ]


def test_a_title_in_book_title_marks_names_its_issuer_without_them() -> None:
    table = _read(
        "《某市政府关于印发水污染防治行动计划的通知》\n一、任务\n1.加强监管。（市生态环境局牵头）\n"
    )
    assert table.head.issuer == "某市政府"


def test_a_heading_in_the_number_column_is_a_warning_not_a_refusal() -> None:
    table = _read("序号\t重点工作任务(本市3项)\t责任单位\n"
                  "(一)某某副市长牵头重点工作\t推进一体化发展。\t市发改委、市交通局\n")  # fmt: skip
    assert ("推进一体", "lead", "市发改委") in _roles(table)
    assert any("is not a number" in w.message for w in table.warnings)


def test_the_first_listed_rule_applies_to_a_table_column_too() -> None:
    doc = ("说明：涉及多个部门的，由排在第一位的部门牵头，其他部门积极配合。\n"
           "序号\t工作任务\t牵头负责部门\n1\t完成铁路投资\t发展改革委、中国铁路总公司\n2\t新增就业\t人力资源社会保障部\n")  # fmt: skip
    assert _roles(_read(doc)) == [
        ("完成铁路", "lead", "发展改革委"),
        ("完成铁路", "support", "中国铁路总公司"),
        ("新增就业", "lead", "人力资源社会保障部"),
    ]
    without = doc.split("\n", 1)[1]  # no rule: both lead
    assert [r[1] for r in _roles(_read(without))] == ["lead", "lead", "lead"]


def test_groups_separated_by_commas_before_one_role_word() -> None:
    table = _read(HEAD + "一、任务\n1.推进重大项目。(省发展改革委、财政厅牵头;省自然资源厅、林业局,国家开发银行"
                  "某省分行,各市、自治州人民政府配合)\n")  # fmt: skip
    assert [r[2] for r in _roles(table) if r[1] == "support"] == [
        "省自然资源厅", "林业局", "国家开发银行某省分行", "各市、自治州人民政府",
    ]  # fmt: skip


def test_a_short_row_is_placed_by_what_its_cells_are() -> None:
    table = _read("""\
主要工作任务分解表

序号

主要工作举措

牵头单位

配合单位

责任领导

一、壮大特色产业

1

推进良种繁育和标准化养殖。

县农业农村局

县发展改革局、各镇政府(街道办事处)

2

推进工业企业智能化改造。

县工业和信息化局

李德明

二、提升人居环境

3

实施老旧小区改造。

县住房城乡建设局

县民政局

张 华
""")
    assert _roles(table) == [
        ("推进良种", "lead", "县农业农村局"),
        ("推进良种", "support", "县发展改革局"),
        ("推进良种", "support", "各镇政府(街道办事处)"),
        ("推进工业", "lead", "县工业和信息化局"),  # the leader's name is no support
        ("实施老旧", "lead", "县住房城乡建设局"),
        ("实施老旧", "support", "县民政局"),
    ]


def test_a_numbered_row_runs_to_the_next_number_and_a_heading_keeps_its_aside() -> None:
    table = _read("""\
序号
指标
工作任务
完成时限
责任领导
责任股室
(单位)
1
公共文化服务
免费开放服务人次增长15%。
12月底前
夏俊贵
文化宣传股
文化馆
2
文化产业
培育规模以上文化企业1家。
12月底前
夏俊贵
文化产业股
""")
    assert [(r[1], r[2]) for r in _roles(table)] == [
        ("lead", "文化宣传股"),  # 责任股室 (单位) is the responsible column: they lead
        ("lead", "文化馆"),  # a cell of two paragraphs, one list
        ("lead", "文化产业股"),
    ]


def test_a_national_clause_whose_verb_is_luoshi() -> None:
    table = _read(
        HEAD
        + "一、分工\n（一）关于“用水总量”的问题，由省水利厅会同省发展改革委、财政厅等部门落实。\n"
    )
    assert _roles(table) == [
        ("关于“用", "lead", "省水利厅"),
        ("关于“用", "support", "省发展改革委"),
        ("关于“用", "support", "财政厅"),
    ]


def test_a_page_cut_inside_a_character_ends_with_a_replacement_mark() -> None:
    table = _read(
        HEAD + "一、任务\n1.加强监管。（牵头单位：省市场监管局；责任单位：省商务厅、省人\ufffd"
    )
    assert _roles(table) == [
        ("加强监管", "lead", "省市场监管局"),
        ("加强监管", "support", "省商务厅"),
    ]


def test_a_progress_table_with_columns_of_its_own_naming_and_a_bar_after_each_cell() -> None:
    table = _read("""\
区重点民生实事项目推进情况
序号 |
主要任务 |
分管 领导 |
牵头 单位 |
责任主体与协同单位 |
1-10月推进情况 |
是否达序 |
说明 |
24 |
优化提升50条背街后巷交通组织。 |
徐国江 |
城管局 |
市政局、相关街道 |
已进场施工,完成30%。 |
是 |
||
25 |
新增达标小区210个。 |
徐国江 |
城管局 |
市政局、各街道 |
在46个小区建成厢房。 |
否 |
项目滞后了2个月。 |
""")
    assert [(r[1], r[2]) for r in _roles(table)] == [
        ("lead", "城管局"), ("support", "市政局"), ("support", "相关街道"),
        ("lead", "城管局"), ("support", "市政局"), ("support", "各街道"),
    ]  # fmt: skip


def test_a_table_one_cell_per_line_without_a_number_column_opens_rows_at_numbered_tasks() -> None:
    table = _read("""\
工 作 任 务 |
牵头单位 |
责 任 单 位 |
一、推进经济社会政策公开 | ||
1.重大项目信息公开 |
省发改委 |
省直有关部门,各设区市 |
2.政府和社会资本合作项目信息公开 | ||
3.化解过剩产能信息公开 |
省经信委 |
省发改委、省国资委 |
""")
    assert [(r[1], r[2]) for r in _roles(table)] == [
        ("lead", "省发改委"), ("support", "省直有关部门"), ("support", "各设区市"),
        ("lead", "省经信委"), ("support", "省发改委"), ("support", "省国资委"),
    ]  # fmt: skip


def test_pinyin_after_characters_is_read_through_and_kept_as_written() -> None:
    table = _read(HEAD + "一、任务\n1.加大簡政放權力度。(牽頭單位:州行政審批服務(wù)局;責(zé)任單位:州司法局,"
                  "各縣(xiàn)市人民政府,6月底完成)\n2.支持龍頭企業(yè)發(fā)展。(州農(nóng)業(yè)農(nóng)村局負責(zé))\n")  # fmt: skip
    assert [(r[1], r[2]) for r in _roles(table)] == [
        ("lead", "州行政審批服務(wù)局"),
        ("support", "州司法局"),
        ("support", "各縣(xiàn)市人民政府"),  # the deadline beside the names is none of them
        ("lead", "州農(nóng)業(yè)農(nóng)村局"),
    ]
    assert any("pinyin" in w.message for w in table.warnings)


def test_a_name_with_a_real_aside_is_no_pinyin() -> None:
    table = _read(HEAD + "一、任务\n1.推进改革。（区建管委(区交通委)牵头，区财政局配合）\n")
    assert ("推进改革", "lead", "区建管委(区交通委)") in _roles(table)
    assert not any("pinyin" in w.message for w in table.warnings)


def test_a_letter_spaced_heading_is_one_cell_of_a_header_one_cell_per_line() -> None:
    table = _read(
        HEAD
        + """\
附件
重点工作任务分解表
序号
目   标   与   任   务
牵头责任单位
责任单位
      1
推进大气污染防治，削减排放总量。
市生态环境局
各县区政府、开发区管委会
      2
盘活存量土地。
市自然资源和规划局
各县区政府
"""
    )
    assert _roles(table) == [
        ("推进大气", "lead", "市生态环境局"),
        ("推进大气", "support", "各县区政府"),
        ("推进大气", "support", "开发区管委会"),
        ("盘活存量", "lead", "市自然资源和规划局"),
        ("盘活存量", "support", "各县区政府"),
    ]


def test_a_letter_spaced_line_that_is_no_heading_starts_no_table() -> None:
    text = (
        HEAD
        + "一、工作要求\n加   强   领   导   确   保   落   实\n（一）做好宣传（市委宣传部负责）。\n"
    )
    assert _roles(_read(text)) == [("做好宣传", "lead", "市委宣传部")]


def test_a_principal_responsible_unit_column_leads_and_the_responsible_one_supports() -> None:
    table = _read(
        HEAD
        + "序号\t主要任务\t主要责任单位\t责任单位\n"
        + "1\t提高孕产妇保健水平。\t省卫生健康委\t省财政厅、省公安厅\n"
    )
    assert _roles(table) == [
        ("提高孕产", "lead", "省卫生健康委"),
        ("提高孕产", "support", "省财政厅"),
        ("提高孕产", "support", "省公安厅"),
    ]


def test_short_rows_of_a_piped_progress_table_are_placed_by_what_their_cells_are() -> None:
    # the 三季度目标 cell is missing from the second row: the leader's name and the unit
    # must not slide into the columns before them
    table = _read(
        HEAD
        + "年度重点工作 | 细化任务及目标 | 三季度目标 | 分管领导 | 牵头单位 | 落实情况(1-8月) | 是否达序 | 说明 |\n"
        + "57.推进垃圾分类，建成处置中心。 | 建成处置中心并运营。 | 完成安装调试。 | 张某 | 城管局 | 设备已采购。 | 是 | |\n"
        + "58.开展违建治理，削减存量违建。 | 削减存量违建至三成。 | 张某 | 城管局 | 截至目前，已削减四成。 | 是 | ||\n"
    )
    assert _roles(table) == [("建成处置", "lead", "城管局"), ("削减存量", "lead", "城管局")]


def test_a_department_document_assigns_its_divisions_in_a_parenthesis_of_labels() -> None:
    table = _read(
        HEAD
        + """\
一、主要任务
（八）加强教师培训（牵头领导：王某 牵头处室：人事处 责任处室：财务处、民教处）
定期开展督导。
（九）推动宣传进校园（牵头领导:李某 牵头处室:基教处 责任处室:高教处）
"""
    )
    assert _roles(table) == [
        ("加强教师", "lead", "人事处"),
        ("加强教师", "support", "财务处"),
        ("加强教师", "support", "民教处"),
        ("推动宣传", "lead", "基教处"),
        ("推动宣传", "support", "高教处"),
    ]


def test_a_division_label_beside_a_unit_label_is_a_field_of_the_unit() -> None:
    table = _read(
        HEAD + "一、降低成本\n（一）减免税费（责任单位：市税务局；责任处室：货物和劳务税处）\n"
    )
    assert _roles(table) == [("减免税费", "lead", "市税务局")]


def test_duty_sentences_give_each_department_its_own_task() -> None:
    table = _read(
        HEAD
        + """\
五、工作要求
（一）加强组织领导。厅里成立专项行动领导小组，负责统一领导全省行动。各处室要明确分工。法规处负责普法宣传和执法监督；市场处负责监管网络交易；消保分局负责商品监测，会同消委秘书处收集举报线索；督察队负责暗访。
（二）加强信息反馈。各地要按月报送情况。
"""
    )
    assert _roles(table) == [
        ("法规处负", "lead", "法规处"),
        ("市场处负", "lead", "市场处"),
        ("消保分局", "lead", "消保分局"),
        ("消保分局", "support", "消委秘书处"),
        ("督察队负", "lead", "督察队"),
    ]


def test_a_collective_or_a_group_responsible_for_something_is_no_duty_of_a_department() -> None:
    text = (
        HEAD
        + "一、工作要求\n（一）各地要负责落实；有关部门负责配合；领导小组，负责统筹。\n（二）强化宣传（市委宣传部负责）。\n"
    )
    assert _roles(_read(text)) == [("强化宣传", "lead", "市委宣传部")]


def test_an_item_with_its_role_parenthesis_is_not_cut_at_its_duty_sentences() -> None:
    text = (
        HEAD
        + "一、主要任务\n（一）加强监管。执法队负责巡查；监测站负责采样。（区生态环境局牵头，区城管局配合）\n"
    )
    assert _roles(_read(text)) == [
        ("加强监管", "lead", "区生态环境局"),
        ("加强监管", "support", "区城管局"),
    ]


def test_headings_broken_in_two_short_halves_and_a_measure_ending_like_a_place() -> None:
    # 责任 / 领导 and 责任 / 科室 are two headings; the 重点工作 cell 美丽城镇建设 ends like a
    # place (镇) but stands before the unit that follows it
    table = _read(
        "某镇2024年度重点工作计划执行情况\n\n序号\n\n重点工作\n\n责任\n\n领导\n\n责任\n\n科室\n\n"
        "攻坚目标\n\n完成情况\n\n"
        "1\n\n水库工程政策处理\n\n王某\n\n水库工程政策处理工作领导小组\n\n完成政策处理。\n\n已完成六成。\n\n"
        "2\n\n现代化美丽城镇\n\n李某\n\n乡村振兴办\n\n创建美丽城镇。\n\n已完成投资一半。\n"
    )
    leads = [(m, r) for _, r, m in _roles(table)]
    assert leads == [("水库工程政策处理工作领导小组", "lead"), ("乡村振兴办", "lead")]


def test_a_short_row_keeps_its_unit_in_the_lead_column_when_the_target_cell_is_missing() -> None:
    table = _read(
        HEAD
        + "序号 |\n主要任务 |\n全年目标任务 |\n分管领导 |\n牵头单位 |\n责任主体与协同单位 |\n是否达序 |\n"
        + "24 |\n优化背街后巷交通组织。 |\n张某 |\n城管局 |\n市政局、相关街道 |\n是 |\n"
    )
    assert [(r, m) for _, r, m in _roles(table)] == [
        ("lead", "城管局"),
        ("support", "市政局"),
        ("support", "相关街道"),
    ]


def test_a_responsible_column_before_the_lead_column_supports_in_short_rows_too() -> None:
    # 分类 | 序号 | 事项 | 责任单位 | 牵头单位: the 分类 cell is written once, so the other rows
    # are short; their first department cell is the 责任单位 one, not the lead
    table = _read(
        "某区重点工作责任分解\n\n分类\n\n序号\n\n事项\n\n责任单位\n\n牵头单位\n\n发展目标\n\n"
        "1\n\n地区生产总值增长。\n\n区统计局、区发改局\n\n区发改局\n\n"
        "2\n\n农业增加值增长。\n\n区农业农村局\n\n区农业农村局\n"
    )
    assert [(r, m) for _, r, m in _roles(table)] == [
        ("lead", "区发改局"),
        ("support", "区统计局"),
        ("support", "区发改局"),
        ("lead", "区农业农村局"),
        ("support", "区农业农村局"),
    ]


def test_a_department_cell_broken_after_its_comma_is_one_cell_and_notes_stay_in_their_row() -> None:
    # a progress table copied one cell per line: the 责任单位 cell breaks after 、 into two
    # lines, and the progress cell's second paragraph (one unit's note) follows the row
    table = _read("""\
某区重点任务推进情况表

序号

主要任务

进展情况

责任单位


1

建设科创大楼。

区科委：已完成选址，正在设计。

区科委、

区商务委、

北街街道办事处


北街街道办事处：已腾退两处厂房，正在招商。


2

改造老旧小区。

区建委：已开工三个小区。

区建委
""")
    assert _roles(table) == [
        ("建设科创", "lead", "区科委"),
        ("建设科创", "lead", "区商务委"),
        ("建设科创", "lead", "北街街道办事处"),
        ("改造老旧", "lead", "区建委"),
    ]
    # the note is no row of its own: no warning about a row without a measure
    assert not [w for w in table.warnings if "without a measure" in w.message]


def test_a_row_without_its_number_after_a_full_row_is_still_a_row_of_its_own() -> None:
    # the negative of the one above: after a full row, cells that name departments are a row
    # (a measure's second task under a merged number cell), not a note of the row before
    table = _read("""\
某区重点任务推进情况表

序号

主要任务

具体措施

责任单位

完成时限

1

建设科创大楼。

完成选址，启动设计工作。

区科委

6月底


开展招商推介，引进企业入驻。

区商务委

12月底
""")
    roles = _roles(table)
    assert ("完成选址", "lead", "区科委") in roles or ("建设科创", "lead", "区科委") in roles
    assert [r for r in roles if r[2] == "区商务委"], roles


def test_by_clauses_list_departments_across_commas_of_either_width() -> None:
    table = _read(
        HEAD
        + """\
一、主要目标
生产总值增长8%。
由市政府各相关部门,各县（市）、区人民政府负责落实。
二、为民办实事
（一）实施种粮补贴。由市财政局、农业局，各县（市）、区人民政府负责落实。
（二）由此带来的问题，市统计局负责研究。
"""
    )
    roles = _roles(table)
    assert ("一、主要", "lead", "市政府各相关部门") in roles  # the section's own sentence
    assert ("实施种粮", "lead", "市财政局") in roles
    assert ("实施种粮", "lead", "农业局") in roles
    assert ("实施种粮", "lead", "各县（市）、区人民政府") in roles
    assert not [r for r in roles if "此带来" in r[2]]  # 由此 opens no list of departments


def test_a_placeless_issuer_is_no_registered_government_and_the_title_names_the_place(
    registry: Registry,
) -> None:
    # 市政府 is every city's government: it must not file a 咸宁 gazette under Shanghai,
    # whose government the registry lists under that short label
    from fengong.ingest.resolve import resolve_document

    assert registry.organisation_by_name("市政府") is None
    assert registry.organisation_by_name("上海市人民政府") is not None
    assert registry.organisation_by_name("国务院办公厅") is not None
    table = _read("""\
市人民政府关于印发咸宁市重点工作责任分工的通知
一、稳定经济
（一）加强财税支持。（责任单位：市财政局）
""")
    assert table.head.issuer == "市政府" or table.head.issuer.startswith("市")
    assert resolve_document(table, registry).jurisdiction == "hubei-xianning"


def test_names_with_spaced_asides_from_a_pdf_are_departments() -> None:
    from fengong.ingest.cells import looks_like_departments

    assert looks_like_departments("县 (市) 政府 (行署)")
    assert not looks_like_departments("加强指导 (试行)")
    table = _read(HEAD + "一、支持改造\n1.支持技术改造。由各市研究政策给予支 持。"
                  "〔省工信厅、省财政厅, 各市 (地) 、县 (市) 政府 (行署) 〕\n")  # fmt: skip
    names = [name for _, _, name in _roles(table)]
    assert "省工信厅" in names and "省财政厅" in names
    assert "县 (市) 政府 (行署)" in names


def test_a_section_heading_naming_its_lead_leads_the_items_under_it_in_an_attachment() -> None:
    # a notice, its list of attachments, then the attachment itself: each section's heading
    # names the unit that leads its items (一、X牵头工作（8项）), the items name no one
    table = _read("""\
某县人民政府办公室关于印发重点工作任务清单的通知
各乡镇人民政府，县直各有关单位：
现将任务清单印发给你们，请认真落实。
附件：1.县政府工作报告任务清单
2.县民生实事任务清单
某县人民政府办公室
2025年5月18日
附件1
县政府工作报告任务清单
一、县园区管委会牵头工作（3项）
1.建设水产养殖基地。
2.培育食品加工产业。
3.完善园区道路管网。
二、县农业农村局牵头工作（1项）
1.新建高标准农田5万亩。
""")
    assert _roles(table) == [
        ("建设水产", "lead", "县园区管委会"),
        ("新建高标", "lead", "县农业农村局"),
    ]
    tasks = [t for s in table.sections for m in s.measures for t in m.tasks]
    assert [t.lead_merged for t in tasks] == [False, True, True, False]
    assert not [w for w in table.warnings if "names no department" in w.message]


def test_a_closing_list_of_attachments_is_still_the_tail() -> None:
    # the negative: 附件：1. … 2. … closing the notice is a list of titles, not items
    table = _read(HEAD + "一、任务\n1.加强监管。（区市场监管局牵头）\n附件：1.任务清单\n2.进度表\n")
    assert _roles(table) == [("加强监管", "lead", "区市场监管局")]
    assert len([m for s in table.sections for m in s.measures]) == 1


def test_runs_of_targets_each_followed_by_their_units_one_per_line_are_rows() -> None:
    # a plan's 目标责任分解: each measure's targets, then its units one per line — the first
    # is the principal one (主要责任单位), the rest support; a further target after units
    # opens a new row with its own units; names without an agency's ending are units too
    table = _read("""\
某省儿童发展纲要目标责任分解

领域

主要目标

主要责任单位

责任单位

1.儿童享有优质医疗服务。

\xa0

——婴儿死亡率控制在5‰以内。

——儿童体检覆盖率达到90%。

省卫健委

省财政厅

省人口计生

——儿童贫血患病率下降。

省卫健委

省市场监管局

2.儿童体质明显增强。

省体育局

省教育厅
""")
    assert _roles(table) == [
        ("儿童享有", "lead", "省卫健委"),
        ("儿童享有", "support", "省财政厅"),
        ("儿童享有", "support", "省人口计生"),
        ("——儿童", "lead", "省卫健委"),
        ("——儿童", "support", "省市场监管局"),
        ("儿童体质", "lead", "省体育局"),
        ("儿童体质", "support", "省教育厅"),
    ]


def test_a_collective_goes_on_over_the_kinds_listed_after_it() -> None:
    from fengong.ingest.cells import name_tokens

    assert name_tokens("区发改局、各开发区、镇（街道）") == ["区发改局", "各开发区、镇（街道）"]
    assert name_tokens("各县区、乡镇") == ["各县区、乡镇"]
    # the negative: a kind alone after a department (not a collective) is its own name
    assert name_tokens("市财政局、街道") == ["市财政局", "街道"]
    assert name_tokens("各开发区、区财政局") == ["各开发区", "区财政局"]


def test_a_rectification_list_saved_as_one_line_reads_its_items_and_their_labels() -> None:
    # a 整改措施清单 page saved as one long line: the heading runs straight into item （一）,
    # and each item's labels run on without separators (…和政府责任人：…整改时限：…)
    line = (
        "某州落实督察反馈意见整改措施清单一、认识不深（一）部分干部对环境质量盲目乐观，对生态保护"
        "的长期性认识不足，重发展、轻保护。整改目标：牢固树立绿色发展理念，把生态保护放在突出位置。"
        "责任单位：州委办公室、州政府办公室，各县市党委和政府责任人：州委办公室主要负责人整改时限："
        "立行立改，长期坚持整改措施：筑牢绿色发展理念。1.组织专题学习。2.纳入干部培训。"
        "（二）督察整改不力。整改目标：建立督办机制。责任单位：州生态环境局责任人：局长整改时限：年底前"
    )
    assert len(line) > 200
    table = _read(line + "\n")
    roles = _roles(table)
    assert ("部分干部", "lead", "州委办公室") in roles
    assert ("部分干部", "lead", "各县市党委和政府") in roles
    assert ("督察整改", "lead", "州生态环境局") in roles
    assert not [r for r in roles if "责任人" in r[2] or "局长" in r[2]]


def test_a_bracketed_numeral_inside_a_short_line_is_no_item() -> None:
    # the negative: in an ordinary line, （一） after words is a reference, not a new item
    table = _read(HEAD + "一、任务\n1.落实第三条（一）项要求。（区市场监管局牵头）\n")
    assert _roles(table) == [("落实第三", "lead", "区市场监管局")]


def test_a_field_label_run_on_after_names_ends_the_list_in_a_parenthesis() -> None:
    from fengong.ingest.inline import parse_inline_assignment

    found = parse_inline_assignment(
        "加强监管。（责任单位：市场监管局、公安局责任人：王某完成时限：6月）"
    )
    assert found is not None
    assert [m.text for m in found.lead] == ["市场监管局", "公安局"]


def test_symbols_planted_in_the_text_are_read_through_and_names_stay_as_written() -> None:
    table = _read(HEAD + "一、任务\n3.支持平台建设■■★★。省财政安排资金◆★◆。（责任单位◆★◆■:省发展改革委）"
                  "推进实验室重组■◆■◆。（责任单位:省科技厅）\n")  # fmt: skip
    assert _roles(table) == [
        ("支持平台", "lead", "省发展改革委"),
        ("推进实验", "lead", "省科技厅"),
    ]
    assert [w for w in table.warnings if "symbols" in w.message]


def test_a_single_key_task_star_is_no_noise() -> None:
    from fengong.ingest.annotations import noise_copy

    assert noise_copy(("★1.加强监管。（区市场监管局牵头）", "二○○八年", "★2.强化执法。")) is None


def test_labelled_role_parentheses_after_each_sentence_divide_the_item() -> None:
    # …。(责任单位:A)推进…。(责任单位:B)…。(责任单位:A、B、C)…。(责任单位:A): a task per
    # parenthesis, each with all its names, the last one too
    table = _read(HEAD + "一、任务\n13.提升平台质效。安排资金支持中心建设。(责任单位:省发展改革委)"
                  "推进实验室重组升级。(责任单位:省科技厅)支持争创国家重点实验室。(责任单位:省发展改革委、"
                  "省科技厅)布局建设先导区。(责任单位:省发展改革委)\n")  # fmt: skip
    assert [r[1:] for r in _roles(table)] == [
        ("lead", "省发展改革委"),
        ("lead", "省科技厅"),
        ("lead", "省发展改革委"),
        ("lead", "省科技厅"),
        ("lead", "省发展改革委"),
    ]


def test_items_opening_with_who_is_responsible_and_who_works_with_it() -> None:
    # a page that begins inside the plan: items 7–9 before the next section heading, each
    # opening with X负责，Y配合，…; then a section whose items do the same
    table = _read("""\
7.市检验检疫局负责，市工商局配合，开展进口食品专项检查。
8.市工商局负责，市经贸委、市农业局配合，严格实施肉品销售公示制度。
9.市城管执法局负责，取缔城区无照经营摊点。
四、其他相关工作
（一）市食安办负责，市食安委有关委员单位配合，宣传食品安全法。
（二）市卫生局负责，各县区政府等配合，开展污染物监测。
""")
    assert _roles(table) == [
        ("市检验检", "lead", "市检验检疫局"),
        ("市检验检", "support", "市工商局"),
        ("市工商局", "lead", "市工商局"),
        ("市工商局", "support", "市经贸委"),
        ("市工商局", "support", "市农业局"),
        ("市城管执", "lead", "市城管执法局"),
        ("市食安办", "lead", "市食安办"),
        ("市食安办", "support", "市食安委有关委员单位"),
        ("市卫生局", "lead", "市卫生局"),
        ("市卫生局", "support", "各县区政府"),
    ]


def test_a_clause_after_a_duty_that_names_no_department_supports_no_one() -> None:
    from fengong.ingest.inline import duty_clause_starts

    [(_, found)] = duty_clause_starts("市卫生局负责，加强监测配合工作，建立数据库。")
    assert [m.text for m in found.lead] == ["市卫生局"] and found.support == ()


def test_a_news_page_summing_up_a_plan_in_by_sentences_is_read_sentence_by_sentence() -> None:
    # no numbered item: paragraphs of 由A、B等单位分别负责，… / 由A牵头，B、C负责，… sentences,
    # each a task; the lede that names the issuer assigns nothing
    table = _read("""\
某办公室印发重点任务分工方案
某联席会议办公室日前印发通知，对重点任务进行分工，明确具体负责单位。
在服务体系方面，方案明确，由国家发展改革委、国家卫生健康委等单位分别负责，建成服务体系。由国家卫生健康委负责，支持组建医疗联合体。
在质量提升方面，由国家中医药管理局牵头，农业农村部、国家药监局负责，推进产业扶贫行动。
""")
    assert _roles(table) == [
        ("在服务体", "lead", "国家发展改革委"),
        ("在服务体", "lead", "国家卫生健康委"),
        ("由国家卫", "lead", "国家卫生健康委"),
        ("在质量提", "lead", "国家中医药管理局"),
        ("在质量提", "support", "农业农村部"),
        ("在质量提", "support", "国家药监局"),
    ]
    etc = [m.followed_by_etc for s in table.sections for ms in s.measures for t in ms.tasks
           if t.lead for m in t.lead.mentions]  # fmt: skip
    assert etc[:2] == [False, True]


def test_a_department_named_as_the_heading_of_its_duty_leads_it() -> None:
    table = _read(
        HEAD
        + """\
四、职责分工
（二十一）市公安局。负责社会治安综合治理方面的调研，形成专题报告。
（二十二）市教育局：负责教育资源共建共享方面的调研。
（二十三）调研安排。各部门要结合实际提出方案，与调研组衔接后组织实施。
"""
    )
    assert _roles(table) == [
        ("市公安局", "lead", "市公安局"),
        ("市教育局", "lead", "市教育局"),
    ]


def test_a_department_s_task_heading_leads_its_sub_items_on_a_page_that_begins_inside() -> None:
    # a page of a plan's 部门职责 that begins at item （八）: each heading names the department
    # whose tasks follow (X主要工作任务：), 协助单位 / 工作协助部门 lines name who supports
    table = _read("""\
（八）县经济局主要工作任务：
1、贯彻落实淘汰落后产能的文件。
2、年底前完成两条生产线的淘汰。
（九）县公安局主要工作任务：
1、依法整治尾气排放不合格车辆。
协助单位：交通局、县城管监察大队。
（十）县国土局主要工作任务：
1、依法取缔农田挖砂。
工作协助部门：水务局
七、工作步骤
1、三月底前成立领导小组。
""")
    assert _roles(table) == [
        ("县经济局", "lead", "县经济局"),  # sub-items that name no one: the item is the task
        ("依法整治", "lead", "县公安局"),
        ("依法整治", "support", "交通局"),
        ("依法整治", "support", "县城管监察大队"),
        ("依法取缔", "lead", "县国土局"),
        ("依法取缔", "support", "水务局"),
    ]


def test_a_heading_about_tasks_that_names_no_department_leads_nothing() -> None:
    table = _read(HEAD + "一、总体安排\n（一）近期主要工作任务：\n1、开展调查。（区统计局牵头）\n")
    assert _roles(table) == [("开展调查", "lead", "区统计局")]


def test_a_by_clause_whose_verb_goes_on_before_the_supporters() -> None:
    table = _read(HEAD + "一、职责\n（一）规划区内的违法建设由县规划局负责牵头查处，发生地镇政府配合。\n"
                  "（二）其他违法建设由县城乡建委负责查处。\n")  # fmt: skip
    assert _roles(table) == [
        ("规划区内", "lead", "县规划局"),
        ("规划区内", "support", "发生地镇政府"),
        ("其他违法", "lead", "县城乡建委"),
    ]


def test_a_rule_written_beside_a_name_in_a_cell_is_no_aside_of_it() -> None:
    from fengong.errors import Location
    from fengong.ingest.cells import split_department_cell

    cell = split_department_cell("县民政局、各镇人民政府（县政府部门中列在首位的为牵头部门，下同）",
                                 Location("f", 3, 3))  # fmt: skip
    assert cell is not None and [m.text for m in cell.mentions] == ["县民政局", "各镇人民政府"]
    # the negative: a role mark or a real aside stays with its name
    cell = split_department_cell("区建管委（牵头单位）、区应急局（区安委办）", Location("f", 3, 3))
    assert cell is not None
    assert [m.text for m in cell.mentions][1] == "区应急局（区安委办）"


def test_a_news_page_s_issuer_is_who_issued_it_not_who_wrote_what_it_implements() -> None:
    table = _read("""\
《中共中央 国务院关于促进某事业发展的意见》重点任务分工方案印发
某工作部际联席会议办公室日前印发通知，对重点任务进行分工。
在服务体系方面，由国家卫生健康委负责，建成服务体系。
""")
    assert table.head.issuer == "某工作部际联席会议办公室"


def test_a_heading_of_a_number_and_a_quoted_title_gives_the_title_and_its_issuer() -> None:
    table = _read("""\
某府办〔2017〕136号《某市人民政府办公室关于深化区域合作的实施意见》
某府办〔2017〕136号
某市人民政府办公室关于深化
区域合作的实施意见
一、深化经济合作
（一）优化产业布局。（市发展改革局牵头）
""")
    assert table.head.number == "某府办〔2017〕136号"
    assert table.head.title == "某市人民政府办公室关于深化区域合作的实施意见"
    assert table.head.issuer == "某市人民政府办公室"


def test_a_measure_s_own_roles_above_its_measures_that_have_theirs_are_kept() -> None:
    # a national plan: （一） closes with who is responsible for the whole measure, then its
    # 具体措施 1. 2. each close with their own roles; both levels are read
    table = _read(
        HEAD
        + """\
一、把宏观政策和改革结合起来
（一）落实减税降费政策，为保市场主体提供支撑。（财政部、税务总局、市场监管总局等国务院相关部门及各地区按职责分工负责）
具体措施：
1.完善资金直达机制，加强日常监控。（财政部牵头，国务院相关部门及各地区按职责分工负责）
2.精准推送优惠政策信息。（税务总局牵头）
"""
    )
    roles = _roles(table)
    assert roles[:4] == [
        ("落实减税", "lead", "财政部"),
        ("落实减税", "lead", "税务总局"),
        ("落实减税", "lead", "市场监管总局"),
        ("落实减税", "lead", "各地区"),
    ]
    assert ("完善资金", "lead", "财政部") in roles and ("精准推送", "lead", "税务总局") in roles
    [measure] = [m for s in table.sections for m in s.measures]
    assert [t.whole_measure for t in measure.tasks] == [True, False, False]
    etc = measure.tasks[0].lead.mentions[2]  # type: ignore[union-attr]
    assert (etc.text, etc.followed_by_etc) == ("市场监管总局", True)


def test_a_lone_character_after_an_agency_s_name_is_no_part_of_it() -> None:
    from fengong.ingest.cells import name_tokens

    assert name_tokens("区财政局、区统计局、区") == ["区财政局", "区统计局", "区"]
    assert name_tokens("各街道、镇") == ["各街道镇"]  # the negative: a kind after a collective


def test_sectors_sharing_the_department_word_after_the_last_are_parties() -> None:
    table = _read(HEAD + "一、专项整治\n（三）道路交通安全专项整治，由公安、交通部门负责，有关部门配合。"
                  "要加大整治力度。\n（四）消防安全专项整治，由公安部门负责，有关部门配合。\n")  # fmt: skip
    assert _roles(table) == [
        ("道路交通", "lead", "公安"),
        ("道路交通", "lead", "交通部门"),
        ("道路交通", "support", "有关部门"),
        ("消防安全", "lead", "公安部门"),
        ("消防安全", "support", "有关部门"),
    ]


def test_a_news_page_of_who_leads_what_with_a_numbered_disclaimer_below() -> None:
    table = _read("""\
发布时间:2016-12-02 11:59
本报讯 我市集中开展安全生产专项整治行动。各县区负责本辖区的整治工作。
市安全监管局牵头,负责危险化学品领域的专项整治。市公安局牵头,负责道路交通领域的专项整治。
本网版权与免责声明
1、未经本网许可,任何人不得使用本网作品。
2、本网转载稿件不代表本网赞同其观点。
""")
    assert _roles(table) == [
        ("本报讯 ", "lead", "各县区"),  # a collective given its duty is a party too
        ("市安全监", "lead", "市安全监管局"),
        ("市公安局", "lead", "市公安局"),
    ]


def test_a_sentence_opening_with_a_department_that_leads_is_a_duty() -> None:
    from fengong.ingest.inline import duty_clause_starts

    found = duty_clause_starts(
        "要求部门牵头实施八大行动。即县水务局牵头,开展河道清理。县环保局牵头,开展水质监测。"
    )
    assert [[m.text for m in a.lead] for _, a in found] == [["县水务局"], ["县环保局"]]
    # a reference or an exhortation is no duty: 有关部门, 各地要负责
    assert duty_clause_starts("有关部门牵头,抓好落实。各地要负责落实。") == []


@pytest.mark.parametrize("printed", ["2020年2月30日", "2019年13月1日", "二〇二〇年二月三十日"])
def test_an_impossible_signature_date_is_unknown_with_a_warning(printed: str) -> None:
    # the strict head once wrote 2020-02-30: the build's check passed it, pySHACL failed it
    table = _read(f"某区人民政府办公室关于印发重点工作分工方案的通知\n某政办〔2024〕3号\n一、任务\n"
                  f"1.加强监管。（区应急局牵头）\n某区人民政府办公室\n{printed}\n")  # fmt: skip
    assert table.head.date == ""
    assert [w for w in table.warnings if w.field == "date" and "not a possible date" in w.message]
