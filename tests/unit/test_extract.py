"""Field extraction on hand-made OCR lines: fused labels, split boxes, wrapped values."""

from prereview.extract import extract_fields, rows_from_lines
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
