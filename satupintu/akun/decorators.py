"""View decorators that hand a view its object only after the permission layer has said yes.

The answer when it says no depends on what the user may know (Froide's `foirequest/decorators.py` is the model):
- the object is outside what the user may see -> 404, the same page as for an object that does not exist, so an id,
  a NIK or a tracking code cannot be probed;
- the user may see the object but not do this with it -> 403.

`load(user, value)` is the app's permission-checked selector (it raises Http404 for what the user may not see);
each check is a `can_*` rule of the app's `permissions.py`, called as `check(user, obj)`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .permissions import is_authenticated

Loader = Callable[[Any, Any], Any]
Check = Callable[[Any, Any], bool]


def object_view(load: Loader, *checks: Check, url_kwarg: str = "pk"):
    """Load the object named by the URL keyword `url_kwarg` for `request.user` and pass it to the view in its place.

    With several checks, passing any one is enough (like Froide's `allow_foirequest_if_any`). Anonymous visitors are
    sent to sign in first; nothing about the object is looked up for them."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_authenticated(request.user):
                return redirect_to_login(request.get_full_path())
            obj = load(request.user, kwargs.pop(url_kwarg))
            if checks and not any(check(request.user, obj) for check in checks):
                raise PermissionDenied
            return view(request, obj, *args, **kwargs)

        return wrapper

    return decorator


def rule_required(check: Callable[[Any], bool]):
    """View decorator for pages with no object: sign in first, then `check(user)` (a `can_*` rule) or 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_authenticated(request.user):
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
