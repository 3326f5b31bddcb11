"""Field extraction on hand-made OCR lines: fused labels, split boxes, wrapped values."""

from prereview.extract import (
    extract_fields,
    field_regions,
    overlay_text,
    rows_from_lines,
    term_end,
    validity,
)
from prereview.records import OcrLine


def line(text, x0, y0, x1=None, y1=None, conf=0.99):
    return OcrLine(
        text, (x0, y0, x1 if x1 is not None else x0 + 30 * len(text), y1 or y0 + 32), conf
    )


def values(fields):
    return {name: found.value for name, found in fields.items()}


ID_FRONT_FUSED = (
    line("姓名张三丰", 60, 60),
    line("性别男民族汉", 60, 130),
    line("出生1990年3月7日", 60, 200),
    line("住址浙江省杭州市西湖区文三路", 60, 270),
    line("478号华星时代广场A座1201室", 140, 320),
    line("公民身份号码 33010619900307123X", 60, 500, conf=0.95),
)


def test_id_front_with_labels_fused_to_values():
    fields = extract_fields("id_card_front", ID_FRONT_FUSED)
    assert values(fields) == {
        "name": "张三丰",
        "sex": "男",
        "ethnicity": "汉",
        "birth_date": "1990-03-07",
        "address": "浙江省杭州市西湖区文三路478号华星时代广场A座1201室",
        "id_number": "33010619900307123X",
    }
    # The box of a fused value leaves out its label, and the confidence is its line's.
    assert fields["name"].box[0] > 60
    assert fields["id_number"].confidence == 0.95


def test_id_front_with_labels_in_their_own_boxes():
    lines = (
        line("姓 名", 60, 60),
        line("李四", 200, 62),
        line("性 别", 60, 130),
        line("女", 200, 131),
        line("民 族", 300, 130),
        line("回", 420, 131),
        line("出 生", 60, 200),
        line("1985 年 12 月 1 日", 200, 200),
        line("住 址", 60, 270),
        line("北京市朝阳区建国路", 200, 270),
        line("88号", 200, 320),
        line("公民身份号码", 60, 500),
        line("11010519851201002x", 330, 498),
    )
    assert values(extract_fields("id_card_front", lines)) == {
        "name": "李四",
        "sex": "女",
        "ethnicity": "回",
        "birth_date": "1985-12-01",
        "address": "北京市朝阳区建国路88号",
        "id_number": "11010519851201002X",
    }


def test_id_back_validity_and_long_term():
    lines = (
        line("中华人民共和国", 300, 60),
        line("居民身份证", 300, 140),
        line("签发机关杭州市公安局西湖分局", 100, 400),
        line("有效期限2010.01.04-长期", 100, 470),
    )
    assert values(extract_fields("id_card_back", lines)) == {
        "issuing_authority": "杭州市公安局西湖分局",
        "valid_from": "2010-01-04",
        "valid_until": "长期",
    }


def test_business_licence_old_layout_and_wrapped_scope():
    lines = (
        line("营业执照", 600, 40),
        line("统一社会信用代码 91330106MA2H3KXQ5P", 60, 120),
        line("名称", 60, 200),
        line("杭州云帆信息技术有限公司", 260, 200),
        line("主体类型", 60, 260),
        line("有限责任公司(自然人投资或控股)", 260, 260),
        line("法定代表人", 60, 320),
        line("张三丰", 260, 320),
        line("经营范围", 60, 380),
        line("技术开发、技术服务；软件销售；", 260, 380),
        line("信息系统集成服务", 260, 430),
        line("注册资本 伍佰万元整", 60, 500),
        line("成立日期 2018年06月21日", 60, 560),
        line("营业期限 2018年06月21日至长期", 60, 620),
        line("住所 浙江省杭州市西湖区文三路478号", 60, 680),
        line("登记机关", 60, 760),
        line("杭州市西湖区市场监督管理局", 260, 760),
    )
    assert values(extract_fields("business_licence", lines)) == {
        "credit_code": "91330106MA2H3KXQ5P",
        "name": "杭州云帆信息技术有限公司",
        "type": "有限责任公司（自然人投资或控股）",
        "legal_representative": "张三丰",
        "registered_capital": "伍佰万元整",
        "established_date": "2018-06-21",
        "business_term_until": "长期",
        "address": "浙江省杭州市西湖区文三路478号",
        "registration_authority": "杭州市西湖区市场监督管理局",
    }


def test_business_licence_two_fields_on_one_row_and_branch_head():
    lines = (
        line("名称 杭州云帆信息技术有限公司西湖分公司", 60, 200),
        line("负责人 李四", 900, 200),
        line("统一社会信用代码", 60, 120),
        line("91330106MA2H3KXQ5P", 400, 120),
    )
    fields = values(extract_fields("business_licence", lines))
    assert fields["name"] == "杭州云帆信息技术有限公司西湖分公司"
    assert fields["legal_representative"] == "李四"
    assert fields["credit_code"] == "91330106MA2H3KXQ5P"


