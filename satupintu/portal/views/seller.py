"""The seller's own page on a phone: the secret link (sent by WhatsApp) lists its products; price and stock are
changed one product at a time. No account, no JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from satupintu.desa.models import Product

from .. import forms, services


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, key):
    seller = services.seller_by_key(key)
    if seller is None:
        raise Http404
    products = list(Product.objects.filter(seller=seller).order_by("name"))
    errors, failed_pk = {}, None
    if request.method == "POST":
        product = next((p for p in products if str(p.pk) == request.POST.get("product", "")), None)
        form = forms.SellerPriceForm(request.POST)
        if product is None:
            messages.error(request, _("Produk tidak ditemukan."))
        elif form.is_valid():
            try:
                services.seller_product_update(seller=seller, product=product, price=form.cleaned_data["price"],
                                               stock=form.cleaned_data["stock"])
            except ValidationError as exc:
                errors, failed_pk = exc.message_dict, product.pk
            else:
                messages.success(request, _("Harga dan stok %(product)s disimpan.") % {"product": product.name})
                return redirect(request.path)
        else:
            errors, failed_pk = {k: [str(e) for e in v] for k, v in form.errors.items()}, product.pk
    response = render(request, "portal/emall/seller.html", {"seller": seller, "products": products,
                                                            "errors": errors, "failed_pk": failed_pk})
    response["Referrer-Policy"] = "no-referrer"  # the secret link must not leak to other sites
    response["X-Robots-Tag"] = "noindex"
    return response
