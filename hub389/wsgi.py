import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub389.settings")
application = get_wsgi_application()
settings.HUB389_VAR_DIR.mkdir(parents=True, exist_ok=True)