def test_property_deed_table_with_wrapped_cells():
    lines = (
        line("浙(2021)杭州市不动产权第0012345号", 100, 60),
        line("权利人", 60, 200),
        line("张三、李四", 300, 200),
        line("共有情况", 60, 260),
        line("共同共有", 300, 260),
        line("坐落", 60, 320),
        line("杭州市西湖区文三路478号", 300, 320),
        line("3幢2单元1201室", 300, 360),
        line("不动产单元号", 60, 420),
        line("330106006001GB00123F00010001", 300, 420),
        line("权利类型", 60, 480),
        line("国有建设用地使用权/房屋所有权", 300, 480),
        line("权利性质", 60, 540),
        line("出让/市场化商品房", 300, 540),
        line("用途", 60, 600),
        line("城镇住宅用地/住宅", 300, 600),
        line("面积", 60, 660),
        line("共有宗地面积2345.6m2/房屋建筑面积89.56m2", 300, 660),
        line("使用期限", 60, 720),
        line("2003年05月01日起2073年04月30日止", 300, 720),
        line("权利其他状况", 60, 780),
    )
    assert values(extract_fields("property_deed", lines)) == {
        "certificate_number": "浙（2021）杭州市不动产权第0012345号",
        "owner": "张三、李四",
        "co_ownership": "共同共有",
        "location": "杭州市西湖区文三路478号3幢2单元1201室",
        "unit_number": "330106006001GB00123F00010001",
        "right_type": "国有建设用地使用权/房屋所有权",
        "usage": "城镇住宅用地/住宅",
        "area": "共有宗地面积2345.6㎡/房屋建筑面积89.56㎡",
        "term_until": "2073-04-30",
    }


def test_unreadable_field_is_left_out():
    lines = (line("姓名", 60, 60), line("公民身份号码 1101051990", 60, 500))
    assert extract_fields("id_card_front", lines) == {}


def test_unknown_type_has_no_fields():
    assert extract_fields("unknown", ID_FRONT_FUSED) == {}


def test_rows_group_lines_by_vertical_overlap():
    rows = rows_from_lines([line("B", 300, 102), line("A", 60, 100), line("C", 60, 200)])
    assert [row.text for row in rows] == ["AB", "C"]


def test_first_line_of_a_taller_cell_belongs_to_the_label_centred_on_it():
    lines = (
        line("使用期限", 60, 720),
        line("2003年05月01日起2073年04月30日止", 300, 720),
        line("专有建筑面积45.90m2", 300, 790),
        line("权利其他状况", 60, 830),
        line("房屋结构：混合结构", 300, 830),
    )
    fields = extract_fields("property_deed", lines)
    assert fields["term_until"].value == "2073-04-30"
    assert fields["term_until"].box[3] == 752  # the term's own line only


# --- documents the samples never showed (issue 8) -----------------------------------------
# Made-up values on hand-placed lines, shaped like the classes of misreading seen on real
# photos: never text from the real development set.


def test_labels_of_two_rows_read_down_a_column_go_back_to_their_rows():
    lines = (
        OcrLine("名类", (60, 200, 110, 310), 0.99),  # 名/类 of 名 称 and 类 型, read vertically
        line("称", 200, 206),
        line("青州远山贸易有限公司", 260, 204),
        OcrLine("型所", (200, 256, 250, 362), 0.99),
        line("有限责任公司(自然人独资)", 260, 260),
        line("住", 60, 316),
        line("山东省青州市云门山街道南环路8号", 260, 312),
        line("法定代表人", 60, 380),
        line("周一鸣", 260, 380),
    )
    fields = values(extract_fields("business_licence", lines))
    assert fields["name"] == "青州远山贸易有限公司"
    assert fields["type"] == "有限责任公司（自然人独资）"
    assert fields["address"] == "山东省青州市云门山街道南环路8号"
    assert fields["legal_representative"] == "周一鸣"


def test_one_half_of_a_letter_spaced_label_in_its_own_box_is_the_label():
    lines = (
        line("名", 60, 200),
        line("称青州远山贸易有限公司", 200, 200),
        line("类", 60, 260),  # 型 lost
        line("有限责任公司(自然人独资)", 260, 262),
        line("住", 60, 320),
        line("山东省青州市南环路8号", 260, 322),
    )
    fields = values(extract_fields("business_licence", lines))
    assert fields["name"] == "青州远山贸易有限公司"
    assert fields["type"] == "有限责任公司（自然人独资）"
    assert fields["address"] == "山东省青州市南环路8号"


def test_labels_read_one_character_off():
    front = (
        line("姓名吴小琴", 60, 60),
        line("性别女名族汉", 60, 130),
        line("出生1992年5月17日", 60, 200),
    )
    assert values(extract_fields("id_card_front", front))["ethnicity"] == "汉"
    back = (line("签发机关青州市公安局", 100, 400), line("有限期限2015.03.02-2035.03.02", 100, 470))
    fields = values(extract_fields("id_card_back", back))
    assert (fields["valid_from"], fields["valid_until"]) == ("2015-03-02", "2035-03-02")


def test_name_whose_label_was_misread_is_taken_from_the_value_column():
    lines = (
        OcrLine("么吴小琴", (60, 60, 260, 92), 0.83),  # 姓名 read as 么
        line("性别女民族汉", 60, 130),
        line("出生1992年5月17日", 60, 200),
        line("住址山东省青州市南环路8号", 60, 270),
    )
    assert values(extract_fields("id_card_front", lines))["name"] == "吴小琴"


def test_label_variants_of_real_layouts():
    shenzhen = (
        line("名称 深圳市远山科技有限公司", 60, 200),
        line("商事主体类型 有限责任公司", 60, 260),
    )
    assert values(extract_fields("business_licence", shenzhen))["type"] == "有限责任公司"
    older_card = (line("公民身份证号码 370781199205170028", 60, 500),)
    assert values(extract_fields("id_card_front", older_card)) == {
        "id_number": "370781199205170028"
    }
    # A licence from before 2015: a registration number, no credit code, and 组成形式.
    sole_trader = (
        line("注册号 370781600123456", 60, 120),
        line("名称 青州市远山小吃店", 60, 200),
        line("经营者 周一鸣", 60, 260),
        line("组成形式 个人经营", 60, 320),
    )
    fields = values(extract_fields("business_licence", sole_trader))
    assert "credit_code" not in fields
    assert fields["name"] == "青州市远山小吃店"
    assert fields["legal_representative"] == "周一鸣"


