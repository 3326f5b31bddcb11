"""What a clerk checks on the original for each kind of finding: one line per rule, written
for the clerk at the counter (the finding's own message speaks to the applicant).

One table: a rule id, else its family (the part before the first dot), else a line built
from the finding's fields."""

from __future__ import annotations

from ..records import DOCUMENT_TYPES, Finding
from .labels import bare_field_label, document_label, field_label

CLERK_CHECKS = {
    "id.birth_date_mismatch": "请核对原件上的出生日期与公民身份号码第7–14位是否一致；"
    "不一致时留意改动痕迹，并请申请人说明。",
    "id.birth_date_invalid": "请查看原件上出生日期的印刷是否清楚、是否为有效日期。",
    "id.sex_mismatch": "请核对原件上的性别与公民身份号码第17位（奇数为男、偶数为女）是否一致。",
    "id.check_digit": "请逐位核对原件上的公民身份号码；号码校验位不符，可能是识别错误，也可能是伪造。",
    "id.division_code": "请核对原件上公民身份号码前6位（地址码）是否清楚、是否与签发机关所在地相符。",
    "id.expired": "请查看原件背面的有效期限；已过期的，请申请人换领新证后再办理。",
    "id.not_yet_valid": "请查看原件背面有效期限的起始日期。",
    "id.validity_order": "请查看原件背面有效期限的起止日期（起始日应早于截止日）。",
    "id.validity_period": "请查看原件背面有效期限的起止年数是否符合规定（5年、10年、20年或长期）。",
    "id.date_implausible": "请对照原件核对该日期：识别出的日期不合常理，多为识别错误。",
    "licence.check_digit": "请逐位核对原件上的统一社会信用代码（18位）。",
    "licence.code_structure": "请逐位核对原件上的统一社会信用代码（18位）。",
    "licence.expired": "请查看原件上的营业期限。",
    "licence.date_implausible": "请对照原件核对营业执照上的该日期：识别出的日期不合常理，多为识别错误。",
    "deed.date_implausible": "请对照原件核对不动产权证书上的该日期：识别出的日期不合常理，多为识别错误。",
    "deed.unit_number": "请核对原件上的不动产单元号（28位）。",
    "case.unreadable_document": "请查看该文件的原件或重新扫描：机器未能识别其内容，"
    "请确认它是哪一种证件、是否清楚完整。",
    "case.missing_document": "请确认申请人是否提交了该证件的原件；"
    "若已提交但机器未能识别（见无法识别的文件），请人工核对原件。",
    "case.blank_page": "请查看该页原件是否确为空白，或扫描时未放入证件。",
    "case.poor_quality": "请对照原件核对识别出的各项内容：该图像质量较差，识别可能有误。",
    "case.low_confidence": "请对照原件逐项核对识别置信度低的字段。",
    "case.conflicting_documents": "请查看各份同类证件的原件，确认以哪一份为准。",
    "case.other_document": "请查看该文件是否为本事项需要的材料。",
    "case.timeout": "机器处理超时：请人工查看该文件原件。",
    "case.error": "机器处理出错：请人工查看该文件原件。",
    "case.refused_file": "该文件未被处理（格式或大小不符）：请人工查看原件或请申请人重新上传。",
    "registry.enterprise_status": "请在登记系统中查询该企业的登记状态，核对营业执照原件。",
    "registry.property_status": "请在登记系统中查询该不动产的登记状态（查封、抵押等）。",
    "authenticity.photocopy": "上传的疑似复印件或黑白扫描件：请查验申请人所持原件，"
    "核对原件与上传内容一致；需原件的事项，请申请人补交原件的彩色扫描件或照片。",
    "authenticity.screen": "上传的疑似翻拍电脑或手机屏幕所得：请查验原件，核对原件与上传内容一致。",
    "authenticity.edited": "文件曾经图像编辑软件保存：请逐项对照原件核对内容，留意改动痕迹。",
    "authenticity.no_seal": "未见红色印章：请查看原件是否加盖登记机关印章。",
}
FAMILY_CHECKS = {
    "registry": "请对照登记系统核对原件上的{fields}。",
    "consistency": "请对照原件核对{fields}是否一致。",
}
DEFAULT_CHECK = "请对照原件核对{fields}。"
NO_FIELDS = "请查看相关材料的原件。"


def clerk_check(finding: Finding) -> str:
    """The line telling a clerk what to look at on the original for this finding."""
    if finding.rule in CLERK_CHECKS:
        return CLERK_CHECKS[finding.rule]
    if not finding.fields:
        return NO_FIELDS
    fields = "、".join(field_caption(name) for name in finding.fields)
    family = finding.rule.split(".", 1)[0]
    return FAMILY_CHECKS.get(family, DEFAULT_CHECK).format(fields=fields)


def field_caption(qualified: str) -> str:
    """The one label of a field on the report page: `营业执照·法定代表人`,
    `居民身份证（人像面）·姓名` (document and field, the same wherever the field is shown)."""
    doc_type, _, name = qualified.partition(".")
    if name and doc_type in DOCUMENT_TYPES:
        return f"{document_label(doc_type)}·{bare_field_label(name, doc_type)}"
    return field_label(qualified)
