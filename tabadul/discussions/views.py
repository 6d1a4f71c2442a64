"""Thin views: parse a form, call a selector or a service, render (docs/discussions.md)."""

from functools import wraps

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tabadul.core.actions import refuse_on_form
from tabadul.core.bidi import sentence
from tabadul.core.confirm import confirm_form, confirmed_action
from tabadul.core.pagination import paginate
from tabadul.core.shortcuts import found_or_404

from . import selectors, services
from .conf import edit_window, posts_per_page
from .forms import EditForm, ModerateForm, ReplyForm, ReportForm, ThreadForm
from .models import Forum, Post, Thread
from .owners import is_forum_member, is_forum_moderator, policy_for_label


class _SignInFirst(Exception):
    """Raised by `_require` for anonymous visitors: they are sent to sign in rather than shown a 403."""


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise _SignInFirst if not request.user.is_authenticated else PermissionDenied


def _handles_login(view):
    """Public forums are read without signing in; anything more sends an anonymous visitor to sign in."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _SignInFirst:
            return redirect_to_login(request.get_full_path())

    return wrapper


def _forum_or_404(slug: str) -> Forum:
    return found_or_404(selectors.forum_get, slug=slug)


def _thread_or_404(pk: int) -> Thread:
    return found_or_404(selectors.thread_get, pk=pk)


def _post_or_404(pk: int) -> Post:
    return get_object_or_404(selectors.posts_with_thread(), pk=pk)


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def forum_list(request):
    forums = selectors.forum_list(user=request.user)
    page = paginate(request, forums)
    return render(
        request,
        "discussions/forum_list.html",
        {
            "page": page,
            "query": _query(request),
            "can_moderate": request.user.is_authenticated and selectors.may_moderate_anything(user=request.user),
        },
    )


@login_required
def owner_forum(request, label: str, pk: int):
    """The forum of a hub, a working group or a twinning group: other apps link here; created on first visit.

    A GET that writes, on purpose: the owner's empty forum, idempotently (docs/security.md;
    core/tests/test_get_writes.py lists it with its reason)."""
    policy = policy_for_label(label)
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404 from None
    if policy is None:
        raise Http404
    owner = get_object_or_404(model, pk=pk)
    forum = selectors.forum_for_owner(owner=owner)
    if forum is None:
        takes_part = policy.is_member(request.user, owner) or policy.is_moderator(request.user, owner)
        if not (takes_part or request.user.has_perm("discussions.add_forum")):
            raise PermissionDenied
        forum = services.forum_ensure(owner=owner)
    return redirect(forum)


@_handles_login
def forum_detail(request, slug: str):
    forum = _forum_or_404(slug)
    _require(request, "discussions.view_forum", forum)
    moderator = is_forum_moderator(request.user, forum)
    page = paginate(request, selectors.thread_list(user=request.user, forum=forum, moderator=moderator))
    return render(
        request,
        "discussions/forum_detail.html",
        {
            "forum": forum,
            "page": page,
            "query": _query(request),
            "can_post": is_forum_member(request.user, forum),
            "is_moderator": moderator,
        },
    )


@_handles_login
def thread_create(request, slug: str):
    forum = _forum_or_404(slug)
    _require(request, "discussions.post_in_forum", forum)
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_start(
                actor=request.user, forum=forum, title=form.cleaned_data["title"], body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("Your thread is started."))
            return redirect(thread)
    return render(request, "discussions/thread_form.html", {"forum": forum, "form": form})


@_handles_login
def thread_detail(request, pk: int):
    thread = _thread_or_404(pk)
    forum = thread.forum
    _require(request, "discussions.view_forum", forum)
    user = request.user
    moderator = is_forum_moderator(user, forum)
    if thread.status != "visible" and not moderator and thread.author_id != user.pk:
        raise Http404
    member = is_forum_member(user, forum)
    page = paginate(
        request,
        selectors.thread_posts(user=user, thread=thread, moderator=moderator),
        per_page=posts_per_page(),
    )
    posts = selectors.annotate_post_actions(page.object_list, user=user, moderator=moderator, member=member)
    return render(
        request,
        "discussions/thread_detail.html",
        {
            "thread": thread,
            "forum": forum,
            "page": page,
            "posts": posts,
            "query": _query(request),
            "can_reply": member and (thread.status == "visible" or moderator),
            "is_moderator": moderator,
            "reply_form": ReplyForm(),
        },
    )


def _reply_to(request, thread: Thread) -> Post | None:
    """The post a reply answers (`?reply_to=` on the form's address): a visible post of the same thread."""
    value = request.POST.get("reply_to") or request.GET.get("reply_to") or ""
    if not value.isdigit():
        return None
    return selectors.visible_post(thread=thread, pk=int(value))


@_handles_login
def reply_create(request, pk: int):
    thread = _thread_or_404(pk)
    _require(request, "discussions.post_in_forum", thread.forum)
    reply_to = _reply_to(request, thread)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_reply(
                actor=request.user, thread=thread, body=form.cleaned_data["body"], reply_to=reply_to
            )
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("Your reply is posted."))
            count = selectors.thread_posts(user=request.user, thread=thread).count()
            last_page = (count - 1) // posts_per_page() + 1
            return redirect(f"{thread.get_absolute_url()}?page={last_page}#post-{post.pk}")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "discussions/reply_form.html", {"thread": thread, "form": form, "reply_to": reply_to}, status=status
    )