def test_value_stops_at_the_other_column_when_its_label_was_lost():
    lines = (
        line("型", 60, 260),
        line("有限责任公司(自然人投资或控股)", 110, 262),
        line("2009年07月01日", 1200, 262),  # 成立日期 hidden under a watermark
        line("法定代表人周一鸣", 60, 320),
        line("限2009年07月01日至长期", 1150, 322),  # 营业期 lost
    )
    fields = values(extract_fields("business_licence", lines))
    assert fields["type"] == "有限责任公司（自然人投资或控股）"
    assert fields["legal_representative"] == "周一鸣"
    assert fields["business_term_until"] == "长期"
    assert "established_date" not in fields


def test_wrapped_value_in_the_right_column_beside_the_wrapped_scope():
    lines = (
        line("经营范围", 60, 380),
        line("技术开发、技术服务；", 260, 380),
        line("住所", 900, 380),
        line("山东省青州市云门山街道", 1050, 380),
        line("软件销售。", 260, 420),
        line("南环路8号", 1050, 420),
    )
    assert values(extract_fields("business_licence", lines))["address"] == (
        "山东省青州市云门山街道南环路8号"
    )


def test_first_line_above_the_label_row_is_read_first():
    lines = (
        line("住", 900, 370),
        line("所", 1000, 372),
        line("远山科技园B座602室", 1060, 388),
        line("山东省青州市南环路8号", 1062, 356),
    )
    assert values(extract_fields("business_licence", lines))["address"] == (
        "山东省青州市南环路8号远山科技园B座602室"
    )


def test_business_term_is_the_end_of_the_range_never_its_start():
    assert term_end("2016年08月02日至2066年08月01日") == "2066-08-01"
    assert term_end("2016年08月02日至") is None
    assert term_end("2016年08月02日") is None
    assert term_end("2018年03月30日至长期") == "长期"
    assert term_end("2003年05月01日起2073年04月30日止") == "2073-04-30"
    lines = (line("营业期限 2016年08月02日 至 2066年08月01日", 60, 620),)
    fields = values(extract_fields("business_licence", lines))
    assert fields["business_term_until"] == "2066-08-01"


def test_deed_term_wrapped_over_two_lines():
    lines = (
        line("使用期限", 60, 720),
        line("国有建设用地使用权2000年04月17日起2050年04月16日", 300, 700),
        line("止", 300, 740),
        line("权利其他状况", 60, 820),
    )
    assert values(extract_fields("property_deed", lines))["term_until"] == "2050-04-16"


def test_partly_covered_validity_keeps_its_readable_end():
    assert validity("3.14-2029.05.14") == (None, "2029-05-14")
    lines = (
        line("签发机关青州市公安局", 100, 400),
        line("有效", 100, 470),
        line("3.14-2029.05.14", 300, 470),
    )
    fields = values(extract_fields("id_card_back", lines))
    assert fields["valid_until"] == "2029-05-14"
    assert "valid_from" not in fields


def test_overlay_phrases_are_left_out_of_values_and_recorded():
    lines = (
        line("法定代表人周一鸣仅限官网展示使用", 60, 320),
        line("住所山东省青州市南环路8号样证", 60, 380),
        line("仅供办理开户使用 他用无效", 400, 900),
    )
    fields = values(extract_fields("business_licence", lines))
    assert fields["legal_representative"] == "周一鸣"
    assert fields["address"] == "山东省青州市南环路8号"
    assert overlay_text(lines) == ("仅限官网展示使用", "样证", "仅供办理开户使用", "他用无效")


def test_seal_only_authority_is_absent_not_junk():
    for neighbour in ("海", "2021年", "2、市场主体应当于每年1月1日至6月30日报送年度报告。"):
        lines = (
            line("名称 青州远山贸易有限公司", 60, 200),
            line("登记机关", 800, 900),
            line(neighbour, 1000, 902),
            line("2021年01月20日", 900, 960),
        )
        assert "registration_authority" not in extract_fields("business_licence", lines)


def test_lexicon_corrections():
    lines = (
        line("住所廈門市思明區遠山路8號", 60, 380),
        line("登记机关成部市武侯区市场监督管理局", 60, 900),
    )
    fields = values(extract_fields("business_licence", lines))
    assert fields["address"] == "厦门市思明区远山路8号"
    assert fields["registration_authority"] == "成都市武侯区市场监督管理局"
    front = (line("性别女民族维吾儿", 60, 130),)
    assert values(extract_fields("id_card_front", front))["ethnicity"] == "维吾尔"
    unknown = (line("性别女民族火星", 60, 130),)
    assert "ethnicity" not in extract_fields("id_card_front", unknown)


def test_a_licence_name_whose_label_was_lost_is_read_under_the_title():
    lines = (
        line("营业执照", 480, 180, 1110, 310),
        line("深圳市福田区云帆建筑工程有", 282, 419),
        line("注册资本", 874, 415),
        line("叁佰万元整", 1054, 416),
        line("限公司", 285, 458),
        line("商事主体类型有限责任公司", 109, 504),
        line("法定代表人", 105, 589),
        line("蔡玲琳", 282, 588),
    )
    fields = extract_fields("business_licence", lines)
    assert fields["name"].value == "深圳市福田区云帆建筑工程有限公司"
    assert fields["registered_capital"].value == "叁佰万元整"


