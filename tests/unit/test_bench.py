"""The benchmark's scoring: seal-only fields are counted apart, as right, absent or junk."""

from __future__ import annotations

from prereview.bench.documents import EngineScore, _score_document, _total
from prereview.records import Document, Field

TRUTH = {
    "source": "IMG_1.jpg",
    "type": "business_licence",
    "fields": {"name": "某某有限公司", "registration_authority": "莒县市场监督管理局"},
    "seal_only": ["registration_authority"],
}


def licence(**values: str) -> Document:
    fields = {name: Field(value, 0.9, (0, 0, 1, 1)) for name, value in values.items()}
    return Document("IMG_1.jpg", "business_licence", fields)


def scored(document: Document) -> EngineScore:
    score = EngineScore("replay")
    _score_document(score, TRUTH, document, "clean")
    return score


def test_seal_only_field_absent_is_not_a_miss():
    score = scored(licence(name="某某有限公司"))
    assert (_total(score, "clean").correct, _total(score, "clean").total) == (1, 1)
    assert score.seal_only == {"right": 0, "absent": 1, "junk": 0}


def test_seal_only_junk_is_counted():
    score = scored(licence(name="某某有限公司", registration_authority="2021年"))
    assert score.seal_only["junk"] == 1
    assert any("junk" in miss for miss in score.misses)


def test_seal_only_right_value():
    score = scored(licence(name="某某", registration_authority="莒县市场监督管理局"))
    assert score.seal_only["right"] == 1
    assert _total(score, "clean").correct == 0


def test_real_split_is_deterministic_and_balanced_per_type():
    from prereview.bench.real import HALVES, split_halves

    labels = {f"t{kind}/{i}.jpg": {"type": f"t{kind}"} for kind in range(3) for i in range(7)}
    halves = split_halves(labels)
    assert halves == split_halves(dict(reversed(labels.items())))
    for kind in range(3):
        counts = [
            sum(h == half for k, h in halves.items() if k.startswith(f"t{kind}/"))
            for half in HALVES
        ]
        assert sorted(counts) == [3, 4]


def test_watermark_phrases_with_other_verbs_are_overlay():
    from prereview.lexicon import without_overlay

    assert without_overlay("只做网站认证使用不做其他用途")[0] == ""
    assert without_overlay("张三只做网站认证使用")[0] == "张三"
    assert without_overlay("技术开发；其他用途")[1] == ()
