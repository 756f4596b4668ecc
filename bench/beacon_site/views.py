"""The two reference views of the beacon benchmark."""

from django.db.models import F
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from wagtail_analytics.models import ReadTotal


@csrf_exempt
@require_POST
def empty(request):
    """Nothing but Django's request handling and the example project's middleware."""
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def update(request, article_id):
    """One ``UPDATE ... SET views = views + 1`` (autocommit), on a row no beacon touches."""
    ReadTotal.objects.filter(article_id=article_id).update(views=F("views") + 1)
    return HttpResponse(status=204)