def test_an_established_date_whose_label_was_lost_sits_between_capital_and_term():
    lines = (
        line("营业执照", 480, 180, 1110, 310),
        line("名称 成都市卓越餐饮管理有限公司", 106, 420),
        line("注册资本", 876, 420),
        line("壹仟万元整", 1056, 420),
        line("期2004年11月12日", 977, 476),  # 成立日 under an overlay
        line("营业期限", 876, 536),
        line("2004年11月12日至长期", 1056, 536),
        line("住所", 876, 592),
        line("四川省成都市锦江区春熙路800号", 1056, 592),
    )
    fields = extract_fields("business_licence", lines)
    assert fields["established_date"].value == "2004-11-12"
    assert fields["business_term_until"].value == "长期"


def test_taller_fragments_of_an_overlay_phrase_are_left_out_of_values():
    lines = (
        line("姓名陆思霞", 54, 54),
        line("性别女", 55, 136),
        line("民族汉", 281, 136),
        line("出生", 59, 208),
        line("1971年10月26日", 161, 206),
        line("使用", 508, 230, 626, 300),  # written over the card, larger than the print
        line("住址", 58, 282),
        line("河南省漯河市郾城区沙澧大", 163, 276),
        line("道92号澧河湾27幢3单元2502室", 159, 318),
        line("限", 245, 330, 350, 417),
        line("公民身份号码 411103197110260203", 59, 475),
    )
    fields = extract_fields("id_card_front", lines)
    assert fields["address"].value == "河南省漯河市郾城区沙澧大道92号澧河湾27幢3单元2502室"


def test_a_centred_cells_first_line_is_measured_against_its_own_column():
    # The right column's address is centred on its label: its first line is above the
    # label's row, beside the end of the left column's type (a row of that column only).
    lines = (
        line("营业期限", 875, 527),
        line("2012年10月12日至长期", 1056, 530),
        line("类", 106, 536, 156, 574),
        line("型", 206, 536, 253, 573),
        line("有限责任公司（港澳台法人", 288, 517),
        line("独资)", 284, 554, 364, 595),
        line("福建省厦门市思明区莲前西", 1058, 581, 1399, 614),
        line("法定代表人", 108, 609, 256, 643),
        line("胡晨", 282, 607, 351, 644),
        line("住", 876, 620, 924, 656),
        line("所", 982, 619, 1026, 656),
        line("路577号莲花五村12幢1单元", 1055, 622, 1402, 655),
        line("2101室", 1054, 658, 1151, 697),
    )
    fields = extract_fields("business_licence", lines)
    assert fields["address"].value == "福建省厦门市思明区莲前西路577号莲花五村12幢1单元2101室"


def test_an_authority_ends_at_its_last_authority_word_when_digits_follow():
    lines = (
        line("中华人民共和国", 279, 96),
        line("签发机关", 180, 470),
        line("深圳市公安局南山分局", 330, 466),
        line(".20-2039.06.20", 464, 520),  # the validity, its start covered, read into the row
        line("有效期限", 188, 575),
    )
    fields = extract_fields("id_card_back", lines)
    assert fields["issuing_authority"].value == "深圳市公安局南山分局"
    assert fields["valid_until"].value == "2039-06-20"


def test_an_address_that_is_only_a_date_is_none():
    lines = (
        line("姓名王云倩", 60, 60),
        line("出生", 60, 200),
        line("住址 1954年5月24日", 60, 270),
    )
    assert "address" not in extract_fields("id_card_front", lines)


def test_one_large_label_character_alone_is_not_kept_as_a_label():
    # 用 (of an overlay, far taller than the print) is a character of 统一社会信用代码.
    lines = (
        line("统一社会信用代码", 96, 105, 342, 143),
        line("91411103MAWQNBJ213", 96, 156, 484, 194),
        line("营业执照", 486, 208, 1111, 343),
        line("用", 1309, 314, 1473, 468),
        line("(正本)", 745, 328, 859, 372),
        line("注册资本人民币100.0000万元整", 874, 420, 1349, 462),
        line("名称 漯河市郾城区天成信息技术有限公司", 108, 425, 684, 459),
        line("成立日期2015年09月18日", 871, 464, 1268, 513),
    )
    fields = extract_fields("business_licence", lines)
    assert fields["registered_capital"].value == "人民币100.0000万元整"


def test_id_back_authority_without_its_label_is_the_row_that_names_an_authority():
    lines = (
        line("中华人民共和国", 300, 77),
        line("居民身份证", 300, 180),
        line("婺源县公安局", 300, 410),
        line("有效期限", 150, 491),
        line("2024.04.05-2034.04.05", 400, 493),
    )
    assert values(extract_fields("id_card_back", lines))["issuing_authority"] == "婺源县公安局"
    # The label's remains in front of the name: not taken for a name.
    remains = (*lines[:2], line("机关婺源县公安局", 300, 410), *lines[3:])
    assert "issuing_authority" not in extract_fields("id_card_back", remains)


def test_a_lost_authority_row_is_looked_for_right_above_the_validity_label():
    lines = (line("中华人民共和国", 300, 77), line("有效期限", 150, 491, 270, 533))
    region = field_regions("id_card_back", lines)["issuing_authority"]
    # Above the validity row, from its label's left edge rightwards.
    assert region[0] == 150 and region[1] < 491 - 42 and region[3] < 491


def test_deed_owners_folded_to_simplified_forms():
    lines = (line("权利人", 60, 100), line("黃明敏、雷霞娜", 200, 100))
    assert values(extract_fields("property_deed", lines))["owner"] == "黄明敏、雷霞娜"


