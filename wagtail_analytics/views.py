"""HTML views. Thin: the work is done in comments.py and moderation/."""

from django.http import Http404, HttpResponseRedirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .comments import field_errors, live_article, submit_from_request, trusted_user
from .moderation.pipeline import Decision, Verdict


@csrf_exempt  # anonymous posts need no token; a session counts only with one (trusted_user)
@require_POST
def post_comment(request, article_id):
    """The comment form without JavaScript: post, then redirect back with a status.

    A refused comment re-renders the article with the reason and the reader's text in the
    form, so nothing typed is lost.
    """
    article = live_article(article_id)
    if article is None:
        raise Http404
    data = request.POST
    problem = field_errors(data)
    if problem:
        code, message, details = problem
        decision, comment = Decision(Verdict.REFUSE, code, message, details, 422), None
    else:
        decision, comment = submit_from_request(
            request, article, data, trusted_user=trusted_user(request)
        )
    if comment is None or decision.verdict == Verdict.REJECT:
        request.wa_comment_form = {"data": data, "decision": decision}
        response = article.serve(request)
        response.status_code = decision.status
        return response
    state = "published" if comment.status == "published" else "pending"
    anchor = f"wa-comment-{comment.pk}" if state == "published" else "wa-comments"
    response = HttpResponseRedirect(f"{article.get_url(request)}?comment={state}#{anchor}")
    response.status_code = 303  # see other: the browser follows with a GET
    return response
