"""The tolerant head: each field from wherever a published page prints it (issue 15).

Every document here is written in our own words, in the layouts of real pages (a notice
signed by two organs, a website box that names the publishing unit without its place, a news
page that says who issued the plan, a notice whose own points run before its signature)."""

from __future__ import annotations

from fengong.ingest.head_fields import read_head_fields, tolerant_head
from fengong.ingest.traditional import simplified_copy


def _numbered(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.strip("\n").split("\n"), start=1))


def test_the_signature_names_the_issuer_before_a_box_that_drops_the_place() -> None:
    head = _numbered("""\
发布机构：区政府办
关于印发《重点工作分工方案》的通知
各街道办事处：
现将方案印发给你们。
北京市通州区人民政府办公室
2024年2月26日""")
    fields = read_head_fields(head, [], "x.txt")
    assert fields.issuer == ("北京市通州区人民政府办公室", 5)
    assert fields.date == ("2024-02-26", 6)


def test_a_box_issuer_stands_when_nothing_else_names_one() -> None:
    head = _numbered("""\
发布机构：区政府办
关于印发《重点工作分工方案》的通知
各街道办事处：""")
    assert read_head_fields(head, [], "x.txt").issuer == ("区政府办", 1)


def test_a_joint_signature_names_both_organs() -> None:
    tail = [
        (n + 10, t)
        for n, t in _numbered("""\
中共某某区委办公室
某某区人民政府办公室
2023年5月6日""")
    ]
    fields = read_head_fields([(1, "关于印发某方案的通知")], tail, "x.txt")
    assert fields.issuer == ("中共某某区委办公室 某某区人民政府办公室", 11)


def test_a_sentence_of_the_last_item_above_a_date_is_no_signature() -> None:
    tail = [
        (n + 10, t)
        for n, t in _numbered("""\
各单位要加强统筹协调，确保按期完成。
2023年5月6日""")
    ]
    fields = read_head_fields([(1, "重点工作分工方案")], tail, "x.txt")
    assert fields.issuer is None
    assert any(w.field == "issuer" for w in fields.warnings)


def test_a_news_page_says_who_issued_the_plan() -> None:
    head = _numbered("""\
某市发布年度重点任务分工
近日，某某市人民政府办公室印发《年度重点工作分工方案》，明确了各项任务。""")
    assert read_head_fields(head, [], "x.txt").issuer == ("某某市人民政府办公室", 2)


def test_a_plan_cited_as_issued_by_another_organ_is_not_the_issuer() -> None:
    head = _numbered("""\
重点工作分工方案
为落实省政府办公厅印发的《实施意见》，制定本方案。""")
    assert read_head_fields(head, [], "x.txt").issuer is None


def test_a_signature_after_the_notice_s_own_points_is_found_in_the_document() -> None:
    lines = _numbered("""\
关于印发《重点工作分工方案》的通知
一、压实责任。各单位要细化措施。
二、加强调度。每月报送进展。
某某县人民政府办公室
2024年3月1日
重点工作分工方案""")
    fields = read_head_fields(lines[:1], [], "x.txt", lines)
    assert fields.issuer == ("某某县人民政府办公室", 4)
    assert fields.date == ("2024-03-01", 5)


def test_traditional_characters_are_told_without_role_words() -> None:
    assert simplified_copy(("寶雞市人民政府辦公室關於促進經濟發展的意見",)) == (
        "宝鸡市人民政府办公室关于促进经济发展的意见",
    )
    assert simplified_copy(("各縣、區人民政府：", "（市稅務局、市財政局）")) is not None


def test_a_simplified_text_quoting_a_traditional_name_stays_simplified() -> None:
    assert simplified_copy(("区商务局牵头，联系香港貿易發展局。", "（区财政局配合）")) is None


def test_a_seal_for_another_organ_is_not_part_of_the_signature() -> None:
    tail = [(n + 10, t) for n, t in _numbered("某市节能减排工作领导小组办公室(代)\n2024年3月22日")]
    fields = read_head_fields([(1, "关于印发某方案的通知")], tail, "x.txt")
    assert fields.issuer == ("某市节能减排工作领导小组办公室", 11)
    assert fields.date == ("2024-03-22", 12)


def test_the_signature_date_wins_over_a_page_date_above_it() -> None:
    head = _numbered("""\
  • 2021-03-05
某政〔2021〕3号
某市人民政府关于印发分工的通知
各区人民政府：
现印发给你们。
某市人民政府
2021年2月23日""")
    assert read_head_fields(head, [], "x.txt").date == ("2021-02-23", 7)


def test_a_title_broken_over_lines_is_read_whole() -> None:
    head = _numbered("""\
某政办发〔2021〕5号
县人民政府办公室关于
对县《政府工作报告》确定的重点工作
进行责任分解的通知
各镇人民政府：""")
    fields = read_head_fields(head, [], "x.txt")
    assert fields.title == (
        "县人民政府办公室关于对县《政府工作报告》确定的重点工作进行责任分解的通知",
        2,
    )
    assert fields.issuer == ("县人民政府办公室", 2)


def test_a_page_s_source_names_the_issuer_only_when_nothing_else_does() -> None:
    head = _numbered(
        "某市2017年政府工作任务进展情况汇总表\n发布时间:2017-09-08 15:44  来源:市政府督查室"
    )
    fields = read_head_fields(head, [], "x.txt")
    assert fields.issuer == ("市政府督查室", 2)
    assert fields.title == ("某市2017年政府工作任务进展情况汇总表", 1)
    assert fields.date == ("2017-09-08", 2)
    named = _numbered("某市人民政府关于印发分工的通知\n来源:市政府督查室")
    assert read_head_fields(named, [], "x.txt").issuer == ("某市人民政府", 1)
    person = _numbered("某市任务汇总表\n时间: 2015-09-07 来源: linda")
    assert read_head_fields(person, [], "x.txt").issuer is None


