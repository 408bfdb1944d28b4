"""The regent's dashboard (/dasbor/): regent and regency administrator only."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from satupintu.akun.decorators import rule_required

from .. import permissions
from ..dashboard import regency_dashboard


def _sparkline(values: list[int], width: int = 240, height: int = 48) -> str:
    """Points of a small line chart drawn as inline SVG by the server: no script on the page."""
    top = max(values) or 1
    step = width / max(1, len(values) - 1)
    return " ".join(f"{round(i * step, 1)},{round(height - 4 - (v / top) * (height - 8), 1)}"
                    for i, v in enumerate(values))


@never_cache
@require_GET
@rule_required(permissions.can_view_dashboard)
def dashboard(request):
    data = regency_dashboard(request.user)
    data["trend"] = [{"label": label, "values": values, "total": sum(values), "points": _sparkline(values),
                      "rows": list(zip(data["months"], values, strict=True))} for label, values in data["trend"]]
    return render(request, "portal/dashboard/index.html", data)
