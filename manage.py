#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub389.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    settings.HUB389_VAR_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file and files live here
    execute_from_command_line(sys.argv)
