from django.apps import AppConfig


class CommitteeConfig(AppConfig):
    name = "hub389.committee"
    verbose_name = "Công tác Ban Chỉ đạo"

    def ready(self) -> None:
        from hub389.committee.services.recommendations import report_table
        from hub389.reports import assemble

        if report_table not in assemble.APPENDICES:
            assemble.APPENDICES.append(report_table)
