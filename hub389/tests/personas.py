"""The personas of the tests: demo users (`hub389/demo/officers.py`) by the part they play. The root
conftest makes a fixture of each; the access tests walk them all."""

from hub389.accounts.models import User

PERSONAS = {
    "handler": "qltt.hanoi",
    "teammate": "canbo.qltt.hanoi",
    "head": "truong.qltt.hanoi",
    "coordinator": "congan.hanoi",
    "owner": "vptt.hanoi",
    "colleague": "canbo.sct.hanoi",
    "leader": "lanhdao.hanoi",
    "national": "vptt.quocgia",
    "stranger": "vptt.langson",
    "customs": "haiquan.langson",
    "admin_user": "admin",
}


# The users of rights holders' accounts (hub389/demo/brands.py, loaded by the tests that walk
# them): a verified milk maker's master user, and a representative still waiting.
HOLDERS = {"holder": "sua.dongxanh", "applicant": "anphat.ip"}


def holder_persona(name: str) -> User:
    return User.objects.get(username=HOLDERS[name])


def persona(name: str) -> User:
    return User.objects.select_related("agency__area").get(username=PERSONAS[name])