@_handles_login
def post_edit(request, pk: int):
    post = _post_or_404(pk)
    _require(request, "discussions.edit_post", post)
    initial = {"body": post.body, "title": post.thread.title}
    form = EditForm(request.POST or None, initial=initial, with_title=post.is_opening)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(
                actor=request.user, post=post, body=form.cleaned_data["body"], title=form.cleaned_data.get("title")
            )
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(post.get_absolute_url())
    minutes = int(edit_window().total_seconds() // 60)
    return render(request, "discussions/post_edit.html", {"post": post, "form": form, "edit_minutes": minutes})


@_handles_login
def post_report(request, pk: int):
    post = _post_or_404(pk)
    _require(request, "discussions.report_post", post)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_report(
                actor=request.user, post=post, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("Thank you. The moderators will look at this post."))
            return redirect(post.thread)
    return render(request, "discussions/post_report.html", {"post": post, "form": form})


@login_required
def moderation_queue(request):
    if not selectors.may_moderate_anything(user=request.user):
        raise PermissionDenied
    page = paginate(request, selectors.moderation_queue(user=request.user))
    return render(request, "discussions/moderation_queue.html", {"page": page, "query": _query(request)})


def _back_after_moderation(request, post: Post) -> str:
    if (request.POST.get("next") or request.GET.get("next")) == "thread":
        return post.get_absolute_url()
    return reverse("discussions:moderation_queue")


def _remove_confirmation(request, post: Post):
    """Removing a post hides it from everyone but its author and the moderators, for good: a page that says so
    and asks the moderator why (the reason is kept in the audit trail)."""
    form = confirm_form(request, reason_required=True)
    return confirmed_action(
        request,
        form,
        act=lambda: services.post_moderate(
            actor=request.user, post=post, action="remove", reason=form.cleaned_data["reason"]
        ),
        done=_("The post is removed."),
        then=_back_after_moderation(request, post),
        page=lambda: {
            "title": _("Remove this post?"),
            "consequences": [
                sentence(
                    _(
                        "The post by %(author)s in “%(thread)s” is hidden from everyone but its author and the "
                        "moderators."
                    ),
                    author=post.author.display_name,
                    thread=post.thread.title,
                ),
                _("Its open reports are closed."),
                _("Your reason is kept in the audit trail with your name."),
            ]
            + ([_("It opens the thread: the whole thread is hidden from the forum.")] if post.is_opening else []),
            "confirm_label": _("Remove the post"),
            "cancel_url": _back_after_moderation(request, post),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_remove(request, pk: int):
    post = _post_or_404(pk)
    _require(request, "discussions.moderate_post", post)
    return _remove_confirmation(request, post)


@login_required
@require_POST
def post_moderate(request, pk: int):
    """Restore a post at once; removing it goes through the confirmation page (`post_remove`), with a reason."""
    post = _post_or_404(pk)
    _require(request, "discussions.moderate_post", post)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to restore or remove the post."))
        return redirect("discussions:moderation_queue")
    if form.cleaned_data["action"] == "remove":
        url = reverse("discussions:post_remove", args=[post.pk])
        return redirect(f"{url}?next=thread" if request.POST.get("next") == "thread" else url)
    services.post_moderate(actor=request.user, post=post, action="restore")
    messages.success(request, _("The post is visible again."))
    return redirect(_back_after_moderation(request, post))
