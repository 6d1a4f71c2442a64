from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tabadul.core.actions import refuse_on_form
from tabadul.core.pagination import paginate
from tabadul.core.shortcuts import found_or_404

from . import selectors, services
from .forms import ChannelFilterForm, ItemForm


def channel_list(request):
    form = ChannelFilterForm(request.GET or None)
    page = paginate(request, selectors.channel_keys(filters=form.filters()))
    page.rows = selectors.channel_rows(page.object_list)
    hubs, programmes = selectors.postable_sources(user=request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "channel/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_post": hubs.exists() or programmes.exists(),
            "my_items": selectors.my_items(user=request.user),
        },
    )


@login_required
def item_create(request):
    hubs, programmes = selectors.postable_sources(user=request.user)
    if not hubs.exists() and not programmes.exists():
        raise PermissionDenied
    form = ItemForm(request.POST or None, hubs=hubs, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_create(actor=request.user, **form.source_values(), **form.values())
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The item is saved."))
            return redirect(reverse("channel:list"))
    return render(request, "channel/form.html", {"form": form, "title": _("Post to the channel")})


@login_required
def item_edit(request, pk):
    item = found_or_404(selectors.item_get, pk=pk)
    if not request.user.has_perm("channel.change_item", item):
        raise PermissionDenied
    form = ItemForm(request.POST or None, instance=item, hubs=(), programmes=())
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(actor=request.user, item=item, **form.values())
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The item is saved."))
            return redirect(reverse("channel:list"))
    return render(request, "channel/form.html", {"form": form, "title": item.title})
