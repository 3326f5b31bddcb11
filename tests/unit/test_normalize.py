"""Every normaliser, on the text shapes OCR engines really return."""

import pytest

from prereview import normalize as norm


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1990 年 3 月 7 日", "1990-03-07"),
        ("1990年03月07日", "1990-03-07"),
        ("2016.05.12", "2016-05-12"),
        ("20160512", "2016-05-12"),
        ("2O16.05.12", "2016-05-12"),
        ("1990年13月07日", None),
        ("no date", None),
    ],
)
def test_date(text, expected):
    assert norm.date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016.05.12-2036.05.12", ("2016-05-12", "2036-05-12")),
        ("2010.01.04-长期", ("2010-01-04", "长期")),
        ("2010.01.04 - 长期", ("2010-01-04", "长期")),
        ("2016.05.12", ("2016-05-12", None)),
    ],
)
def test_validity_period(text, expected):
    assert norm.validity_period(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018年06月21日至长期", "长期"),
        ("2018年06月21日 至 2038年06月20日", "2038-06-20"),
        ("2003年05月01日起2073年04月30日止", "2073-04-30"),
        ("", None),
    ],
)
def test_end_of_term(text, expected):
    assert norm.end_of_term(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("33010619900307123x", "33010619900307123X"),
        ("3301 0619 9003 0712 3X", "33010619900307123X"),
        ("33O1O619900307123X", "33010619900307123X"),
        ("公民身份号码110105199003071239", "110105199003071239"),
        ("1101051990030712", None),
    ],
)
def test_id_number(text, expected):
    assert norm.id_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("91330106MA2H3KXQ5P", "91330106MA2H3KXQ5P"),
        ("91330lO6MA2H3KXQ5P".upper(), "91330106MA2H3KXQ5P"),
        (" 9133 0106 MA2H 3KXQ 5P ", "91330106MA2H3KXQ5P"),
        ("91330106", None),
    ],
)
def test_credit_code(text, expected):
    assert norm.credit_code(text) == expected


def test_unit_number_repairs_only_digit_positions():
    assert norm.unit_number("110105006001GB00123F00010001") == "110105006001GB00123F00010001"
    assert norm.unit_number("11O105006001GB00123F0001OO01") == "110105006001GB00123F00010001"
    assert norm.unit_number("110105006001GB00123") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("京（2021）朝阳区不动产权第0012345号", "京（2021）朝阳区不动产权第0012345号"),
        ("京(2021)朝阳区不动产权第0012345号", "京（2021）朝阳区不动产权第0012345号"),
        ("京 (2021) 朝阳区 不动产权第 0012345 号", "京（2021）朝阳区不动产权第0012345号"),
        ("不动产权证书", None),
    ],
)
def test_certificate_number(text, expected):
    assert norm.certificate_number(text) == expected


def test_names_sex_ethnicity():
    assert norm.name("张 三") == "张三"
    assert norm.name("阿依古丽•买买提") == "阿依古丽·买买提"
    assert norm.name("张") is None
    assert norm.sex("男 民族") == "男"
    assert norm.sex("?") is None
    assert norm.ethnicity("汉") == "汉"
    assert norm.ethnicity("蒙古族") == "蒙古"


def test_owners_and_shares():
    assert norm.owners("张三,李四") == "张三、李四"
    assert norm.owners("张三、李四") == "张三、李四"
    assert norm.co_ownership("共同 共有") == "共同共有"


def test_printed_forms_and_fold():
    assert norm.as_printed("有限责任公司(自然人投资或控股)") == "有限责任公司（自然人投资或控股）"
    assert norm.area("房屋建筑面积89.56m2") == "房屋建筑面积89.56㎡"
    assert norm.fold("有限责任公司（自然人 投资）") == norm.fold("有限责任公司(自然人投资)")
    assert norm.fold_chars("（㎡）") == "(㎡)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("共有宗地面积2467.0m/房屋建筑面积118.38m", "共有宗地面积2467.0㎡/房屋建筑面积118.38㎡"),
        ("共有宗地面积2467.0m²/房屋建筑面积118.38²", "共有宗地面积2467.0㎡/房屋建筑面积118.38㎡"),
        ("房屋建筑面积89.56㎡", "房屋建筑面积89.56㎡"),
    ],
)
def test_area_restores_square_metres(text, expected):
    assert norm.area(text) == expected


def test_traditional_forms_and_noise():
    assert norm.ethnicity("漢") == "汉"
    assert norm.is_noise("☑") and not norm.is_noise("㎡") and not norm.is_noise("张")


def test_area_unit_lost_by_ocr_is_restored_only_after_an_area_number():
    assert (
        norm.area("共有宗地面积26143.5/房屋建筑面积91.49")
        == "共有宗地面积26143.5㎡/房屋建筑面积91.49㎡"
    )
    assert norm.area("分摊面积") == "分摊面积"


def test_mask_id_number():
    assert norm.mask_id_number("110105199003071239") == "110105********1239"


def test_area_ends_at_its_last_area():
    # ㎡ read as ml, a stain after it, the next row's term read into the cell.
    assert norm.area("共有宗地面积3970.8ml/房屋建筑面积71.86㎡") == (
        "共有宗地面积3970.8㎡/房屋建筑面积71.86㎡"
    )
    assert norm.area("共有宗地面积6774.5㎡/房屋建筑面积63.22㎡X") == (
        "共有宗地面积6774.5㎡/房屋建筑面积63.22㎡"
    )
    assert norm.area("房屋建筑面积136.10㎡2002年11月03日起2072年11月02日止") == (
        "房屋建筑面积136.10㎡"
    )
    # ㎡ read twice over one unit (m2 and ², m2 and ㎡).
    assert norm.area("房屋建筑面积81.35m2²") == "房屋建筑面积81.35㎡"
    assert norm.area("房屋建筑面积81.35m2㎡") == "房屋建筑面积81.35㎡"
    # What names another area after the last ㎡ is the area's own.
    assert norm.area("12.5㎡/分摊面积") == "12.5㎡/分摊面积"


def test_dates_in_chinese_numerals_of_older_licences():
    from prereview.normalize import date, validity_period

    assert date("二〇一五年三月二日") == "2015-03-02"
    assert date("二O一六年七月二十八日") == "2016-07-28"
    assert date("二〇二〇年十二月三十一日") == "2020-12-31"
    assert validity_period("二〇一五年三月二日至二〇三五年三月一日") == ("2015-03-02", "2035-03-01")
