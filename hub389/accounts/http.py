from django.http import HttpRequest

from hub389.accounts.models import User


class AuthedRequest(HttpRequest):
    """The request of a view behind login_required: `user` is a signed-in officer."""

    user: User