def test_letter_spaced_label_halves_grouped_into_two_rows_stay_out_of_the_value():
    lines = (
        line("法定代表人", 106, 613, 259, 651),
        line("吴子", 278, 613, 350, 649),
        line("住", 877, 633, 915, 666),
        line("所", 985, 633, 1030, 667),
        line("山东省青岛市市南区东海西路86", 1056, 633, 1455, 666),
        line("2号25号楼2205室", 1055, 673, 1272, 706),
    )
    fields = values(extract_fields("business_licence", lines))
    assert fields["address"] == "山东省青岛市市南区东海西路862号25号楼2205室"


def test_an_address_does_not_continue_onto_the_sentences_of_a_scope_whose_label_was_lost():
    lines = (
        line("住所浙江省丽水市缙云县溶江路283号2", 196, 782, 836, 820),
        line("6号楼1004室", 381, 821, 571, 861),
        line("般项目：市场营销策划；摄像及视频制作服务；", 420, 886, 1009, 923),
        line("广告设计、代理；图文设计制作。", 396, 927, 992, 964),
    )
    fields = values(extract_fields("business_licence", lines))
    assert fields["address"] == "浙江省丽水市缙云县溶江路283号26号楼1004室"


# A licence's two columns, the name's two lines set above and below its letter-spaced label.
NAME_AROUND_ITS_LABEL = (
    line("上海市浦东新区天成文化传媒", 329, 477, 693, 507),
    line("注册资本", 918, 477, 1064, 508),
    line("伍拾万元整", 1093, 476, 1241, 511),
    line("名", 143, 494, 190, 530),
    line("称", 250, 496, 292, 529),
    line("有限公司", 326, 516, 443, 547),
    line("成立日期", 916, 521, 1062, 556),
    line("2015年02月12日", 1095, 524, 1293, 555),
    line("类", 146, 579, 193, 615),
    line("型", 253, 582, 291, 614),
    line("有限责任公司", 325, 580, 520, 614),
    line("营业期限", 916, 587, 1062, 622),
    line("2015年02月12日至长期", 1092, 587, 1467, 621),
)


def test_a_value_above_and_below_its_label_is_bounded_by_the_other_column():
    fields = values(extract_fields("business_licence", NAME_AROUND_ITS_LABEL))
    assert fields["name"] == "上海市浦东新区天成文化传媒有限公司"
    assert fields["registered_capital"] == "伍拾万元整"


def test_a_label_read_without_its_first_character_does_not_take_the_values_last():
    lines = (
        line("类", 105, 510, 146, 547),
        line("型", 215, 512, 253, 545),
        line("有限责任公司（非自然人投资", 288, 511, 656, 545),
        line("业期限", 901, 510, 1029, 557),
        line("2015年03月03日至2035年03月02日", 1056, 517, 1432, 551),
        line("法定代表人", 106, 595, 254, 633),
        line("尹林宏", 285, 594, 380, 634),
    )
    fields = values(extract_fields("business_licence", lines))
    assert fields["type"] == "有限责任公司（非自然人投资"
    assert fields["business_term_until"] == "2035-03-02"


def test_a_label_line_with_one_character_lost_is_the_label():
    lines = (
        line("1997年09月01日起2067年08月31日", 354, 916, 802, 953),
        line("使用期", 105, 940, 248, 982),
    )
    assert values(extract_fields("property_deed", lines))["term_until"] == "2067-08-31"


def test_a_deeds_lost_term_row_is_looked_for_above_the_next_label():
    lines = (
        line("面积", 103, 811, 309, 854),
        line("共有宗地面积15206.6㎡/房屋建筑面积83.28㎡", 348, 784, 947, 830),
        line("权利其他状况", 104, 1113, 308, 1153),
    )
    region = field_regions("property_deed", lines)["term_until"]
    assert region[1] == 854 and region[3] < 1113


def test_a_place_one_character_off_several_is_settled_by_the_documents_own_division_code():
    deed = (
        line("皖（2019）毫州市不动产权第0395966号", 300, 89),
        line("不动产单元号", 106, 454),
        line("341602003024GB45799F00291504", 352, 456),
        line("坐落", 99, 520),
        line("安徽省毫州市谯城区芍花路674号", 352, 520),
    )
    fields = values(extract_fields("property_deed", deed))
    assert fields["certificate_number"] == "皖（2019）亳州市不动产权第0395966号"
    assert fields["location"] == "安徽省亳州市谯城区芍花路674号"
    # Without the unit number, 毫州市 is one character from several cities: left as read.
    assert values(extract_fields("property_deed", deed[:1]))["certificate_number"] == (
        "皖（2019）毫州市不动产权第0395966号"
    )


def test_a_licences_name_and_address_settled_by_its_registration_numbers_division():
    lines = (
        line("注册号 341602361797440", 100, 123),
        line("名称", 194, 399),
        line("毫州市云帆建筑工程有限公司", 397, 399),
        line("住所", 198, 640),
        line("安徽省毫州市谯城区魏武大道409号", 397, 640),
    )
    fields = values(extract_fields("business_licence", lines))
    assert fields["name"] == "亳州市云帆建筑工程有限公司"
    assert fields["address"] == "安徽省亳州市谯城区魏武大道409号"


