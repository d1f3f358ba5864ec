"""Who sees and does what with rights holders and their products.

- The national standing office (and the administrator) verifies holders, sets their answer
  deadline and sees every holder with its answer rate (`verifier`).
- A holder's users (`seat`) manage its products once it is verified; its master user manages
  the other users. They see their own products and the verification requests addressed to them,
  never another holder's, never a case beyond what the request says.
- Every officer of an agency sees the products of verified holders with their covert features
  (WCO IPM: depth by privilege); laboratory features only the agencies the holder names.
- What a citizen reads (public features, sellers, prices, fakes) is `lookup.public_products`,
  not a rule: no account is needed."""

from typing import Any

from django.db.models import Q, QuerySet

from hub389 import policy
from hub389.accounts.models import Role
from hub389.brands.models import (
    HolderStatus,
    HolderUser,
    KnownFake,
    Product,
    RightsHolder,
    VerificationRequest,
)
from hub389.cases.models import Case
from hub389.policy import rule, scope
from hub389.subjects.access import national


def verifier(user: Any) -> bool:
    return national(user)


def seat(user: Any) -> HolderUser | None:
    """The user's seat in a rights holder's account (asked once per user object)."""
    if not user.is_authenticated or user.role != Role.RIGHTS_HOLDER:
        return None
    if not hasattr(user, "_holder_seat"):
        user._holder_seat = HolderUser.objects.select_related("holder").filter(user=user).first()
    return user._holder_seat


def officer(user: Any) -> bool:
    """An officer of an agency (not a rights holder's user)."""
    return bool(user.is_authenticated and user.agency_id is not None and user.role != Role.RIGHTS_HOLDER)


def _member(user: Any, holder_id: int | None) -> bool:
    s = seat(user)
    return s is not None and holder_id is not None and s.holder_id == holder_id


def _working(user: Any) -> RightsHolder | None:
    """The verified holder the user works for, if any."""
    s = seat(user)
    return s.holder if s is not None and s.holder.status == HolderStatus.VERIFIED else None


# -- holders
@rule("view", RightsHolder)
def view_holder(user: Any, holder: Any) -> bool:
    if isinstance(holder, type):
        return verifier(user)
    return verifier(user) or _member(user, holder.pk)


@scope("view", RightsHolder)
def holders(user: Any) -> QuerySet[RightsHolder]:
    if verifier(user):
        return RightsHolder.objects.all()
    s = seat(user)
    return RightsHolder.objects.filter(pk=s.holder_id) if s is not None else RightsHolder.objects.none()


@rule("verify", RightsHolder)
def verify_holder(user: Any, holder: Any) -> bool:
    """Verify, refuse, suspend a holder and set its answer deadline: the national office."""
    return verifier(user)


@rule("manage_users", RightsHolder)
def manage_users(user: Any, holder: Any) -> bool:
    s = seat(user)
    if s is None or not s.is_master or s.holder.status != HolderStatus.VERIFIED:
        return False
    return isinstance(holder, type) or s.holder_id == holder.pk


# -- products
@rule("edit", Product)
def edit_product(user: Any, product: Any) -> bool:
    """Register a product (the class) or change one: the users of its verified holder."""
    holder = _working(user)
    if holder is None:
        return False
    return isinstance(product, type) or product.holder_id == holder.pk


@rule("view", Product)
def view_product(user: Any, product: Any) -> bool:
    if isinstance(product, type):
        return officer(user) or seat(user) is not None
    if verifier(user) or _member(user, product.holder_id):
        return True
    return officer(user) and product.holder.status == HolderStatus.VERIFIED


@scope("view", Product)
def products(user: Any) -> QuerySet[Product]:
    if verifier(user):
        return Product.objects.all()
    s = seat(user)
    if s is not None:
        return Product.objects.filter(holder_id=s.holder_id)
    if officer(user):
        return Product.objects.filter(holder__status=HolderStatus.VERIFIED)
    return Product.objects.none()


@rule("covert", Product)
def covert_features(user: Any, product: Any) -> bool:
    """The officer features: signed-in officers of any agency, the holder itself."""
    if isinstance(product, type):
        return False
    return view_product(user, product)


@rule("lab", Product)
def lab_features(user: Any, product: Any) -> bool:
    """The laboratory features: only the agencies the holder named, and the holder."""
    if isinstance(product, type):
        return False
    if _member(user, product.holder_id):
        return True
    return (
        officer(user)
        and product.holder.status == HolderStatus.VERIFIED
        and product.holder.lab_agencies.filter(pk=user.agency_id).exists()
    )


# -- verification requests
@rule("ask", Case)
def ask_holder(user: Any, case: Any) -> bool:
    """Send "is this genuine?" from a case: whoever works the case."""
    return not isinstance(case, type) and officer(user) and policy.can(user, "edit", case)


@rule("view", VerificationRequest)
def view_request(user: Any, request: Any) -> bool:
    if isinstance(request, type):
        return officer(user) or seat(user) is not None
    return _member(user, request.holder_id) or (officer(user) and policy.can(user, "view", request.case))


@scope("view", VerificationRequest)
def requests(user: Any) -> QuerySet[VerificationRequest]:
    s = seat(user)
    if s is not None:
        return VerificationRequest.objects.filter(holder_id=s.holder_id)
    if officer(user):
        return VerificationRequest.objects.filter(case__in=policy.visible(user, "view", Case).values("pk"))
    return VerificationRequest.objects.none()


@rule("answer", VerificationRequest)
def answer_request(user: Any, request: Any) -> bool:
    return (
        not isinstance(request, type)
        and request.answered_at is None
        and _working(user) is not None
        and _member(user, request.holder_id)
    )


def holder_filter(user: Any) -> Q:
    """Products of the user's own holder (for the holder's own pages)."""
    s = seat(user)
    return Q(holder_id=s.holder_id) if s is not None else Q(pk__in=[])


@rule("view", KnownFake)
def view_fake(user: Any, fake: Any) -> bool:
    return not isinstance(fake, type) and view_product(user, fake.product)
