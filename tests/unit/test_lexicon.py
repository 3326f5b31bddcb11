"""The lexicon's judgements of a value: a plausible person's name, an overlay phrase."""

import pytest

from prereview.lexicon import overlay_value, plausible_name


@pytest.mark.parametrize(
    "value",
    [
        "张三",
        "周一鸣",
        "欧阳建国",
        "司马懿",
        "买买提·艾力",
        "阿依古丽·买买提",
        "代小龙",
        "扎西多吉",
    ],
)
def test_plausible_names(value):
    assert plausible_name(value)


@pytest.mark.parametrize(
    "value",
    [
        "只做网站认证使用不做其他用途",  # a watermark phrase read into the row
        "仅供开户使用",
        "使用",  # a fragment of one
        "有限责任公司",  # a neighbour's text: too long for a name
        "张",  # too short
        "的确良",  # no known surname
        "ZHANG",
        "",
    ],
)
def test_implausible_names(value):
    assert not plausible_name(value)


@pytest.mark.parametrize(
    "value",
    [
        "复印无效",
        "再次复印无效",
        "与原件一致",
        "只做网站认证使用",
        "不做其他用途",
        "他用无效",
        "仅限办理贷款使用",
        "用途无效",
    ],
)
def test_overlay_values(value):
    assert overlay_value(value)


@pytest.mark.parametrize(
    "value", ["无", "住宅", "2020-01-01", "长期", "青州远山贸易有限公司", "人民币100.0000万元整"]
)
def test_values_that_are_no_overlay(value):
    assert not overlay_value(value)