def test_a_label_row_without_a_value_is_bounded_by_the_next_columns_labels_beside_it():
    # 类型 centred on its two-line value: the row of 类 | 型 holds no value; the lines above
    # and below hold the right column's labels, which bound the value's column.
    lines = (
        line("名", 106, 420, 146, 458),
        line("称", 216, 422, 260, 453),
        line("远山市云帆贸易有限公司", 286, 420, 598, 453),
        line("注册资本", 872, 416, 1026, 458),
        line("贰佰万元整", 1055, 420, 1269, 454),
        line("有限责任公司（自然人投资或", 288, 479, 658, 512),
        line("成立日期", 876, 477, 1025, 515),
        line("2020年08月19日", 1056, 479, 1279, 512),
        line("类", 105, 496, 146, 535),
        line("型", 210, 497, 253, 533),
        line("控股)", 284, 516, 365, 556),
        line("营业期限", 875, 535, 1024, 573),
        line("2020年08月19日至长期", 1056, 537, 1381, 570),
        line("范月海", 281, 574, 379, 613),
        line("法定代表人", 106, 576, 258, 610),
    )
    fields = values(extract_fields("business_licence", lines))
    assert fields["type"] == "有限责任公司（自然人投资或控股）"
    assert fields["business_term_until"] == "长期"


def test_a_value_stops_where_the_next_label_starts_inside_a_line():
    # A mark read in front of the next column's label (十营业期限) is not the type's.
    lines = (
        line("类", 105, 513, 160, 555),
        line("型", 206, 516, 254, 551),
        line("有限责任公司（自然人投资或控", 286, 517, 685, 551),
        line("十营业期限", 833, 514, 1032, 577),
        line("2022年04月20日至长期", 1054, 530, 1368, 564),
        line("股的法人独资)", 286, 555, 471, 593),
        line("主要经营场所 远山省云帆市鄞州区姜山镇甬临", 867, 572, 1459, 624),
        line("法定代表人 卢秀晶", 105, 605, 380, 647),
        line("路51号29号楼1704室", 1056, 620, 1328, 655),
    )
    fields = values(extract_fields("business_licence", lines))
    assert fields["type"] == "有限责任公司（自然人投资或控股的法人独资）"
    assert fields["business_term_until"] == "长期"


def test_a_value_centred_on_its_label_ends_as_far_below_as_it_starts_above():
    # The address is centred on 主要经营场所 (one line above, one below); the next line is
    # the first of the scope, whose label is centred two lines lower.
    lines = (
        line("法定代表人", 200, 330, 350, 365),
        line("龙海", 400, 330, 470, 365),
        line("远山省云帆市福田区彩田路438号", 400, 400, 820, 435),
        line("主要经营场所", 200, 420, 380, 455),
        line("黄埔雅苑9幢1单元1901室", 400, 440, 720, 475),
        line("一般项目：服装服饰零售；化妆品批发；日用", 400, 490, 980, 525),
        line("百货销售；五金产品批发。（除依法须经批准", 400, 530, 980, 565),
        line("经营范围", 200, 550, 320, 585),
        line("的项目外，凭营业执照依法自主开展经营活动）", 400, 570, 980, 605),
    )
    fields = values(extract_fields("business_licence", lines))
    assert fields["address"] == "远山省云帆市福田区彩田路438号黄埔雅苑9幢1单元1901室"


def test_a_long_label_of_which_only_the_last_character_was_read():
    # 使用期 under an overlay, 限 read alone in the label column: the term cell is its own,
    # not more of the area above it.
    lines = (
        line("用", 98, 679, 141, 722),
        line("途", 238, 680, 284, 722),
        line("城镇住宅用地/住宅", 315, 676, 565, 717),
        line("共有宗地面积12300.2m²/房屋建筑面", 313, 749, 775, 797),
        line("面", 101, 778, 140, 816),
        line("积", 239, 778, 283, 819),
        line("积72.10m²", 314, 792, 450, 834),
        line("1997年05月23日起2067年05月22日", 315, 870, 740, 908),
        line("限", 240, 894, 279, 934),
        line("止", 314, 913, 356, 950),
        line("权利其他状况", 102, 1049, 279, 1086),
    )
    fields = values(extract_fields("property_deed", lines))
    assert fields["area"] == "共有宗地面积12300.2㎡/房屋建筑面积72.10㎡"
    assert fields["term_until"] == "2067-05-22"


def test_a_values_last_character_alone_in_the_value_column_is_no_label():
    # 号 ends 注册号, but here it is an address's last character, in the value column.
    lines = (
        line("名称 远山市云帆贸易有限公司", 200, 300, 700, 335),
        line("住所", 200, 380, 260, 415),
        line("远山省云帆市福田区彩田路438", 400, 380, 820, 415),
        line("号", 400, 420, 430, 455),
    )
    fields = values(extract_fields("business_licence", lines))
    assert fields["address"] == "远山省云帆市福田区彩田路438号"


def test_enterprise_types_corrected_from_the_known_types():
    def type_of(text):
        lines = (line(f"类型{text}", 60, 260), line("法定代表人 张三", 60, 320))
        return values(extract_fields("business_licence", lines)).get("type")

    assert type_of("有限责任公司(自然人投资或控殿的法人独资)") == (
        "有限责任公司（自然人投资或控股的法人独资）"
    )
    # A closing bracket lost: only one known type starts so.
    assert type_of("有限责任公司（非自然人投资或控股的法人独资") == (
        "有限责任公司（非自然人投资或控股的法人独资）"
    )
    # Cut short where two known types start alike: left as read.
    assert type_of("有限责任公司（自然人投资或控股") == "有限责任公司（自然人投资或控股"
    # A type not in the list is kept as read.
    assert type_of("有限责任公司（远山法人独资）") == "有限责任公司（远山法人独资）"


def test_a_division_name_one_off_several_is_settled_by_the_division_after_it():
    lines = (
        line("住所潮北省武汉市武昌区徐东大街523号", 60, 380),
        line("登记机关毫州市谯城区市场监督管理局", 60, 900),
    )
    fields = values(extract_fields("business_licence", lines))
    assert fields["address"] == "湖北省武汉市武昌区徐东大街523号"
    assert fields["registration_authority"] == "亳州市谯城区市场监督管理局"


