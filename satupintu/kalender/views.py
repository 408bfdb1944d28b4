from datetime import date

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from satupintu.akun.permissions import staff_required

from . import services
from .models import Holiday

# Years the page shows; outside this range the package has no data worth showing and a URL guess gets a 404.
MIN_YEAR, MAX_YEAR = 2000, 2100


@staff_required
def holiday_list(request, year: int | None = None):
    """The year's non-working days, so staff can see why a deadline falls where it does."""
    year = year or timezone.localdate().year
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    admin_dates = set(Holiday.objects.filter(date__year=year).values_list("date", flat=True))
    rows = [
        {"date": d, "name": name, "from_admin": d in admin_dates, "weekend": d.weekday() >= 5}
        for d, name in services.holidays_in(year).items()
    ]
    return render(
        request,
        "kalender/holiday_list.html",
        {"year": year, "rows": rows, "previous_year": year - 1, "next_year": year + 1,
         "working_day_count": services.working_days_between(date(year - 1, 12, 31), date(year, 12, 31))},
    )
