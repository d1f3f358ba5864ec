"""Daily reminders: the handler (or, with none, the agency's heads) of every open tip that is
overdue, near its deadline, or whose procuracy notice is due; heads also get the overdue ones.
Run once a day (`manage.py tip_reminders`, e.g. from cron or a systemd timer); a tip is reminded
at most once a day, so running it twice is harmless."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from hub389.accounts.models import Role, User
from hub389.notifications.services import notify_users
from hub389.tips import clocks
from hub389.tips.models import Tip


def _line(tip: Tip, today: datetime.date) -> str:
    parts = [tip.reference]
    left = clocks.days_left(tip.due_on, today)
    if left is not None and left < 0:
        parts.append(f"quá hạn {-left} ngày (hạn {tip.due_on:%d/%m/%Y})")
    elif left is not None and left <= clocks.NEAR_DUE_DAYS:
        parts.append(f"còn {left} ngày (hạn {tip.due_on:%d/%m/%Y})")
    if tip.procuracy_notified_on is None and tip.procuracy_notice_due and tip.procuracy_notice_due <= today:
        parts.append(f"chưa thông báo VKS (hạn {tip.procuracy_notice_due:%d/%m/%Y})")
    return " · ".join(parts)


def send_reminders(today: datetime.date) -> int:
    """Queue the day's reminders; returns how many tips were reminded."""
    soon = today + datetime.timedelta(days=clocks.NEAR_DUE_DAYS)
    tips = list(
        Tip.objects.open()
        .exclude(reminded_on=today)
        .filter(Q(due_on__lte=soon) | Q(procuracy_notified_on__isnull=True, procuracy_notice_due__lte=today))
    )
    if not tips:
        return 0
    heads: dict[int, list[User]] = defaultdict(list)
    for head in User.objects.filter(
        role=Role.HEAD, is_active=True, agency_id__in={t.agency_id for t in tips}
    ):
        heads[head.agency_id].append(head)  # type: ignore[index]
    handlers = User.objects.in_bulk([t.handler_id for t in tips if t.handler_id])
    per_user: dict[int, list[str]] = defaultdict(list)
    users: dict[int, User] = {}
    for tip in tips:
        recipients = [handlers[tip.handler_id]] if tip.handler_id else []
        if not recipients or (tip.due_on is not None and tip.due_on < today):
            recipients += heads.get(tip.agency_id, [])
        for user in recipients:
            users[user.pk] = user
            per_user[user.pk].append(_line(tip, today))
    with transaction.atomic():
        for pk, lines in per_user.items():
            notify_users(
                [users[pk]],
                f"Nhắc hạn giải quyết tin báo: {len(lines)} tin",
                "\n".join(lines),
                reverse("tips:deadlines"),
            )
        Tip.objects.filter(pk__in=[t.pk for t in tips]).update(reminded_on=today)
    return len(tips)