def test_deed_owners_traditional_forms_are_folded():
    lines = (line("权利人", 60, 200), line("熊晶悅、蒋璐秋", 300, 200))
    assert values(extract_fields("property_deed", lines))["owner"] == "熊晶悦、蒋璐秋"


def test_a_tall_line_of_label_characters_that_holds_no_label_word_is_an_overlay():
    # 他用 (他 of 权利其他状况, 用 of 用途), written large across the page, is no label.
    lines = (
        line("权利类型", 104, 546, 277, 587),
        line("国有建设用地使用权/房屋所有权", 320, 546, 757, 582),
        line("他用", 892, 486, 1170, 716),
        line("权利性质", 103, 630, 276, 671),
        line("出让/市场化商品房", 319, 628, 577, 668),
        line("用", 103, 715, 146, 757),
        line("途", 229, 713, 280, 757),
        line("城镇住宅用地/住宅", 317, 711, 577, 750),
    )
    fields = values(extract_fields("property_deed", lines))
    assert fields["right_type"] == "国有建设用地使用权/房屋所有权"
    assert fields["usage"] == "城镇住宅用地/住宅"


def test_a_title_printed_large_is_still_a_label():
    lines = (
        line("营业执照", 488, 189, 1110, 322),
        line("远山市明德建筑工程有限公司", 286, 420, 629, 453),
        line("类型", 105, 510, 253, 546),
        line("有限责任公司（自然人独资）", 288, 512, 628, 546),
        line("法定代表人", 104, 603, 254, 641),
        line("夏亮磊", 285, 603, 378, 639),
    )
    fields = values(extract_fields("business_licence", lines))
    assert fields["name"] == "远山市明德建筑工程有限公司"  # read under the title


def test_a_deed_term_whose_label_was_lost_is_found_by_its_shape():
    lines = (
        line("用途", 97, 841, 321, 892),
        line("城镇住宅用地/住宅", 356, 841, 620, 885),
        line("2006年10月04日起2076年10月03日", 354, 1054, 841, 1096),
        line("止", 356, 1100, 399, 1140),
        line("权利其他状况", 104, 1275, 317, 1315),
    )
    assert values(extract_fields("property_deed", lines))["term_until"] == "2076-10-03"


def test_characters_read_by_two_overlapping_boxes_are_kept_once():
    lines = (
        line("中华人民共和国", 300, 72, 651, 125),
        line("签发机关", 146, 403, 287, 440),
        line("远山市公安局雁塔分局", 292, 402, 642, 438),
        line("有效期限2", 147, 482, 308, 518),  # its box runs over the value's first digit
        line("2009.12.30-2029.12.30", 288, 481, 649, 516),
    )
    fields = values(extract_fields("id_card_back", lines))
    assert fields["valid_from"] == "2009-12-30"
    assert fields["valid_until"] == "2029-12-30"


def test_the_rest_of_a_label_opening_a_row_of_its_value_is_skipped():
    # 面 and 积 of the letter-spaced 面 积 fall on two rows of the area's lines.
    lines = (
        line("用", 300, 998, 338, 1034),
        line("途", 411, 999, 449, 1034),
        line("城镇住宅用地/住宅", 479, 996, 698, 1033),
        line("共有宗地面积1763.1m/房屋建筑", 476, 1061, 852, 1102),
        line("面", 300, 1083, 338, 1118),
        line("积", 408, 1092, 451, 1132),
        line("面积91.11m", 479, 1110, 624, 1144),
        line("使用期限", 297, 1183, 448, 1227),
        line("1996年08月15日起2066年08月14日止", 475, 1185, 915, 1228),
    )
    fields = values(extract_fields("property_deed", lines))
    assert fields["area"] == "共有宗地面积1763.1㎡/房屋建筑面积91.11㎡"
    assert fields["term_until"] == "2066-08-14"


def test_a_labels_other_half_on_the_row_below_is_no_column_beside_it():
    # 住 on the representative's row, 所 opening the address's row: 所 bounds nothing.
    lines = (
        line("法定代表人", 106, 613, 259, 651),
        line("吴子", 278, 613, 350, 649),
        line("住", 877, 633, 915, 666),
        line("所", 985, 633, 1030, 667),
        line("远山省云帆市市南区东海西路86", 1056, 633, 1455, 666),
        line("2号25号楼2205室", 1055, 673, 1272, 706),
    )
    fields = values(extract_fields("business_licence", lines))
    assert fields["address"] == "远山省云帆市市南区东海西路862号25号楼2205室"


def test_a_registered_capital_states_an_amount_in_yuan():
    lines = (line("注册资本", 60, 100), line("他用力", 200, 100))
    assert "registered_capital" not in extract_fields("business_licence", lines)
    lines = (line("注册资本", 60, 100), line("人民币100.0000万元整", 200, 100))
    assert values(extract_fields("business_licence", lines))["registered_capital"] == (
        "人民币100.0000万元整"
    )


def test_a_licences_lost_capital_row_is_looked_for_above_established_date_in_its_column():
    lines = (
        line("名", 177, 521, 225, 558),
        line("称", 285, 524, 327, 556),
        line("内蒙古自治区呼和浩特市赛罕区", 359, 522, 758, 557),
        line("成立日期", 947, 570, 1099, 610),
        line("2015年06月03日", 1123, 571, 1343, 611),
    )
    region = field_regions("business_licence", lines)["registered_capital"]
    # The name's row in the column on the left says nothing about this column's cell.
    assert region[0] == 947 and region[1] < 521 and region[3] < 570


