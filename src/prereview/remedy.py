"""What a defect needs from the applicant: `supplement` (补正: a document or a value the
applicant can supply or correct) or `reject` (不予受理: no document can fix it, such as an
enterprise revoked or a property seized).

Every rule has one: a pack may set `remedy` on a rule, or a default per rule kind in its
`remedy_defaults`; else the built-in table below; else `supplement`. The notice a case gets
follows: any `reject` defect makes it a 不予受理通知书, otherwise a 补正材料通知书.
"""

from __future__ import annotations

SUPPLEMENT = "supplement"
REJECT = "reject"
REMEDIES = (SUPPLEMENT, REJECT)

# Rule kinds of a pack, as `remedy_defaults` names them.
KIND_DEFAULTS = {
    "consistency": SUPPLEMENT,
    "registry_exists": SUPPLEMENT,
    "registry_agree": SUPPLEMENT,
    # A registry status that does not allow the matter (吊销, 注销, 查封) is not a document.
    "registry_status": REJECT,
}

# Built-in rules with a remedy other than `supplement` (packs may say otherwise).
BUILT_IN = {
    "registry.enterprise_status": REJECT,
    "registry.property_status": REJECT,
}


def pack_remedies(pack: dict) -> dict[str, str]:
    """rule id -> remedy for every rule a pack (as JSON) declares, its own `remedy` first,
    then the pack's default for the rule's kind, then the built-in default of that kind."""
    defaults = {**KIND_DEFAULTS, **pack.get("remedy_defaults", {})}
    remedies: dict[str, str] = {}
    for rule in pack.get("consistency", ()):
        remedies[rule["id"]] = rule.get("remedy", defaults["consistency"])
    for table in pack.get("registry", ()):
        check = table["exists"]
        remedies[check["id"]] = check.get("remedy", defaults["registry_exists"])
        for agree in table.get("agree", ()):
            remedies[agree["id"]] = agree.get("remedy", defaults["registry_agree"])
        if "status" in table:
            status = table["status"]
            remedies[status["id"]] = status.get("remedy", defaults["registry_status"])
    return remedies


def remedy_of(rule: str, pack: dict) -> str:
    """The remedy of one rule of a case checked with `pack` (JSON; may be empty)."""
    declared = pack_remedies(pack)
    if rule in declared:
        return declared[rule]
    return BUILT_IN.get(rule, SUPPLEMENT)
