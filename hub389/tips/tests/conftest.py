"""Fixtures for tips: the Hà Nội Market Surveillance branch leads trade in goods ("luu-thong");
the city police and tax department coordinate (hub389/demo.py).

- handler: an officer of 01-QLTT, to whom tips get assigned;
- colleague: another officer of 01-QLTT;
- head: the head of 01-QLTT;
- coordinator: an officer of the city police (coordinates trade tips, leads crime);
- standing: the standing office of Hà Nội (sees the area, takes gap tips);
- stranger: the standing office of Lạng Sơn.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache

from hub389.accounts.models import User
from hub389.registry.models import Area, GoodsGroup
from hub389.tips import services
from hub389.tips.models import Channel, Tip
from hub389.tips.services import TipInput


@pytest.fixture(autouse=True)
def _easy_pow_and_clean_cache(settings: Any) -> Any:
    settings.TIP_POW_BITS = 4
    cache.clear()
    yield
    cache.clear()


def _user(username: str) -> User:
    return User.objects.select_related("agency").get(username=username)


@pytest.fixture
def handler(db: Any) -> User:
    return _user("qltt.hanoi")


@pytest.fixture
def colleague(db: Any) -> User:
    return _user("canbo.qltt.hanoi")


@pytest.fixture
def head(db: Any) -> User:
    return _user("truong.qltt.hanoi")


@pytest.fixture
def coordinator(db: Any) -> User:
    return _user("congan.hanoi")


@pytest.fixture
def standing(db: Any) -> User:
    return _user("vptt.hanoi")


@pytest.fixture
def stranger(db: Any) -> User:
    return _user("vptt.langson")


def tip_input(area: str = "01", goods: str | None = "dien-tu", **extra: Any) -> TipInput:
    return TipInput(
        summary=extra.pop("summary", "Kho điện thoại nhập lậu ở Long Biên"),
        description=extra.pop("description", "Hằng đêm xe tải chở điện thoại không hoá đơn vào kho."),
        area=Area.objects.get(code=area),
        goods_group=GoodsGroup.objects.get(code=goods) if goods else None,
        **extra,
    )


@pytest.fixture
def make_tip(handler: User) -> Callable[..., Tip]:
    """A tip recorded by the Market Surveillance officer (hotline by default)."""

    def make(*, named: bool = False, **kwargs: Any) -> Tip:
        data = tip_input(**kwargs)
        if named:
            data.informant = {"full_name": "Nguyễn Văn Bảo Mật", "phone": "0912345678"}
        data.channel = kwargs.get("channel", Channel.HOTLINE)
        tip, _ = services.record_tip(handler, data, [])
        return tip

    return make