def test_an_address_does_not_continue_onto_the_id_number_whose_label_was_half_lost():
    lines = (
        line("住址", 55, 285, 124, 326),
        line("浙江省宁波市鄞州区嵩江中", 164, 279, 589, 334),
        line("路278号东鄞华庭10幢2单元5", 162, 327, 611, 384),
        line("04室", 161, 378, 240, 428),
        line("公民身330212199409213014", 45, 468, 766, 554),
    )
    fields = values(extract_fields("id_card_front", lines))
    assert fields["address"] == "浙江省宁波市鄞州区嵩江中路278号东鄞华庭10幢2单元504室"


def test_a_wrapped_line_nearer_the_value_than_the_next_label_continues_it():
    # The value sits lower than its label: its second line is measured from the value.
    lines = (
        line("名称", 437, 684, 584, 721),
        line("广东省深圳市福田区恒通建筑工程有限", 623, 687, 1095, 732),
        line("公司", 626, 728, 687, 764),
        line("类型", 438, 770, 581, 811),
        line("有限责任公司（非自然人投资或控股的法人独资）", 625, 777, 1300, 821),
    )
    fields = values(extract_fields("business_licence", lines))
    assert fields["name"] == "广东省深圳市福田区恒通建筑工程有限公司"


def test_a_watermark_or_a_neighbour_is_never_a_persons_name():
    for text in ("只做网站认证使用不做其他用途", "有限责任公司（自然人独资）", "的确良"):
        lines = (line("名称 青州远山贸易有限公司", 60, 200), line("法定代表人" + text, 60, 320))
        assert "legal_representative" not in extract_fields("business_licence", lines)
        front = (line("姓名" + text, 60, 60), line("性别男民族汉", 60, 130))
        assert "name" not in extract_fields("id_card_front", front)


def test_an_organisation_acting_for_a_partnership_is_kept():
    lines = (line("执行事务合伙人 青州远山投资管理有限公司", 60, 320),)
    fields = values(extract_fields("business_licence", lines))
    assert fields["legal_representative"] == "青州远山投资管理有限公司"


def test_owners_are_names_or_organisations():
    lines = (line("权利人 张三、青州远山贸易有限公司", 60, 100), line("共有情况 共同共有", 60, 160))
    assert values(extract_fields("property_deed", lines))["owner"] == "张三、青州远山贸易有限公司"
    lines = (line("权利人 复印无效", 60, 100),)
    assert "owner" not in extract_fields("property_deed", lines)


def test_registered_capital_in_the_formal_or_named_currency():
    for printed in ("伍仟万圆整", "300万人民币", "人民币100.0000万元整"):
        lines = (line("注册资本 " + printed, 60, 400),)
        assert values(extract_fields("business_licence", lines))["registered_capital"] == printed


def test_left_column_labels_of_a_tilted_page_stay_with_their_own_values():
    # A page a little tilted: each value box is taller than its label and starts level with
    # it; the row above (the credit code, at the right) reaches down over the first label.
    lines = (
        OcrLine("统一社会信用代码91370781MA3C8XKQ4L", (300, 200, 460, 228), 0.95),
        OcrLine("名", (140, 218, 156, 236), 1.0),
        OcrLine("称青州远山科技有限公司", (185, 219, 310, 250), 1.0),
        OcrLine("类", (139, 234, 156, 254), 1.0),
        OcrLine("有限责任公司（自然人独资）", (200, 237, 330, 267), 1.0),
        OcrLine("住", (138, 252, 156, 269), 1.0),
        OcrLine("所 青州市南环路8号3栋1-2室", (182, 253, 350, 283), 0.97),
        OcrLine("法定代表人 周一鸣", (135, 268, 245, 295), 0.97),
    )
    fields = values(extract_fields("business_licence", lines))
    assert fields["name"] == "青州远山科技有限公司"
    assert fields["type"] == "有限责任公司（自然人独资）"
    assert fields["address"] == "青州市南环路8号3栋1-2室"
    assert fields["legal_representative"] == "周一鸣"


def test_older_licence_dates_in_chinese_numerals():
    lines = (
        line("成立日期 二〇一五年三月二日", 60, 600),
        line("营业期限 二〇一五年三月二日至二〇三五年三月一日", 60, 660),
    )
    fields = values(extract_fields("business_licence", lines))
    assert fields["established_date"] == "2015-03-02"
    assert fields["business_term_until"] == "2035-03-01"


def test_older_licence_type_labels():
    for label in ("公司类型", "企业类型"):
        lines = (line("注册资本 人民币50万元", 60, 400), line(label + " 有限责任公司", 60, 460))
        assert values(extract_fields("business_licence", lines))["type"] == "有限责任公司"


def test_a_letter_spaced_label_stays_with_its_value_not_only_with_its_other_half():
    # 住 | 所 overlap each other more than the value printed a little higher beside them:
    # they still belong to the value's row (else the value wraps into the type above).
    lines = (
        OcrLine("类", (200, 700, 250, 756), 1.0),
        OcrLine("型", (350, 698, 400, 750), 1.0),
        OcrLine("有限责任公司（自然人独资）", (420, 701, 800, 740), 1.0),
        OcrLine("青州市南环路8号3栋1-2室", (420, 742, 860, 772), 1.0),
        OcrLine("所", (350, 751, 400, 804), 1.0),
        OcrLine("住", (205, 757, 245, 801), 1.0),
        OcrLine("法定代表人", (205, 810, 400, 856), 1.0),
        OcrLine("周一鸣", (420, 807, 530, 849), 1.0),
    )
    fields = values(extract_fields("business_licence", lines))
    assert fields["type"] == "有限责任公司（自然人独资）"
    assert fields["address"] == "青州市南环路8号3栋1-2室"
