"""Background tasks (Django's tasks framework: ``django.tasks`` or the ``django-tasks`` package)."""

try:  # Django 6.0+
    from django.tasks import task
except ImportError:  # Django 5.2 with the django-tasks package (a Wagtail dependency)
    from django_tasks import task


@task()
def flush_reads():
    """Move buffered read counts into the database (a no-op for unbuffered backends)."""
    from .read_counter import get_read_counter

    return get_read_counter().flush()
