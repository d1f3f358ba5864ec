from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hub389.lib.dates import parse_date
from hub389.plans import importer
from hub389.registry.services import get_committee


class Command(BaseCommand):
    help = (
        "Nạp kế hoạch: --fixture hanoi-2030 (phụ lục Kế hoạch Hà Nội đến 2030), hoặc --xlsx tệp.xlsx "
        "--committee 01 --title … --from dd/mm/yyyy --to dd/mm/yyyy. Dòng lỗi được báo kèm số dòng; "
        "có lỗi thì không nạp gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fixture", default="")
        parser.add_argument("--xlsx", default="")
        parser.add_argument("--committee", default="")
        parser.add_argument("--title", default="")
        parser.add_argument("--from", dest="start", default="")
        parser.add_argument("--to", dest="end", default="")
        parser.add_argument("--authority", default="", help="Căn cứ giao nhiệm vụ (mặc định cho mọi dòng)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["fixture"]:
                result = importer.import_fixture(options["fixture"])
            elif options["xlsx"]:
                result = self._xlsx(options)
            else:
                raise CommandError("Cần --fixture hoặc --xlsx.")
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(
            f"Đã nạp kế hoạch #{result.plan.pk}: {result.sections} mục, {result.tasks} nhiệm vụ "
            f"({result.plan.committee.name})."
        )
        self.stdout.write("Mỗi nhiệm vụ cần chọn cán bộ chịu trách nhiệm (rõ người) trước khi giao.")
        if result.to_complete:
            self.stdout.write(f"Cần bổ sung trước khi giao ({len(result.to_complete)} nhiệm vụ):")
            for line in result.to_complete:
                self.stdout.write(f"  {line}")

    def _xlsx(self, options: dict[str, Any]) -> importer.Result:
        start, end = parse_date(options["start"]), parse_date(options["end"])
        if not (options["committee"] and options["title"] and start and end):
            raise CommandError("Với --xlsx cần --committee, --title, --from và --to (dd/mm/yyyy).")
        path = Path(options["xlsx"])
        if not path.is_file():
            raise CommandError(f"Không thấy tệp {path}.")
        with path.open("rb") as handle:
            rows = importer.read_xlsx(handle)
        meta = {
            "title": options["title"],
            "starts_on": start,
            "ends_on": end,
            "authority": options["authority"],
            "source": path.name,
        }
        return importer.load_rows(get_committee(options["committee"]), meta, rows)
