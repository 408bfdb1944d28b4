from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .forms import village_label
from .selectors import village_search


@require_GET
@cache_control(max_age=300, public=True)
def village_autocomplete(request):
    """Village lookup for forms: JSON by default, an HTML list of options for htmx (`HX-Request`).

    Villages are public reference data, so no sign-in is needed; only the deployment's villages are searched."""
    villages = village_search(query=request.GET.get("q", "")[:100])
    if request.headers.get("HX-Request"):
        return render(request, "wilayah/village_options.html", {"villages": villages, "label": village_label})
    return JsonResponse(
        {
            "results": [
                {
                    "code": v.code,
                    "name": v.name,
                    "kind": v.kind,
                    "district": v.district.name,
                    "postal_code": v.postal_code,
                    "label": village_label(v),
                }
                for v in villages
            ]
        }
    )
