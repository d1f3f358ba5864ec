"""What a recorded case triggers for the rights holders: a goods line whose brand is one of a
verified holder's (folded: "Dong Xanh" is "Đồng Xanh") makes a `BrandMention`, and the holder's
users are told, without the case's reference, its officers or its informant (the holder cannot
open the case; its page counts the mentions). Called by `cases.services.record_cases` in its
transaction; one query for the brands of the whole set."""

from typing import Any

from hub389.accounts.models import User
from hub389.brands.models import BrandMention, HolderStatus, Product
from hub389.cases.models import CaseGoods
from hub389.lib.text import fold
from hub389.notifications.services import notify_users


def cases_named(cases: list[Any]) -> list[BrandMention]:
    lines = list(
        CaseGoods.objects.filter(case__in=cases).exclude(brand="").values("case_id", "brand", "value_vnd")
    )
    if not lines:
        return []
    folded = {fold(line["brand"])[:120] for line in lines}
    holders: dict[str, set[int]] = {}
    for brand, holder in (
        Product.objects.filter(brand_fold__in=folded, holder__status=HolderStatus.VERIFIED)
        .values_list("brand_fold", "holder_id")
        .distinct()
    ):
        holders.setdefault(brand, set()).add(holder)
    found: dict[tuple[int, int, str], BrandMention] = {}
    for line in lines:
        brand = fold(line["brand"])[:120]
        for holder in holders.get(brand, ()):
            key = (holder, line["case_id"], brand)
            mention = found.setdefault(
                key, BrandMention(holder_id=holder, case_id=line["case_id"], brand=line["brand"])
            )
            mention.value_vnd += line["value_vnd"]
    if not found:
        return []
    made = BrandMention.objects.bulk_create(found.values(), ignore_conflicts=True)
    by_holder: dict[int, set[str]] = {}
    for mention in found.values():
        by_holder.setdefault(mention.holder_id, set()).add(mention.brand)
    for holder, brands in by_holder.items():
        notify_users(
            User.objects.filter(is_active=True, holder_seat__holder_id=holder),
            f"Một vụ việc mới nêu nhãn hiệu {', '.join(sorted(brands))} của bạn",
            url="/brands/mine/#mentions",
        )
    return made
