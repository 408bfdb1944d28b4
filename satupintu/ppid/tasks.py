from django_tasks import task


@task()
def flag_late_requests() -> int:
    """Hourly: flag and notify requests whose answer deadline has passed (thin: the service does the work)."""
    from .services import info_request_flag_late

    return info_request_flag_late()
