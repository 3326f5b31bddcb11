"""Classification by content, and pages holding several documents."""

from prereview.classify import classify_lines, is_other_paper, looks_like, split_documents
from prereview.records import OcrLine


def line(text, x0, y0):
    return OcrLine(text, (x0, y0, x0 + 30 * len(text), y0 + 32), 0.98)


FRONT = [
    line("姓名张三", 60, 60),
    line("性别男民族汉", 60, 120),
    line("公民身份号码 110105199003071239", 60, 400),
]
BACK = [
    line("中华人民共和国", 300, 60),
    line("居民身份证", 300, 130),
    line("签发机关北京市公安局朝阳分局", 60, 380),
    line("有效期限2016.05.12-2036.05.12", 60, 430),
]


def shifted(lines, dy):
    return [
        OcrLine(x.text, (x.box[0], x.box[1] + dy, x.box[2], x.box[3] + dy), x.confidence)
        for x in lines
    ]


def test_types_by_keywords():
    assert classify_lines(FRONT) == "id_card_front"
    assert classify_lines(BACK) == "id_card_back"
    assert classify_lines(
        [line("营业执照", 0, 0), line("统一社会信用代码", 0, 50), line("法定代表人", 0, 100)]
    ) == ("business_licence")
    assert (
        classify_lines([line("不动产单元号", 0, 0), line("权利人", 0, 50), line("坐落", 0, 100)])
        == "property_deed"
    )


def test_other_text_and_nothing_are_unknown():
    assert (
        classify_lines([line("欢迎光临西湖风景区", 0, 0), line("门票 80 元", 0, 60)]) == "unknown"
    )
    assert classify_lines([]) == "unknown"


def test_front_and_back_on_one_page_are_split_top_to_bottom():
    page = tuple(FRONT + shifted(BACK, 900))
    parts = split_documents(page)
    assert [classify_lines(part) for part in parts] == ["id_card_front", "id_card_back"]
    assert len(parts[0]) == len(FRONT)


def test_two_documents_side_by_side_are_split_left_to_right():
    right = [
        OcrLine(x.text, (x.box[0] + 1500, x.box[1], x.box[2] + 1500, x.box[3]), x.confidence)
        for x in BACK
    ]
    parts = split_documents(tuple(FRONT + right))
    assert [classify_lines(part) for part in parts] == ["id_card_front", "id_card_back"]


def test_one_document_is_not_split():
    assert split_documents(tuple(FRONT)) == [tuple(FRONT)]


def test_an_anchor_starting_a_wrapped_line_makes_no_second_document():
    licence = [
        line("统一社会信用代码", 100, 100),
        line("91430104MA3LUB7Y83", 100, 160),
        line("营业执照", 500, 220),
        line("名称 长沙汇智建筑工程股份有限公司", 100, 420),
        line("法定代表人 姜云", 100, 550),
        line("营业期限2016年09月24日至2036年09月23日", 900, 550),
        line("经营范围一般项目：工程管理服务；建设工程施工（除依法须经批准的项目外，凭", 100, 620),
        line("营业执照依法自主开展经营活动）", 270, 700),
        line("登记机关长沙市岳麓区市场监督管理局", 980, 800),
    ]
    assert split_documents(tuple(licence)) == [tuple(licence)]


def test_other_papers_are_legible_text_without_document_keywords():
    register = [line("常住人口登记卡", 100, 100), line("户主或与户主关系 户主", 100, 200)]
    assert is_other_paper(register) and "户口簿" in looks_like(register)
    assert not is_other_paper([line("不动产权 权利人", 100, 100)])
    shaky = [OcrLine("常住人口登记卡户主", (0, 0, 100, 30), 0.5)]
    assert not is_other_paper(shaky)


def test_a_title_cut_off_from_its_licence_number_and_a_wrapped_scope_make_one_licence():
    # 注册号 above the title, and 营业执照 starting the scope's next line right under it:
    # neither side of any cut reads as a document of its own.
    licence = [
        line("注册号 371122681632492", 100, 120),
        line("营业执照", 500, 200),
        line("名称 日照市嘉禾餐饮管理有限公司", 200, 400),
        line("法定代表人 李波", 200, 460),
        line("注册资本 800万元人民币", 200, 520),
        line("成立日期 2007年05月12日", 200, 580),
        line("营业期限 2007年05月12日至2027年05月11日", 200, 640),
        line("经营范围 一般项目：外卖递送服务；餐饮服务。(除依法须经批准的项目外,凭", 200, 700),
        line("营业执照依法自主开展经营活动)", 200, 740),
    ]
    assert split_documents(tuple(licence)) == [tuple(licence)]


def test_an_overlay_written_across_a_copy_does_not_bridge_its_two_sides():
    across = OcrLine("办理公积金提取使用 他用", (0, 300, 1200, 1100), 0.97)
    page = tuple([*FRONT, across, *shifted(BACK, 900)])
    parts = split_documents(page)
    assert [classify_lines(part) for part in parts] == ["id_card_front", "id_card_back"]
    assert sum(len(part) for part in parts) == len(page)  # the overlay line is kept


def test_a_large_title_is_no_overlay_when_a_copy_is_cut():
    # 居民身份证 printed more than twice the body height stays a title: with it left out,
    # the widest gap would cut the back between its title and its rows.
    back = [
        line("中华人民共和国", 300, 60),
        OcrLine("居民身份证", (300, 130, 700, 214), 0.98),
        line("签发机关北京市公安局朝阳分局", 60, 460),
        line("有效期限2016.05.12-2036.05.12", 60, 510),
    ]
    page = tuple(FRONT + shifted(back, 600))
    parts = split_documents(page)
    assert [classify_lines(part) for part in parts] == ["id_card_front", "id_card_back"]
    assert len(parts[1]) == len(back)
