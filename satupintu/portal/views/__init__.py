from django.shortcuts import render

from satupintu.akun import twofactor
from satupintu.akun.permissions import staff_required

from ..desk import desk_for
from .public import home

__all__ = ["home", "staff_home"]


@staff_required
def staff_home(request):
    """Each role sees only the work it may open, with the count of what waits (portal/desk.py holds the table)."""
    return render(
        request,
        "portal/staff.html",
        {"desk": desk_for(request.user), "two_factor_on": twofactor.has_device(request.user)},
    )
