"""All the demo data of `make run`, in one package: the officers and the jurisdiction matrix
of the four provinces of the seeds (`officers`), a queue of tips (`tips`), two years of cases,
the Hanoi plan and a campaign (`records`), the public side's notices, warnings and an
approved month (`portal`), the committee's registers (`committee`). Everything goes through
the services."""

from hub389.demo.brands import load_demo_brands
from hub389.demo.committee import load_demo_committee
from hub389.demo.officers import DEMO_PASSWORD, load_demo
from hub389.demo.portal import load_demo_portal
from hub389.demo.records import load_demo_records
from hub389.demo.subjects import load_demo_subjects
from hub389.demo.tips import load_demo_tips

__all__ = ["DEMO_PASSWORD", "load_all", "load_demo", "load_demo_records", "load_demo_tips"]


def load_all() -> dict[str, int]:
    """Everything, idempotent: what was created, by kind (all zero on a second run)."""
    created = load_demo()
    created["tips"] = load_demo_tips()
    created["cases"] = load_demo_records()
    created["portal"] = load_demo_portal()
    created["committee"] = load_demo_committee()
    created["subject_links"] = load_demo_subjects()
    created["rights_holders"] = load_demo_brands()
    return created