def test_a_news_page_says_the_state_council_published_it() -> None:
    head = _numbered("近日，国务院发布关于落实《政府工作报告》重点工作部门分工的意见。")
    assert read_head_fields(head, [], "x.txt").issuer == ("国务院", 1)


def test_a_breadcrumb_before_the_title_on_its_line_is_not_the_title_s() -> None:
    head = _numbered(
        "600字范文 > 某省人民政府关于落实重点工作部门分工的意见\n时间:2019-01-23 08:59:39"
    )
    fields = read_head_fields(head, [], "x.txt")
    assert fields.title == ("某省人民政府关于落实重点工作部门分工的意见", 1)
    assert fields.issuer == ("某省人民政府", 1)


def test_the_date_of_signature_comes_before_the_date_sent_out() -> None:
    head = _numbered("""\
索引号 | 0001/2022-01099 | 签发时间 | 2022-07-28 |
发文日期 | 2022-07-28 | 有效性 | |
某市人民政府办公室关于印发分工方案的通知
各县人民政府：
现印发给你们。
某市人民政府办公室
2022年7月25日""")
    assert read_head_fields(head, [], "x.txt").date == ("2022-07-25", 7)
    boxed = _numbered(
        "成文日期：2022-07-20\n发文日期：2022-07-28\n某市人民政府办公室\n2022年7月25日"
    )
    assert read_head_fields(boxed, [], "x.txt").date == ("2022-07-20", 1)


def test_a_document_cited_by_the_notice_does_not_issue_it() -> None:
    head = _numbered(
        "某市关于印发优化营商环境行动方案的通知\n根据《国务院办公厅关于印发重点任务分工方案的通知》要求，制定本方案。"
    )
    assert read_head_fields(head, [], "x.txt").issuer is None  # 某市 names no organ
    news = _numbered("今天，某区人民政府网站发布了《某区人民政府办公室关于印发工作要点的通知》。")
    assert read_head_fields(news, [], "x.txt").issuer == ("某区人民政府办公室", 1)


# the text of a head without a 文号: which plan the table implements


def test_the_text_above_the_signature_of_a_head_without_number_is_read() -> None:
    # a notice without a 文号 signed under its text (the date follows the text, not the
    # title): the text says which plan it implements; the signature and date are not text
    head, _ = tolerant_head(
        _numbered("""\
某某市人民政府办公厅关于印发某某市应急体系建设规划任务分解的通知
各县（市、区）人民政府，市直各有关单位：
为贯彻落实《某某省应急体系建设规划》，经市人民政府同意，现将任务分解印发给你们，请认真组织实施。
某某市人民政府办公厅
2099年4月13日"""),
        [],
        "x.txt",
    )
    assert [c.title for c in head.applies] == ["某某省应急体系建设规划"]
    assert head.body.endswith("请认真组织实施。") and "2099" not in head.body
    assert "办公厅\n" not in head.body + "\n"  # the signing organ is no line of the text


def test_a_head_without_number_or_title_has_its_text_read_too() -> None:
    head, _ = tolerant_head(
        _numbered("""\
某某区安全生产委员会办公室
各成员单位：
为贯彻落实《某某市电动自行车安全管理实施意见》，制定本表。
某某区安全生产委员会办公室
2099年3月15日"""),
        [],
        "x.txt",
    )
    assert [c.title for c in head.applies] == ["某某市电动自行车安全管理实施意见"]
    assert "2099" not in head.body


def test_text_after_the_date_of_a_head_without_number_is_still_read() -> None:
    # the attached plan's own opening under the notice's signature keeps its citation
    head, _ = tolerant_head(
        _numbered("""\
某某市人民政府办公厅关于印发某某规划任务分解的通知
现将任务分解印发给你们。
某某市人民政府办公厅
2099年4月13日
某某规划任务分解
根据《某某市突发事件应对办法》，制定本分解。"""),
        [],
        "x.txt",
    )
    assert [c.title for c in head.based_on] == ["某某市突发事件应对办法"]


def test_a_letterhead_above_the_text_is_not_taken_for_the_signature() -> None:
    # no 文号, no title: the issuer is the 版头 at the top, the text runs to the date
    head, _ = tolerant_head(
        _numbered("""\
某某区安全生产委员会办公室文件
各成员单位：
为贯彻落实《某某市电动自行车安全管理实施意见》，制定本表。
2099年3月15日"""),
        [],
        "x.txt",
    )
    assert [c.title for c in head.applies] == ["某某市电动自行车安全管理实施意见"]


def test_a_number_and_date_on_one_line_above_the_title_start_nothing() -> None:
    # 某政发〔2099〕8号 2099年3月17日 above the title: the text is what follows the title,
    # not the page's lines above the 文号
    head, _ = tolerant_head(
        _numbered("""\
首页 > 政务公开 > 政策文件
某政发〔2099〕8号 2099年3月17日
某某省人民政府关于加强某项工作的意见
为贯彻落实《某某规划》，现提出如下意见。"""),
        [],
        "x.txt",
    )
    assert head.body == "为贯彻落实《某某规划》，现提出如下意见。"
