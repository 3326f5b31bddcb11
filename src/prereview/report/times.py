"""Times and dates as a person in China reads them: Beijing time, written 2026年12月2日 14:22.

JSON and logs keep ISO 8601 in UTC; only the pages a clerk or applicant reads use these.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")


def chinese_date(day: date | str | None) -> str:
    """`2026年12月2日` for a date or an ISO date (or the date part of an ISO time); '' for none."""
    if not day:
        return ""
    if isinstance(day, str):
        day = date.fromisoformat(day[:10])
    return f"{day.year}年{day.month}月{day.day}日"


def beijing_time(moment: datetime | str | None) -> str:
    """`2026年12月2日 14:22` in Beijing time for an aware datetime or an ISO time; a time
    without a zone is taken as UTC (how the JSON files write it); '' for none."""
    if not moment:
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    local = moment.astimezone(BEIJING)
    return f"{chinese_date(local.date())} {local:%H:%M}"
