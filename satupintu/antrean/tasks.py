from django_tasks import task


@task()
def antrean_sweep_task() -> dict:
    """Hourly: the day-before reminders and the release of past bookings never checked in (the service works)."""
    from .services import sweep

    return sweep()
